import { workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { CN_MAINLAND_CALENDAR, MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import { playbookTemplateSchema, type PlaybookTemplate } from '../../domain/launch/template';
import { applyLaunchAction } from '../../domain/launch/actions';
import { createLaunchState } from '../../domain/launch/create';
import { refreshStatuses } from '../../domain/launch/transitions';
import type { LaunchInput, LaunchState } from '../../domain/launch/types';
import { whatIf, WhatIfError, type WhatIfChange, type WhatIfResult } from '../../domain/launch/what-if';
import { earliestAnchor } from '../../domain/launch/schedule';
import { LAUNCH_READINESS_TEMPLATE } from '../../domain/launch/shipped-template';
import { launchInput } from '../helpers/launch-fixtures';

const MON_FRI = { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) };
const CN_MAINLAND = { key: 'cn-mainland', definition: businessCalendarSchema.parse(CN_MAINLAND_CALENDAR) };

/**
 * brief -> design -> build (business days), brief -> docs -> training; the gate needs all
 * five, and follow-up opens only after the gate says go.
 */
const SMALL = playbookTemplateSchema.parse({
  key: 'small',
  name: 'Small launch',
  playbook: 'launch-readiness',
  anchor: 'launchDate',
  phases: [
    { key: 'prep', title: 'Preparation' },
    { key: 'after', title: 'After launch', opensAfterGate: 'go' },
  ],
  items: [
    { key: 'brief', title: 'Brief', phase: 'prep', ownerRole: 'product_manager', due: { days: -20 } },
    {
      key: 'design',
      title: 'Design',
      phase: 'prep',
      ownerRole: 'product_manager',
      dependsOn: ['brief'],
      due: { days: -10 },
    },
    {
      key: 'build',
      title: 'Build',
      phase: 'prep',
      ownerRole: 'presales',
      dependsOn: ['design'],
      due: { days: -5, unit: 'business-days' },
    },
    { key: 'docs', title: 'Docs', phase: 'prep', ownerRole: 'ops_manager', dependsOn: ['brief'], due: { days: -7 } },
    {
      key: 'training',
      title: 'Training',
      phase: 'prep',
      ownerRole: 'customer_service',
      dependsOn: ['docs'],
      due: { days: -3 },
    },
    { key: 'follow-up', title: 'Follow-up', phase: 'after', ownerRole: 'ops_manager', due: { days: 14 } },
  ],
  gates: [
    {
      key: 'go',
      title: 'Go / no-go',
      due: { days: -2 },
      requiredItems: ['brief', 'design', 'build', 'docs', 'training'],
    },
  ],
});

const TODAY = '2026-02-02';
const NOW = new Date(`${TODAY}T09:00:00Z`);

/** The shared fixture's run input (owners pat, priya, olga), with this file's template and calendar. */
function runInput(definition: PlaybookTemplate, launchDate: string, calendar = MON_FRI): LaunchInput {
  return launchInput({ launchId: 'L-1', launchDate, template: { version: 1, definition }, calendar });
}

/** A run with `done` finished, as the workflow would hold it. */
function running(input: LaunchInput, done: string[], now = NOW): LaunchState {
  const state = createLaunchState(input, now);
  for (const key of done) state.items.find((item) => item.key === key)!.status = 'done';
  refreshStatuses(state, input.template.definition);
  return state;
}

const byKey = <T extends { key: string }>(rows: T[]) => Object.fromEntries(rows.map((row) => [row.key, row]));
const dueDates = (result: WhatIfResult) => Object.fromEntries(result.items.map((item) => [item.key, item.newDueDate]));

function problemsOf(run: () => unknown): WhatIfError['problems'] {
  try {
    run();
  } catch (error) {
    if (error instanceof WhatIfError) return error.problems;
    throw error;
  }
  throw new Error('expected a WhatIfError');
}

describe('whatIf: moving the launch date', () => {
  // Launch Monday 2 March 2026; brief is done.
  const input = runInput(SMALL, '2026-03-02');
  const state = running(input, ['brief']);

  it('starts from the run as it is', () => {
    const result = whatIf(state, input, {}, TODAY);
    expect(result.launchDate).toBe('2026-03-02');
    expect(dueDates(result)).toEqual({
      brief: '2026-02-10',
      design: '2026-02-20',
      build: '2026-02-23',
      docs: '2026-02-23',
      training: '2026-02-27',
      'follow-up': '2026-03-16',
    });
    expect(result.items.every((item) => item.newDueDate === item.dueDate)).toBe(true);
    expect(result.newlyOverdue).toEqual([]);
    expect(byKey(result.items)['design']).toMatchObject({
      status: 'ready',
      ownerRole: 'product_manager',
      assignee: 'pat',
      projectedFinish: TODAY,
    });
    expect(byKey(result.items)['brief']).toMatchObject({
      status: 'done',
      assignee: 'pat',
      projectedFinish: null,
      wouldBeOverdue: false,
    });
    expect(byKey(result.items)['training']).toMatchObject({ ownerRole: 'customer_service', assignee: null });
  });

  it('moves every due date, calendar days straight and business days over the weekend', () => {
    const result = whatIf(state, input, { launchDate: '2026-03-09' }, TODAY);
    expect(result).toMatchObject({ currentLaunchDate: '2026-03-02', launchDate: '2026-03-09' });
    expect(dueDates(result)).toEqual({
      brief: '2026-02-17',
      design: '2026-02-27',
      // Five working days before Monday 9 March: Monday 2 March, over the weekend.
      build: '2026-03-02',
      docs: '2026-03-02',
      training: '2026-03-06',
      'follow-up': '2026-03-23',
    });
    expect(byKey(result.items)['design']!.dueDate).toBe('2026-02-20');
    expect(result.gates).toEqual([
      expect.objectContaining({ key: 'go', dueDate: '2026-02-28', newDueDate: '2026-03-07' }),
    ]);
  });

  it('agrees with what changing the launch date would actually do', () => {
    const result = whatIf(state, input, { launchDate: '2026-04-15' }, TODAY);
    const changed = structuredClone(state);
    const context = { input, calendar: workingDays(MON_FRI.definition), now: NOW };
    applyLaunchAction(
      changed,
      { action: { type: 'change-launch-date', launchDate: '2026-04-15', reason: 'test' }, actor: 'olga' },
      context,
    );
    expect(dueDates(result)).toEqual(Object.fromEntries(changed.items.map((item) => [item.key, item.dueDate])));
    expect(result.gates.map((gate) => gate.newDueDate)).toEqual(changed.gates.map((gate) => gate.dueDate));
  });

  it('counts business days on the run calendar, across Spring Festival and its worked Saturday', () => {
    const cnInput = runInput(SMALL, '2026-03-06', CN_MAINLAND);
    const cnState = running(cnInput, ['brief']);
    // Five working days before Friday 6 March ends on Saturday 28 February, a worked day.
    expect(byKey(cnState.items)['build']!.dueDate).toBe('2026-02-28');
    const result = whatIf(cnState, cnInput, { launchDate: '2026-02-27' }, TODAY);
    // 26, 25, 24 February, back over Spring Festival (15-23 February) to Saturday the 14th (worked), then Friday the 13th.
    expect(byKey(result.items)['build']).toMatchObject({ dueDate: '2026-02-28', newDueDate: '2026-02-13' });
    expect(byKey(result.items)['design']).toMatchObject({ dueDate: '2026-02-24', newDueDate: '2026-02-17' });
    expect(result.gates[0]).toMatchObject({ dueDate: '2026-03-04', newDueDate: '2026-02-25' });
    // The same move on a Monday-to-Friday calendar lands on 20 February.
    const monFriInput = runInput(SMALL, '2026-03-06');
    const monFri = whatIf(running(monFriInput, ['brief']), monFriInput, { launchDate: '2026-02-27' }, TODAY);
    expect(byKey(monFri.items)['build']).toMatchObject({ dueDate: '2026-02-27', newDueDate: '2026-02-20' });
  });

  it('never judges items behind an undecided gate, but still moves them', () => {
    // Three weeks after the launch everything open is late, except what waits for the go.
    const late = whatIf(state, input, {}, '2026-03-20');
    expect(byKey(late.items)['follow-up']).toMatchObject({
      behindGate: 'go',
      wouldBeOverdue: false,
      becomesOverdue: false,
    });
    expect(byKey(late.items)['training']).toMatchObject({
      behindGate: null,
      wouldBeOverdue: true,
      becomesOverdue: false,
    });
    expect(late.newlyOverdue).toEqual([]);
    expect(late.criticalPath.map((step) => step.key)).not.toContain('follow-up');
    expect(byKey(whatIf(state, input, { launchDate: '2026-03-09' }, TODAY).items)['follow-up']!.newDueDate).toBe(
      '2026-03-23',
    );
  });

  it('flags items a launch date pulled forward makes late', () => {
    const result = whatIf(state, input, { launchDate: '2026-02-10' }, TODAY);
    // design is due 31 January, docs 3 February, build 3 February; all are still open today.
    expect(byKey(result.items)['design']).toMatchObject({
      newDueDate: '2026-01-31',
      wouldBeOverdue: true,
      becomesOverdue: true,
    });
    expect(result.newlyOverdue).toEqual(['design']);
  });
});

describe('whatIf: slips', () => {
  const input = runInput(SMALL, '2026-03-02');
  const state = running(input, ['brief']);

  it('carries a slip to every dependant and flags what it makes late', () => {
    const result = whatIf(state, input, { slips: [{ itemKey: 'design', to: '2026-02-24' }] }, TODAY);
    const items = byKey(result.items);
    expect(items['design']).toMatchObject({
      dueDate: '2026-02-20',
      projectedFinish: '2026-02-24',
      wouldBeOverdue: true,
      becomesOverdue: true,
    });
    // build waits on design: the working day after it.
    expect(items['build']).toMatchObject({
      dueDate: '2026-02-23',
      projectedFinish: '2026-02-25',
      wouldBeOverdue: true,
      becomesOverdue: true,
    });
    expect(items['docs']).toMatchObject({ projectedFinish: TODAY, wouldBeOverdue: false });
    expect(items['training']).toMatchObject({ projectedFinish: '2026-02-03', wouldBeOverdue: false });
    expect(result.newlyOverdue).toEqual(['design', 'build']);
    expect(result.gates).toEqual([
      {
        key: 'go',
        title: 'Go / no-go',
        dueDate: '2026-02-28',
        newDueDate: '2026-02-28',
        decision: null,
        openItems: ['design', 'build', 'docs', 'training'],
        // design and build are projected past their own due dates, so the gate that waits on them is at risk too.
        atRisk: true,
        projectedReadyDate: '2026-02-25',
        slackDays: -4,
      },
    ]);
  });

  it('puts the gate at risk when a required item is projected past its due date', () => {
    // Sunday 1 March is no working day: design lands on Monday the 2nd, build on Tuesday the 3rd.
    const result = whatIf(state, input, { slips: [{ itemKey: 'design', to: '2026-03-01' }] }, TODAY);
    expect(result.gates[0]).toMatchObject({ atRisk: true, projectedReadyDate: '2026-03-03' });
    expect(byKey(result.items)['build']!.projectedFinish).toBe('2026-03-03');
  });

  it('does not call an item newly late when it already is', () => {
    const result = whatIf(state, input, { slips: [{ itemKey: 'training', to: '2026-02-28' }] }, '2026-02-25');
    // design (20 February), build and docs (23 February) are late anyway; training (27 February) only because of the slip.
    expect(result.items.filter((item) => item.wouldBeOverdue).map((item) => item.key)).toEqual([
      'design',
      'build',
      'docs',
      'training',
    ]);
    expect(result.newlyOverdue).toEqual(['training']);
  });

  it('takes the dependency chain with the least slack for the critical path', () => {
    const slipped = whatIf(state, input, { slips: [{ itemKey: 'design', to: '2026-02-24' }] }, TODAY);
    expect(slipped.criticalPathGate).toBe('go');
    expect(slipped.criticalPath).toEqual([
      {
        key: 'design',
        title: 'Design',
        dueDate: '2026-02-20',
        projectedFinish: '2026-02-24',
        latestFinish: '2026-02-20',
        slackDays: -4,
      },
      {
        key: 'build',
        title: 'Build',
        dueDate: '2026-02-23',
        projectedFinish: '2026-02-25',
        latestFinish: '2026-02-23',
        slackDays: -2,
      },
    ]);

    const docsLate = whatIf(state, input, { slips: [{ itemKey: 'docs', to: '2026-02-25' }] }, TODAY);
    expect(
      docsLate.criticalPath.map((step) => [step.key, step.projectedFinish, step.latestFinish, step.slackDays]),
    ).toEqual([
      ['docs', '2026-02-25', '2026-02-23', -2],
      ['training', '2026-02-26', '2026-02-27', 1],
    ]);
  });

  it('keeps the whole chain whose least slack is least', () => {
    // design -> build has 18 days at its tightest, docs -> training 21.
    expect(whatIf(state, input, {}, TODAY).criticalPath.map((step) => [step.key, step.slackDays])).toEqual([
      ['design', 18],
      ['build', 20],
    ]);
  });

  it('has no critical path once the gate has nothing open', () => {
    const ready = running(input, ['brief', 'design', 'build', 'docs', 'training']);
    const result = whatIf(ready, input, {}, TODAY);
    expect(result).toMatchObject({
      criticalPathGate: null,
      criticalPath: [],
      earliestLaunchDate: { date: TODAY, decidingItem: null },
    });
    expect(result.gates[0]).toMatchObject({ openItems: [], atRisk: false, projectedReadyDate: TODAY });
  });
});

describe('whatIf: earliest launch date', () => {
  const input = runInput(SMALL, '2026-03-02');
  const state = running(input, ['brief']);
  const gated = ['design', 'build', 'docs', 'training'];
  const slip: WhatIfChange['slips'] = [{ itemKey: 'design', to: '2026-02-24' }];

  it('is what earliestAnchor says when nothing slips', () => {
    const result = whatIf(state, input, {}, TODAY);
    const expected = earliestAnchor(SMALL, workingDays(MON_FRI.definition), { done: new Set(['brief']), today: TODAY });
    expect(expected).toEqual({ anchor: '2026-02-12', decidingItem: 'design' });
    expect(result.earliestLaunchDate).toEqual({ date: '2026-02-12', decidingItem: 'design' });
  });

  it('is decided by the slipped item and is tight', () => {
    const result = whatIf(state, input, { slips: slip }, TODAY);
    // design is due ten days before the launch and finishes on 24 February.
    expect(result.earliestLaunchDate).toEqual({ date: '2026-03-06', decidingItem: 'design' });

    const atEarliest = whatIf(state, input, { launchDate: '2026-03-06', slips: slip }, TODAY);
    expect(atEarliest.items.filter((item) => gated.includes(item.key) && item.wouldBeOverdue)).toEqual([]);
    const dayBefore = whatIf(state, input, { launchDate: '2026-03-05', slips: slip }, TODAY);
    expect(dayBefore.items.filter((item) => item.wouldBeOverdue).map((item) => item.key)).toEqual(['design']);
  });

  it('does not depend on the launch date asked about', () => {
    const one = whatIf(state, input, { slips: slip }, TODAY).earliestLaunchDate;
    expect(whatIf(state, input, { launchDate: '2026-05-01', slips: slip }, TODAY).earliestLaunchDate).toEqual(one);
  });

  it('is null when no launch date within ten years works', () => {
    expect(
      whatIf(state, input, { slips: [{ itemKey: 'build', to: '2040-01-01' }] }, TODAY).earliestLaunchDate,
    ).toBeNull();
  });
});

describe('whatIf: purity and validation', () => {
  const input = runInput(SMALL, '2026-03-02');
  const state = running(input, ['brief']);

  it('changes nothing in the run', () => {
    const before = structuredClone(state);
    whatIf(
      state,
      input,
      {
        launchDate: '2026-04-01',
        slips: [
          { itemKey: 'design', to: '2026-03-01' },
          { itemKey: 'docs', to: '2026-02-25' },
        ],
      },
      TODAY,
    );
    whatIf(state, input, {}, '2026-03-20');
    expect(state).toEqual(before);
  });

  it('rejects unknown, settled and past slips and a past launch date, naming each culprit', () => {
    const problems = problemsOf(() =>
      whatIf(
        state,
        input,
        {
          launchDate: '2026-01-15',
          slips: [
            { itemKey: 'nope', to: '2026-02-10' },
            { itemKey: 'brief', to: '2026-02-10' },
            { itemKey: 'design', to: '2026-01-30' },
            { itemKey: 'docs', to: '2026-02-31' },
            { itemKey: 'design', to: '2026-02-10' },
          ],
        },
        TODAY,
      ),
    );
    expect(problems).toEqual([
      { path: 'launchDate', message: 'The launch date 2026-01-15 is in the past (today is 2026-02-02)' },
      { path: 'slips.0.itemKey', message: 'Launch L-1 has no checklist item "nope"' },
      { path: 'slips.1.itemKey', message: 'Item "brief" is already done; only an open item can slip' },
      {
        path: 'slips.2.to',
        message: 'Item "design" cannot slip to 2026-01-30, which is in the past (today is 2026-02-02)',
      },
      { path: 'slips.3.to', message: '"2026-02-31" (slip of "docs") is not a YYYY-MM-DD date' },
      { path: 'slips.4.itemKey', message: 'Item "design" is slipped twice' },
    ]);
  });

  it('throws a WhatIfError whose message lists the problems', () => {
    expect(() => whatIf(state, input, { slips: [{ itemKey: 'nope', to: TODAY }] }, TODAY)).toThrow(WhatIfError);
    expect(() => whatIf(state, input, { slips: [{ itemKey: 'nope', to: TODAY }] }, TODAY)).toThrow(
      /no checklist item "nope"/,
    );
  });

  it('refuses a run that is over, and a new launch date once launched', () => {
    expect(problemsOf(() => whatIf({ ...state, status: 'cancelled' }, input, {}, TODAY))).toEqual([
      { path: '', message: 'Launch L-1 is cancelled; there is nothing left to schedule' },
    ]);
    expect(
      problemsOf(() => whatIf({ ...state, status: 'launched' }, input, { launchDate: '2026-04-01' }, TODAY)),
    ).toEqual([{ path: 'launchDate', message: 'Launch L-1 has launched; its launch date is history' }]);
  });
});

describe('whatIf on the shipped launch-readiness template', () => {
  const template = playbookTemplateSchema.parse(LAUNCH_READINESS_TEMPLATE);
  const input = runInput(template, '2026-11-30');
  const today = '2026-10-20';
  const state = running(input, ['demand-research', 'scenario-positioning'], new Date(`${today}T08:00:00Z`));
  const slip = [{ itemKey: 'sales-process', to: '2026-11-10' }];

  it('agrees with the template preview when nothing slips', () => {
    const result = whatIf(state, input, {}, today);
    const preview = earliestAnchor(template, workingDays(MON_FRI.definition), {
      done: new Set(['demand-research', 'scenario-positioning']),
      today,
    });
    expect(result.earliestLaunchDate).toEqual({ date: preview!.anchor, decidingItem: preview!.decidingItem });
    expect(result.earliestLaunchDate).toEqual({ date: '2026-12-01', decidingItem: 'sales-process' });
  });

  it('follows a slip through the dependants, to the gate and the earliest launch date', () => {
    const result = whatIf(state, input, { slips: slip }, today);
    const items = byKey(result.items);
    // sales-process was due 19 October, already late; sales-tools (2 November) and poc-experience (9 November) wait for it.
    expect(items['sales-process']).toMatchObject({ wouldBeOverdue: true, becomesOverdue: false });
    expect(result.newlyOverdue).toEqual(['sales-tools', 'poc-experience']);
    // The walk's contradiction: the gate said "not at risk" beside a launch that had to move.
    expect(result.gates[0]).toMatchObject({
      key: 'go-no-go',
      newDueDate: '2026-11-27',
      atRisk: true,
      projectedReadyDate: '2026-11-11',
    });
    expect(result.criticalPath).toEqual([
      {
        key: 'sales-process',
        title: 'Sales process initialisation',
        dueDate: '2026-10-19',
        projectedFinish: '2026-11-10',
        latestFinish: '2026-10-19',
        slackDays: -22,
      },
      {
        key: 'sales-tools',
        title: 'Sales tools',
        dueDate: '2026-11-02',
        projectedFinish: '2026-11-11',
        latestFinish: '2026-11-02',
        slackDays: -9,
      },
    ]);
    // Six weeks after 10 November.
    expect(result.earliestLaunchDate).toEqual({ date: '2026-12-22', decidingItem: 'sales-process' });
    const gatedKeys = new Set(template.gates[0]!.requiredItems);
    const lateAt = (launchDate: string) =>
      whatIf(state, input, { launchDate, slips: slip }, today)
        .items.filter((item) => gatedKeys.has(item.key) && item.wouldBeOverdue)
        .map((item) => item.key);
    expect(lateAt('2026-12-22')).toEqual([]);
    expect(lateAt('2026-12-21')).toEqual(['sales-process']);
  });

  it('leaves the penetration stage out of the judgments but moves it with the launch', () => {
    const result = whatIf(state, input, { launchDate: '2027-01-11' }, today);
    const penetration = result.items.filter((item) => item.behindGate === 'go-no-go');
    expect(penetration.map((item) => item.key)).toEqual([
      'internal-brand',
      'external-brand',
      'data-review',
      'policy-watch',
      'big-project-breakthrough',
      'case-studies',
    ]);
    expect(penetration.every((item) => !item.wouldBeOverdue && item.newDueDate > item.dueDate)).toBe(true);
    expect(byKey(result.items)['internal-brand']!.newDueDate).toBe('2027-01-25');
  });
});

describe('one schedule model (newcomer walk 1)', () => {
  const template = playbookTemplateSchema.parse(LAUNCH_READINESS_TEMPLATE);
  const input = runInput(template, '2026-11-30');
  const today = '2026-10-20';
  const state = running(input, ['demand-research', 'scenario-positioning'], new Date(`${today}T08:00:00Z`));

  it('never projects blocked work to finish today', () => {
    const small = runInput(SMALL, '2026-03-02');
    const result = whatIf(running(small, ['brief']), small, {}, TODAY);
    // Monday 2 February: design and docs can finish today, what waits on them the next working day,
    // and the follow-up behind the gate the working day after the gate is ready.
    expect(Object.fromEntries(result.items.map((item) => [item.key, item.projectedFinish]))).toEqual({
      brief: null,
      design: TODAY,
      docs: TODAY,
      build: '2026-02-03',
      training: '2026-02-03',
      'follow-up': '2026-02-04',
    });
    // A Friday's dependants finish on Monday.
    const friday = whatIf(running(small, ['brief']), small, {}, '2026-02-06');
    expect(byKey(friday.items)['build']!.projectedFinish).toBe('2026-02-09');
  });

  it('calls the gate at risk exactly when the earliest launch date is after the planned one', () => {
    const slip = [{ itemKey: 'sales-process', to: '2026-11-10' }];
    const result = whatIf(state, input, { slips: slip }, today);
    expect(result.atRisk).toBe(true);
    expect(result.gates[0]).toMatchObject({ key: 'go-no-go', atRisk: true });
    expect(result.earliestLaunchDate!.date > result.launchDate).toBe(true);
    const least = Math.min(...result.criticalPath.map((step) => step.slackDays));
    expect(result.gates[0]!.slackDays).toBe(least);
    expect(result.criticalPath[0]!.key).toBe('sales-process');
    for (const step of result.criticalPath)
      expect(byKey(result.items)[step.key]).toMatchObject({
        projectedFinish: step.projectedFinish,
        latestFinish: step.latestFinish,
        slackDays: step.slackDays,
      });
    for (const launchDate of ['2026-11-30', '2026-12-15', '2026-12-31', '2027-01-11', '2027-02-01']) {
      const moved = whatIf(state, input, { launchDate, slips: slip }, today);
      expect([launchDate, moved.atRisk]).toEqual([launchDate, moved.earliestLaunchDate!.date > launchDate]);
      expect(moved.earliestLaunchDate).toEqual(result.earliestLaunchDate);
    }
  });

  it('puts a run with every gate item open and weeks overdue at risk with negative slack', () => {
    const late = running(runInput(template, '2026-11-06'), [], new Date(`${today}T08:00:00Z`));
    const result = whatIf(late, runInput(template, '2026-11-06'), {}, today);
    expect(result.atRisk).toBe(true);
    expect(result.gates[0]!.slackDays).toBeLessThan(0);
    expect(
      result.criticalPath.every(
        (step, index, path) => index === 0 || step.projectedFinish > path[index - 1]!.projectedFinish,
      ),
    ).toBe(true);
  });
});
