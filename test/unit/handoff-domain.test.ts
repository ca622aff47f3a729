import type { Role } from '../../domain/shared/roles';
import { wordText } from '../../domain/shared/text';
import { HANDOFF_TEXT } from '../../domain/handoff/text';
import { workingDays } from '../../domain/shared/business-calendar';
import {
  applyHandoffAction,
  handoffActionRejection,
  recordRenewalStart,
  type HandoffAction,
  type HandoffRejection,
} from '../../domain/handoff/actions';
import { fireHandoffAlarms, msUntilNextHandoffAlarm, pendingHandoffAlarms } from '../../domain/handoff/alarms';
import { createHandoffState, handoffInputProblems } from '../../domain/handoff/create';
import { handoffProjectionOf } from '../../domain/handoff/projection';
import { businessDaysBetween, DEFAULT_MILESTONES, isFinished } from '../../domain/handoff/transitions';
import type { DeliveryHandoffInput, HandoffState, HandoffTimelineEventType } from '../../domain/handoff/types';
import { handoffWorkflowId } from '../../domain/shared/lifecycle';
import { completePackage, FIXTURE_HANDOVER, FIXTURE_SIGN_OFF, handoffInput } from '../helpers/handoff-fixtures';

/**
 * The handoff used throughout: started Thursday 2026-03-05 09:00 UTC on mon-fri; sales owe the
 * package in 3 business days (Tuesday 2026-03-10); the target go-live is Tuesday 2026-06-30.
 */
const STARTED = new Date('2026-03-05T09:00:00Z');
const GO_LIVE = '2026-06-30';
const input = handoffInput();
const calendar = workingDays(input.start.calendar.definition);
const context = (now: Date) => ({ now, calendar, pinnedCalendar: input.start.calendar });
const day = (date: string, time = '09:00:00') => new Date(`${date}T${time}Z`);

function rejection(
  state: HandoffState,
  action: HandoffAction,
  now = STARTED,
  expectedSeq?: number,
): Omit<HandoffRejection, 'text'> | undefined {
  const refused = handoffActionRejection(
    state,
    { action, actor: 'pia', ...(expectedSeq === undefined ? {} : { expectedSeq }) },
    context(now),
  );
  if (!refused) return undefined;
  const { text, ...rest } = refused;
  // The catalog text is the same refusal: worded in English it is the message the API has always sent.
  expect(wordText(HANDOFF_TEXT, text, 'en')).toBe(rest.message);
  return rest;
}

function act(state: HandoffState, action: HandoffAction, actor: string, now: Date): HandoffState {
  const refused = handoffActionRejection(state, { action, actor }, context(now));
  if (refused) throw new Error(`refused: ${refused.kind}: ${refused.message}`);
  applyHandoffAction(state, { action, actor }, context(now));
  return state;
}

const events = (state: HandoffState, type: HandoffTimelineEventType) =>
  state.timeline.filter((event) => event.type === type);
const fire = (state: HandoffState, now: Date) => fireHandoffAlarms(state, calendar, now);
const started = (handoff: DeliveryHandoffInput = input) => createHandoffState(handoff, calendar, STARTED);

/** The package completed and submitted on Friday 2026-03-06. */
function submitted(): HandoffState {
  const state = act(started(), completePackage(GO_LIVE), 'sam', day('2026-03-05', '15:00:00'));
  return act(state, { type: 'submit' }, 'sam', day('2026-03-06'));
}

/** Accepted Monday 2026-03-09, kicked off Monday 2026-03-16. */
function kickedOff(): HandoffState {
  const state = act(submitted(), { type: 'accept' }, 'pia', day('2026-03-09'));
  return act(
    state,
    { type: 'kickoff', kickoffDate: '2026-03-16', assignees: { 'spec-confirmed': 'priya' } },
    'pia',
    day('2026-03-16'),
  );
}

const milestone = (state: HandoffState, key: string) => state.milestones.find((each) => each.key === key)!;

describe('starting a delivery handoff', () => {
  it('keys the workflow by account and opportunity', () => {
    expect(handoffWorkflowId('acme', 'OPP-1')).toBe('handoff:acme:OPP-1');
    expect(started().handoffId).toBe('handoff:acme:OPP-1');
  });

  it('accepts the fixture and names every field at fault in a bad start', () => {
    expect(handoffInputProblems(input)).toEqual([]);
    const bad = handoffInput({
      prefill: { targetGoLive: '2026-02-30' },
      rules: {
        reviewSla: { days: 0, unit: 'business-days' },
        milestoneEscalationAfter: 0,
        milestones: [DEFAULT_MILESTONES[4]!, { ...DEFAULT_MILESTONES[0]!, ownerRole: 'ceo' as never }],
      },
    });
    bad.start.account = ' ';
    bad.start.amount = -5;
    expect(handoffInputProblems(bad)).toEqual([
      'start.account is required',
      'start.amount must be a number of at least 0',
      'start.prefill.targetGoLive must be a YYYY-MM-DD date, not "2026-02-30"',
      'rules.reviewSla.days must be a whole number of at least 1',
      'rules.milestoneEscalationAfter must be a whole number of at least 1',
      'rules.milestones[1].ownerRole must be one of ops_manager, regional_ops, project_manager, sales, presales, customer_success, product_manager, customer_service, admin, read_only, not "ceo"',
      'rules.milestones must end with the one milestone that needs the customer sign-off',
    ]);
  });

  it('starts with the pre-filled items provided, the rest missing, and the package due in 3 business days', () => {
    const state = started();
    expect(state.stage).toBe('package_pending');
    expect(state.packageItems.map((item) => [item.key, item.status, item.prefilled ?? false])).toEqual([
      ['contract', 'missing', false],
      ['scope', 'missing', false],
      ['stakeholders', 'missing', false],
      ['requirements', 'provided', true],
      ['commitments', 'provided', true],
      ['known-risks', 'missing', false],
      ['target-go-live', 'missing', false],
    ]);
    expect(state.sla).toMatchObject({ kind: 'package', round: 1, dueDate: '2026-03-10', overdue: false });
    expect(state.timeline[0]).toMatchObject({
      type: 'handoff.started',
      notify: { role: 'sales', person: 'sam' },
      after: { missing: ['contract', 'scope', 'stakeholders', 'known-risks', 'target-go-live'] },
    });
  });
});

describe('the handoff package', () => {
  it('takes items as text or links, a stakeholder map and a go-live date, refusing what is not a package item', () => {
    const state = started();
    expect(rejection(state, { type: 'update-package', items: [{ key: 'budget', text: 'x' }] })).toEqual({
      kind: 'unknown-item',
      message:
        '"budget" is not a package item (items given as text or a link: contract, scope, requirements, commitments, known-risks)',
    });
    expect(rejection(state, { type: 'update-package', items: [{ key: 'stakeholders', text: 'x' }] })?.kind).toBe(
      'unknown-item',
    );
    expect(rejection(state, { type: 'update-package', items: [{ key: 'contract', text: ' ' }] })).toEqual({
      kind: 'evidence-required',
      message: 'Package item "contract" needs its text or a link',
    });
    expect(rejection(state, { type: 'update-package' })?.kind).toBe('evidence-required');
    expect(rejection(state, { type: 'update-package', targetGoLive: '2026-13-01' })?.kind).toBe('invalid-date');
    expect(rejection(state, { type: 'update-package', targetGoLive: '2026-03-05' })).toEqual({
      kind: 'invalid-date',
      message: 'The target go-live must be after today (2026-03-05), not 2026-03-05',
    });

    // A map without a manager leaves the stakeholders missing, and submitting names the gap.
    act(
      state,
      {
        type: 'update-package',
        items: [{ key: 'contract', link: 'https://crm.example/c.pdf' }],
        stakeholders: [{ name: 'Dana', role: 'decision_maker', contact: 'dana@acme.example' }],
      },
      'sam',
      day('2026-03-05', '10:00:00'),
    );
    expect(state.packageItems.find((item) => item.key === 'stakeholders')?.status).toBe('missing');
    expect(rejection(state, { type: 'submit' })).toEqual({
      kind: 'invalid-transition',
      message:
        'The package of the delivery handoff for acme (opportunity OPP-1) cannot be submitted yet; missing: scope, stakeholders (needs a manager, an end user), known-risks, target-go-live',
    });
    act(state, completePackage(GO_LIVE), 'sam', day('2026-03-05', '11:00:00'));
    expect(state.packageItems.every((item) => item.status === 'provided')).toBe(true);
    expect(state.targetGoLive).toBe(GO_LIVE);
    expect(events(state, 'handoff.package-updated').at(-1)?.summary).toContain('nothing missing, ready to submit');
  });

  it('goes to review with a 2-business-day SLA, loops through a return with the missing items named, and is accepted', () => {
    const state = submitted();
    expect(state.stage).toBe('in_review');
    expect(state.sla).toMatchObject({ kind: 'review', round: 1, dueDate: '2026-03-10' });
    expect(events(state, 'handoff.submitted')[0]!.notify).toEqual({ role: 'project_manager', person: 'pia' });

    expect(rejection(state, { type: 'return', missing: [] })).toEqual({
      kind: 'evidence-required',
      message:
        'Returning the package needs at least one missing item named (contract, scope, stakeholders, requirements, commitments, known-risks, target-go-live)',
    });
    expect(
      rejection(state, { type: 'return', missing: [{ key: 'scope' }, { key: 'budget' }, { key: 'vibes' }] }),
    ).toEqual({
      kind: 'unknown-item',
      message:
        '"budget", "vibes" are not package items (the package has contract, scope, stakeholders, requirements, commitments, known-risks, target-go-live)',
    });
    expect(rejection(state, { type: 'update-package', targetGoLive: '2026-07-01' })?.kind).toBe('invalid-transition');

    act(
      state,
      {
        type: 'return',
        missing: [{ key: 'scope', note: 'SOW is unsigned' }, { key: 'known-risks' }],
        note: 'please complete',
      },
      'pia',
      day('2026-03-09'),
    );
    expect(state.stage).toBe('returned');
    expect(state.sla).toMatchObject({ kind: 'resubmission', round: 2, dueDate: '2026-03-11' });
    expect(state.packageItems.find((item) => item.key === 'scope')).toMatchObject({
      status: 'missing',
      returnNote: 'SOW is unsigned',
    });
    const [returned] = events(state, 'handoff.returned');
    expect(returned).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      after: { missing: ['scope', 'known-risks'], resubmitDue: '2026-03-11' },
    });
    expect(returned!.summary).toContain(
      'missing Scope / statement of work (SOW is unsigned); Known risks; please complete',
    );
    expect(rejection(state, { type: 'submit' })?.message).toContain('missing: scope, known-risks');

    act(
      state,
      {
        type: 'update-package',
        items: [
          { key: 'scope', link: 'https://wiki.example/sow-signed' },
          { key: 'known-risks', text: 'None beyond IT capacity' },
        ],
      },
      'sam',
      day('2026-03-10'),
    );
    act(state, { type: 'submit' }, 'sam', day('2026-03-10', '10:00:00'));
    expect(state.sla).toMatchObject({ kind: 'review', round: 2, dueDate: '2026-03-12' });
    act(state, { type: 'accept', projectManager: 'paul' }, 'pia', day('2026-03-11'));
    expect(state).toMatchObject({ stage: 'accepted', projectManager: 'paul' });
    expect(state.sla).toBeUndefined();
    expect(state.reviews.map((review) => [review.round, review.decision, review.decidedBy])).toEqual([
      [1, 'returned', 'pia'],
      [2, 'accepted', 'pia'],
    ]);
    expect(handoffProjectionOf(state, 0)).toMatchObject({
      returnCount: 1,
      projectManager: 'paul',
      missingItems: [],
      sla: null,
    });
  });
});

describe('the SLAs', () => {
  it('reminds sales and escalates to the ops manager when the package is late', () => {
    const state = started();
    expect(
      pendingHandoffAlarms(state, calendar).map((alarm) => [alarm.id, new Date(alarm.at).toISOString().slice(0, 10)]),
    ).toEqual([
      ['package@2026-03-10:reminder:1#1', '2026-03-09'],
      ['package@2026-03-10:reminder:0#1', '2026-03-10'],
      ['package@2026-03-10:escalation#1', '2026-03-11'],
    ]);
    expect(msUntilNextHandoffAlarm(state, calendar, STARTED)).toBe(
      Date.parse('2026-03-09T00:00:00Z') - STARTED.getTime(),
    );
    fire(state, day('2026-03-10', '00:00:01'));
    expect(events(state, 'handoff.package-reminder').map((event) => [event.cause!.rule, event.notify])).toEqual([
      ['package reminder 1 business day before it is due', { role: 'sales', person: 'sam' }],
      ['package reminder on the day it is due', { role: 'sales', person: 'sam' }],
    ]);
    expect(events(state, 'handoff.package-reminder')[0]!.summary).toContain('still missing: Signed contract');
    fire(state, day('2026-03-11', '00:00:01'));
    expect(events(state, 'handoff.package-escalation')).toEqual([
      expect.objectContaining({
        notify: { role: 'ops_manager', person: 'olga' },
        cause: expect.objectContaining({ subject: 'package', dueDate: '2026-03-10', calendar: 'mon-fri' }),
      }),
    ]);
    expect(state.sla?.overdue).toBe(true);
    expect(handoffProjectionOf(state, 0).overdue).toBe(true);
    // Fired once: nothing is left to fire for this due date.
    expect(fire(state, day('2026-03-20'))).toBe(false);
  });

  it('escalates a late review, and gives each round of the package its own alarms', () => {
    const state = submitted();
    fire(state, day('2026-03-11', '00:00:01'));
    expect(events(state, 'handoff.review-reminder')).toHaveLength(1);
    expect(events(state, 'handoff.review-escalation')[0]).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      after: { slaOverdue: true },
    });
    // Returned and resubmitted the same day: the second review has its own alarms even on the same due date.
    act(state, { type: 'return', missing: [{ key: 'contract' }] }, 'pia', day('2026-03-11', '09:00:00'));
    expect(state.sla?.overdue).toBe(false);
    act(
      state,
      { type: 'update-package', items: [{ key: 'contract', link: 'https://crm.example/v2.pdf' }] },
      'sam',
      day('2026-03-11', '10:00:00'),
    );
    act(state, { type: 'submit' }, 'sam', day('2026-03-11', '11:00:00'));
    expect(pendingHandoffAlarms(state, calendar).map((alarm) => alarm.id)).toEqual([
      'review@2026-03-13:reminder:0#2',
      'review@2026-03-13:escalation#2',
    ]);
    // The fired ids of the earlier rounds are forgotten.
    expect(state.firedAlarms).toEqual([]);
  });

  it('tells nobody about a reminder that was already past when the SLA started', () => {
    const state = createHandoffState(input, calendar, day('2026-03-09', '12:00:00'));
    fire(state, day('2026-03-09', '12:00:01'));
    expect(state.firedAlarms).toHaveLength(0);
    const late = createHandoffState(
      handoffInput({ rules: { packageSla: { days: 1, unit: 'business-days' }, packageRemindersBefore: [3] } }),
      calendar,
      day('2026-03-09', '12:00:00'),
    );
    expect(fire(late, day('2026-03-09', '12:00:01'))).toBe(true);
    expect(late.firedAlarms).toEqual(['package@2026-03-10:reminder:3#1']);
    expect(events(late, 'handoff.package-reminder')).toHaveLength(0);
  });
});

describe('kickoff and milestones', () => {
  it('plans the template from kickoff and the target go-live in business days, with owners', () => {
    const state = kickedOff();
    expect(state.stage).toBe('kicked_off');
    expect(
      state.milestones.map((each) => [each.key, each.dueDate, each.ownerRole, each.assignee, each.status]),
    ).toEqual([
      ['requirements-confirmed', '2026-03-30', 'project_manager', 'pia', 'planned'],
      ['spec-confirmed', '2026-04-13', 'presales', 'priya', 'planned'],
      ['build-configured', '2026-06-09', 'project_manager', 'pia', 'planned'],
      ['tested', '2026-06-23', 'project_manager', 'pia', 'planned'],
      ['customer-acceptance', '2026-06-30', 'project_manager', 'pia', 'planned'],
    ]);
    expect(events(state, 'handoff.kicked-off')[0]).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      after: { kickoffDate: '2026-03-16', targetGoLive: GO_LIVE },
    });
  });

  it('never plans a milestone before the one before it when go-live is close', () => {
    const state = act(submitted(), { type: 'accept' }, 'pia', day('2026-03-09'));
    act(state, { type: 'kickoff', kickoffDate: '2026-03-09', targetGoLive: '2026-03-20' }, 'pia', day('2026-03-09'));
    const dates = state.milestones.map((each) => each.dueDate);
    expect(dates).toEqual(['2026-03-23', '2026-04-06', '2026-04-06', '2026-04-06', '2026-04-06']);
    expect(handoffProjectionOf(state, 0)).toMatchObject({
      atRisk: true,
      projectedGoLive: '2026-04-06',
      targetGoLive: '2026-03-20',
    });
  });

  it('refuses a kickoff in the future, a go-live before kickoff and unknown milestones', () => {
    const state = act(submitted(), { type: 'accept' }, 'pia', day('2026-03-09'));
    const now = day('2026-03-16');
    expect(rejection(state, { type: 'kickoff', kickoffDate: '2026-03-17' }, now)).toEqual({
      kind: 'invalid-date',
      message: 'The kickoff date 2026-03-17 is in the future; record the kickoff when it has happened',
    });
    expect(rejection(state, { type: 'kickoff', kickoffDate: '2026-02-29' }, now)?.kind).toBe('invalid-date');
    expect(rejection(state, { type: 'kickoff', targetGoLive: '2026-03-16' }, now)?.message).toBe(
      'The target go-live 2026-03-16 must be after the kickoff date 2026-03-16; send a new targetGoLive agreed with the customer',
    );
    expect(rejection(state, { type: 'kickoff', assignees: { design: 'x' } }, now)?.kind).toBe('unknown-item');
    expect(rejection(state, { type: 'start-milestone', milestoneKey: 'tested' }, now)?.kind).toBe('invalid-transition');
  });

  it('completes milestones in order, each once', () => {
    const state = kickedOff();
    const now = day('2026-03-20');
    expect(rejection(state, { type: 'complete-milestone', milestoneKey: 'spec-confirmed' }, now)).toEqual({
      kind: 'invalid-transition',
      message: 'Milestone "spec-confirmed" waits on "requirements-confirmed"',
    });
    expect(rejection(state, { type: 'complete-milestone', milestoneKey: 'design' }, now)?.kind).toBe('unknown-item');
    act(state, { type: 'start-milestone', milestoneKey: 'requirements-confirmed' }, 'pia', now);
    expect(rejection(state, { type: 'start-milestone', milestoneKey: 'requirements-confirmed' }, now)?.kind).toBe(
      'invalid-transition',
    );
    act(
      state,
      {
        type: 'complete-milestone',
        milestoneKey: 'requirements-confirmed',
        evidence: { link: 'https://wiki.example/requirements' },
      },
      'pia',
      now,
    );
    expect(milestone(state, 'requirements-confirmed')).toMatchObject({
      status: 'done',
      completedBy: 'pia',
      evidence: { link: 'https://wiki.example/requirements' },
    });
    expect(rejection(state, { type: 'complete-milestone', milestoneKey: 'requirements-confirmed' }, now)).toEqual({
      kind: 'invalid-transition',
      message:
        'Milestone "requirements-confirmed" of the delivery handoff for acme (opportunity OPP-1) is already done (by pia at 2026-03-20T09:00:00.000Z)',
    });
    expect(handoffProjectionOf(state, 0).nextMilestone).toEqual({ key: 'spec-confirmed', dueDate: '2026-04-13' });
  });

  it("lets a milestone's owner act on it, by role or by name, besides the project's leads", () => {
    const state = kickedOff();
    const now = day('2026-03-20');
    const complete = (milestoneKey: string, actor: string, actorRoles: Role[]) =>
      handoffActionRejection(
        state,
        { action: { type: 'complete-milestone', milestoneKey }, actor, actorRoles },
        context(now),
      );
    expect(complete('requirements-confirmed', 'priya', ['presales'])).toMatchObject({
      kind: 'forbidden',
      message:
        'Milestone "Requirements confirmed with the customer" is acted on by its owner (pia, project_manager) or the project\'s leads (project manager, ops manager); priya has presales',
    });
    expect(complete('requirements-confirmed', 'olga', ['ops_manager'])).toBeUndefined();
    expect(complete('requirements-confirmed', 'pia', ['sales'])).toBeUndefined();
    act(state, { type: 'complete-milestone', milestoneKey: 'requirements-confirmed' }, 'pia', now);
    expect(complete('spec-confirmed', 'priya', ['presales'])).toBeUndefined();
    expect(complete('spec-confirmed', 'sam', ['sales'])?.kind).toBe('forbidden');
  });

  it('reminds the owner, flags overdue, escalates, and a slip moves dependants by as many business days', () => {
    const state = kickedOff();
    const alarms = pendingHandoffAlarms(state, calendar).filter(
      (alarm) => alarm.milestoneKey === 'requirements-confirmed',
    );
    expect(alarms.map((alarm) => [alarm.kind, new Date(alarm.at).toISOString().slice(0, 10)])).toEqual([
      ['milestone-reminder', '2026-03-25'],
      ['milestone-reminder', '2026-03-27'],
      ['milestone-overdue', '2026-03-31'],
      ['milestone-escalation', '2026-04-01'],
    ]);
    fire(state, day('2026-04-01', '00:00:01'));
    expect(events(state, 'handoff.milestone-reminder').map((event) => event.notify)).toEqual([
      { role: 'project_manager', person: 'pia' },
      { role: 'project_manager', person: 'pia' },
    ]);
    expect(events(state, 'handoff.milestone-overdue')[0]).toMatchObject({
      milestoneKey: 'requirements-confirmed',
      notify: { role: 'project_manager', person: 'pia' },
    });
    expect(events(state, 'handoff.milestone-escalation')[0]).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      cause: { subject: 'milestone', milestoneKey: 'requirements-confirmed', dueDate: '2026-03-30' },
    });
    expect(milestone(state, 'requirements-confirmed')).toMatchObject({ overdue: true, escalated: true });
    expect(handoffProjectionOf(state, 0)).toMatchObject({ overdue: true, atRisk: true });

    const now = day('2026-04-01');
    const slip = (newDate: string, reason = 'customer IT on holiday') =>
      rejection(state, { type: 'slip-milestone', milestoneKey: 'requirements-confirmed', newDate, reason }, now);
    expect(slip('2026-04-31')).toEqual({
      kind: 'invalid-date',
      message: 'The new date of milestone "requirements-confirmed" must be a real YYYY-MM-DD date, not "2026-04-31"',
    });
    expect(slip('2026-04-01')?.message).toBe(
      'The new date of milestone "requirements-confirmed" must be after today (2026-04-01), not 2026-04-01',
    );
    expect(slip('2026-03-31')?.kind).toBe('invalid-date');
    expect(slip('2026-04-03', ' ')?.kind).toBe('evidence-required');

    act(
      state,
      {
        type: 'slip-milestone',
        milestoneKey: 'requirements-confirmed',
        newDate: '2026-04-06',
        reason: 'customer IT on holiday',
      },
      'pia',
      now,
    );
    // 2026-03-30 (Mon) to 2026-04-06 (Mon): 5 business days; every later milestone moves as far.
    expect(businessDaysBetween(calendar, '2026-03-30', '2026-04-06')).toBe(5);
    expect(state.milestones.map((each) => [each.key, each.dueDate, each.plannedDueDate])).toEqual([
      ['requirements-confirmed', '2026-04-06', '2026-03-30'],
      ['spec-confirmed', '2026-04-20', '2026-04-13'],
      ['build-configured', '2026-06-16', '2026-06-09'],
      ['tested', '2026-06-30', '2026-06-23'],
      ['customer-acceptance', '2026-07-07', '2026-06-30'],
    ]);
    expect(milestone(state, 'requirements-confirmed')).toMatchObject({
      overdue: false,
      escalated: false,
      slips: [{ from: '2026-03-30', to: '2026-04-06', businessDays: 5, by: 'pia' }],
    });
    expect(events(state, 'handoff.milestone-slipped')[0]).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      before: { 'requirements-confirmed': '2026-03-30', 'customer-acceptance': '2026-06-30' },
      after: { 'customer-acceptance': '2026-07-07' },
    });
    // The plan now ends after the target go-live: at risk, though nothing is overdue any more.
    expect(handoffProjectionOf(state, 0)).toMatchObject({
      overdue: false,
      atRisk: true,
      projectedGoLive: '2026-07-07',
    });
    // New date, new alarms; the old date's are forgotten. The 3-day reminder was already past when the slip set the date: it tells nobody.
    expect(state.firedAlarms).toEqual([]);
    expect(
      pendingHandoffAlarms(state, calendar)
        .slice(0, 2)
        .map((alarm) => alarm.id),
    ).toEqual([
      'milestone:requirements-confirmed@2026-04-06:reminder:3',
      'milestone:requirements-confirmed@2026-04-06:reminder:1',
    ]);
    const reminders = events(state, 'handoff.milestone-reminder').length;
    expect(fire(state, day('2026-04-01', '09:00:01'))).toBe(true);
    expect(events(state, 'handoff.milestone-reminder')).toHaveLength(reminders);
    fire(state, day('2026-04-03', '00:00:01'));
    expect(events(state, 'handoff.milestone-reminder').at(-1)).toMatchObject({
      cause: { dueDate: '2026-04-06', rule: 'milestone reminder 1 business day before it is due' },
    });
  });

  it('flags and clears risks with a note', () => {
    const state = kickedOff();
    const now = day('2026-03-20');
    expect(rejection(state, { type: 'flag-risk', milestoneKey: 'tested', atRisk: true }, now)?.kind).toBe(
      'evidence-required',
    );
    expect(rejection(state, { type: 'flag-risk', milestoneKey: 'tested', atRisk: false }, now)?.kind).toBe(
      'invalid-transition',
    );
    act(
      state,
      { type: 'flag-risk', milestoneKey: 'tested', atRisk: true, note: 'no test environment yet' },
      'pia',
      now,
    );
    expect(milestone(state, 'tested')).toMatchObject({ atRisk: true, riskNote: 'no test environment yet' });
    expect(events(state, 'handoff.milestone-risk')[0]!.notify).toEqual({ role: 'ops_manager', person: 'olga' });
    expect(handoffProjectionOf(state, 0).atRisk).toBe(true);
    act(state, { type: 'flag-risk', milestoneKey: 'tested', atRisk: false, note: 'environment ready' }, 'pia', now);
    expect(handoffProjectionOf(state, 0).atRisk).toBe(false);
  });
});

describe('customer acceptance and handover', () => {
  /** Every milestone but the customer's acceptance done on 2026-06-29. */
  function readyForAcceptance(): HandoffState {
    const state = kickedOff();
    for (const each of state.milestones.slice(0, -1))
      act(state, { type: 'complete-milestone', milestoneKey: each.key }, 'pia', day('2026-06-29'));
    return state;
  }

  it('completes only with the recorded sign-off: who, when and the evidence', () => {
    const state = readyForAcceptance();
    const now = day('2026-06-30');
    expect(rejection(state, { type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, now)).toEqual({
      kind: 'evidence-required',
      message: `Milestone "customer-acceptance" completes only with the customer's recorded sign-off: record who signed, when and the evidence first (customer-acceptance)`,
    });
    expect(rejection(state, { ...FIXTURE_SIGN_OFF('2026-07-01') }, now)).toEqual({
      kind: 'invalid-date',
      message: 'The sign-off date 2026-07-01 is in the future',
    });
    expect(rejection(state, { ...FIXTURE_SIGN_OFF('2026-03-01') }, now)?.message).toBe(
      'The sign-off date 2026-03-01 is before the kickoff on 2026-03-16',
    );
    expect(
      rejection(
        state,
        { type: 'record-customer-acceptance', signedBy: 'Dana', signedOn: '2026-06-30', evidence: {} },
        now,
      )?.kind,
    ).toBe('evidence-required');
    expect(
      rejection(
        state,
        { type: 'record-customer-acceptance', signedBy: ' ', signedOn: '2026-06-30', evidence: { note: 'x' } },
        now,
      )?.kind,
    ).toBe('evidence-required');

    act(state, FIXTURE_SIGN_OFF('2026-06-30'), 'pia', now);
    act(state, { type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia', now);
    expect(state.stage).toBe('accepted_by_customer');
    expect(state.customerAcceptance).toMatchObject({
      signedBy: 'Dana Decider',
      signedOn: '2026-06-30',
      recordedBy: 'pia',
    });
    expect(events(state, 'handoff.milestone-completed').at(-1)).toMatchObject({
      notify: { role: 'customer_success', person: 'cora' },
    });
    expect(pendingHandoffAlarms(state, calendar)).toEqual([]);
  });

  it('hands over with the contract term and value and asks for the renewal follow-up; finished only once it started', () => {
    const state = readyForAcceptance();
    act(state, FIXTURE_SIGN_OFF('2026-06-30'), 'pia', day('2026-06-30'));
    act(state, { type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia', day('2026-06-30'));
    const now = day('2026-07-01');
    expect(rejection(state, FIXTURE_HANDOVER('2026-07-01', '2026-06-30'), now)).toEqual({
      kind: 'invalid-date',
      message: 'The contract must end after its term starts: contractEnd 2026-06-30 is not after termStart 2026-07-01',
    });
    expect(rejection(state, FIXTURE_HANDOVER('2026-07-01', '2027-02-29'), now)?.message).toBe(
      'contractEnd must be a real YYYY-MM-DD date, not "2027-02-29"',
    );
    expect(
      rejection(
        state,
        { ...(FIXTURE_HANDOVER('2026-07-01', '2027-06-30') as object), customerSuccessOwner: '' } as HandoffAction,
        now,
      )?.kind,
    ).toBe('evidence-required');

    act(state, FIXTURE_HANDOVER('2026-07-01', '2027-06-30'), 'pia', now);
    expect(state.stage).toBe('handed_over');
    expect(state.pendingNext).toEqual({
      workflowType: 'renewalFollowUp',
      workflowId: 'renewal:acme:OPP-1',
      input: {
        start: {
          account: 'acme',
          region: 'east',
          contractId: 'OPP-1',
          termStart: '2026-07-01',
          contractEnd: '2027-06-30',
          value: 96_000,
          currency: 'CNY',
          tier: 'key',
          customerSuccessOwner: 'cora',
          source: { playbook: 'delivery-handoff', id: 'handoff:acme:OPP-1' },
          calendar: input.start.calendar,
        },
      },
    });
    expect(events(state, 'handoff.handed-over')[0]).toMatchObject({
      notify: { role: 'customer_success', person: 'cora' },
    });
    expect(isFinished(state)).toBe(false);
    const seq = state.seq;
    recordRenewalStart(
      state,
      { workflowType: 'renewalFollowUp', workflowId: 'renewal:acme:OPP-1', status: 'started' },
      day('2026-07-01', '09:00:01'),
    );
    expect(isFinished(state)).toBe(true);
    expect(state.seq).toBe(seq + 1);
    expect(events(state, 'handoff.renewal-started')[0]!.summary).toBe(
      'Baton started renewal follow-up for acme (OPP-1) from the delivery handoff for acme (opportunity OPP-1) (contract end 2027-06-30)',
    );
    expect(handoffProjectionOf(state, 0)).toMatchObject({
      stage: 'handed_over',
      renewalWorkflowId: 'renewal:acme:OPP-1',
      handover: { contractEnd: '2027-06-30', annualValue: 96_000 },
      outcome: { stage: 'handed_over', by: 'pia' },
    });
  });
});

describe('cancelling and versions', () => {
  it.each([
    ['package_pending', () => started()],
    ['in_review', submitted],
    ['kicked_off', kickedOff],
  ])('cancels from %s with a reason, leaving no alarms and taking no more actions', (stage, make) => {
    const state = make();
    expect(state.stage).toBe(stage);
    expect(rejection(state, { type: 'cancel', reason: ' ' })?.kind).toBe('evidence-required');
    act(state, { type: 'cancel', reason: 'customer went bankrupt' }, 'olga', day('2026-03-20'));
    expect(state).toMatchObject({
      stage: 'cancelled',
      outcome: { stage: 'cancelled', reason: 'customer went bankrupt', by: 'olga' },
      endedAt: '2026-03-20T09:00:00.000Z',
    });
    expect(isFinished(state)).toBe(true);
    expect(pendingHandoffAlarms(state, calendar)).toEqual([]);
    expect(rejection(state, { type: 'comment', text: 'hello' })).toEqual({
      kind: 'invalid-transition',
      message: 'The delivery handoff for acme (opportunity OPP-1) is cancelled and takes no more comment actions',
    });
    expect(handoffProjectionOf(state, 0)).toMatchObject({ atRisk: false, overdue: false, sla: null });
  });

  it('refuses an action on a version the caller did not see', () => {
    const state = started();
    expect(rejection(state, { type: 'comment', text: 'hi' }, STARTED, 7)).toEqual({
      kind: 'stale-version',
      message: 'The delivery handoff for acme (opportunity OPP-1) is at version 1, not 7; reload and retry',
    });
    expect(rejection(state, { type: 'comment', text: 'hi' }, STARTED, 1)).toBeUndefined();
    expect(rejection(state, { type: 'comment', text: 'hi', milestoneKey: 'tested' })?.message).toContain(
      '(milestones come with the kickoff)',
    );
  });
});
