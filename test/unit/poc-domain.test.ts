import { wordText } from '../../domain/shared/text';
import { POC_TEXT } from '../../domain/poc/text';
import { workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { CN_MAINLAND_CALENDAR } from '../../domain/shared/shipped-calendars';
import { applyPocAction, pocActionRejection, type PocAction, type PocRejection } from '../../domain/poc/actions';
import { firePocAlarms, msUntilNextPocAlarm, pendingPocAlarms } from '../../domain/poc/alarms';
import { createPocState, pocInputProblems } from '../../domain/poc/create';
import { pocProjectionOf } from '../../domain/poc/projection';
import { provisioningFailed, provisioningRequest, provisioningSucceeded } from '../../domain/poc/provisioning';
import { POC_TIMELINE_KEPT_IN_STATE, pocWorkflowId, trimTimeline } from '../../domain/poc/transitions';
import type { PocState, PocTimelineEventType, PocTrialInput } from '../../domain/poc/types';
import { pocInput } from '../helpers/poc-fixtures';

/**
 * The trial used throughout: requested Thursday 2026-03-05 09:00 UTC for 50,000 (above the
 * 10,000 auto-approval threshold), planned 2026-03-09 for 14 days; approval due in 2 business
 * days on the mon-fri calendar, so Monday 2026-03-09 (the weekend does not count).
 */
const REQUESTED = new Date('2026-03-05T09:00:00Z');
const input = (overrides: Partial<Parameters<typeof pocInput>[0]> = {}): PocTrialInput =>
  pocInput({ plannedStart: '2026-03-09', ...overrides });
const calendarOf = (trial: PocTrialInput) => workingDays(trial.calendar.definition);
const MON_FRI = calendarOf(input());

const at = (iso: string) => new Date(iso);
const day = (date: string, time = '09:00:00') => new Date(`${date}T${time}Z`);

function rejection(
  state: PocState,
  action: PocAction,
  actor = 'rita',
  now = REQUESTED,
  expectedSeq?: number,
): Omit<PocRejection, 'text'> | undefined {
  const refused = pocActionRejection(
    state,
    { action, actor, ...(expectedSeq === undefined ? {} : { expectedSeq }) },
    { now },
  );
  if (!refused) return undefined;
  const { text, ...rest } = refused;
  // The catalog text is the same refusal: worded in English it is the message the API has always sent.
  expect(wordText(POC_TEXT, text, 'en')).toBe(rest.message);
  return rest;
}

function act(state: PocState, action: PocAction, actor: string, now: Date): PocState {
  const refused = rejection(state, action, actor, now);
  if (refused) throw new Error(`refused: ${refused.kind}: ${refused.message}`);
  applyPocAction(state, { action, actor }, { now });
  return state;
}

const events = (state: PocState, type: PocTimelineEventType) => state.timeline.filter((event) => event.type === type);
const fire = (state: PocState, now: Date, calendar = MON_FRI) => firePocAlarms(state, calendar, now);

function requested(trial = input(), now = REQUESTED): PocState {
  return createPocState(trial, calendarOf(trial), now);
}

/** Approved by rita on the request day and provisioned at once: ready for kickoff. */
function ready(trial = input()): PocState {
  const state = requested(trial);
  act(state, { type: 'approve' }, 'rita', day('2026-03-05', '10:00:00'));
  provisioningSucceeded(
    state,
    1,
    { reference: 'env-1', environmentUrl: 'https://acme.trial.example' },
    day('2026-03-05', '10:01:00'),
  );
  return state;
}

/** Kicked off Monday 2026-03-09: ends 2026-03-23, expires 2026-03-31, first check-in due 2026-03-16. */
function active(trial = input()): PocState {
  return act(ready(trial), { type: 'kickoff' }, 'sam', day('2026-03-09'));
}

describe('POC trial requests', () => {
  it('keys the workflow by account and opportunity, so a repeated request finds the same trial', () => {
    expect(pocWorkflowId('acme', 'OPP-1')).toBe('poc:acme:OPP-1');
    expect(pocWorkflowId(' acme ', 'OPP-1 ')).toBe(pocWorkflowId('acme', 'OPP-1'));
    // A colon inside a part cannot make two different keys collide.
    expect(pocWorkflowId('a:b', 'c')).not.toBe(pocWorkflowId('a', 'b:c'));
  });

  it('accepts the fixture and names every field at fault in a bad request', () => {
    expect(pocInputProblems(input())).toEqual([]);
    const bad = input({ rules: { checkInEveryDays: 0, approvalSla: { days: 2, unit: 'weeks' as never } } });
    bad.request.durationDays = 0;
    bad.request.plannedStart = '2026-02-30';
    bad.request.account = ' ';
    bad.request.criteria = [
      { key: 'x', description: 'One', measuredBy: '' },
      { key: 'x', description: 'Two', measuredBy: 'a test' },
    ];
    expect(pocInputProblems(bad)).toEqual([
      'request.account is required',
      'request.plannedStart must be a YYYY-MM-DD date, not "2026-02-30"',
      'request.durationDays must be a whole number of at least 1',
      'request.criteria[0].measuredBy is required (how will it be measured?)',
      'request.criteria: the key "x" is used twice',
      'rules.approvalSla.unit must be business-days or calendar-days',
      'rules.checkInEveryDays must be a whole number of at least 1',
    ]);
    const none = input();
    none.request.criteria = [];
    expect(pocInputProblems(none)).toEqual(['request.criteria needs at least one success criterion']);
  });

  it('starts requested, with the approval due in business days and the default rules pinned', () => {
    const state = requested();
    expect(state).toMatchObject({
      trialId: 'poc:acme:OPP-1',
      stage: 'requested',
      endDate: '2026-03-23',
      expiresOn: '2026-03-31',
      approval: { dueDate: '2026-03-09', overdue: false },
      rules: {
        checkInEveryDays: 7,
        checkInGraceDays: 2,
        maxExtensions: 1,
        maxExtensionDays: 14,
        expiryGraceDays: 7,
        expiryRemindersDaysBefore: [3, 1],
      },
      seq: 1,
    });
    expect(state.stageHistory).toEqual([{ stage: 'requested', enteredAt: REQUESTED.toISOString(), by: 'sam' }]);
    expect(state.criteria.map((criterion) => [criterion.key, criterion.status])).toEqual([
      ['uptime', 'open'],
      ['reports', 'open'],
    ]);
    expect(events(state, 'poc.requested')[0]).toMatchObject({
      actor: 'sam',
      notify: { role: 'regional_ops', person: 'rita' },
    });
  });

  it('keys criteria without a key by position', () => {
    const trial = input();
    trial.request.criteria = trial.request.criteria.map(({ description, measuredBy }) => ({ description, measuredBy }));
    expect(requested(trial).criteria.map((criterion) => criterion.key)).toEqual(['c1', 'c2']);
  });

  it('counts the approval SLA on the region calendar, skipping its holidays', () => {
    const cn = input({
      calendar: { key: 'cn-mainland', definition: businessCalendarSchema.parse(CN_MAINLAND_CALENDAR) },
    });
    // Friday 2026-04-03, then Qingming (04-04..04-06): Tuesday is the first business day, Wednesday the second.
    expect(requested(cn, day('2026-04-03')).approval).toMatchObject({ dueDate: '2026-04-08', dueApproximate: false });
  });

  it('approves small requests automatically and goes straight to provisioning', () => {
    const state = requested(input({ amount: 9_999 }));
    expect(state.stage).toBe('provisioning');
    expect(state.stageHistory.map((entry) => entry.stage)).toEqual(['requested', 'approved', 'provisioning']);
    expect(state.approval).toMatchObject({ decidedBy: 'baton', auto: true });
    expect(events(state, 'poc.approved')[0]!.summary).toBe(
      'POC for acme (opportunity OPP-1) was approved automatically: the amount 9999 CNY is under the auto-approval threshold of 10000',
    );
    expect(provisioningRequest(state)).toMatchObject({
      trialId: 'poc:acme:OPP-1',
      idempotencyKey: 'poc:acme:OPP-1/provisioning-1',
      endDate: '2026-03-23',
    });
    // At the threshold, a person decides.
    expect(requested(input({ amount: 10_000 })).stage).toBe('requested');
  });
});

describe('approval SLA', () => {
  it('reminds regional ops 1 business day before and on the due day, then escalates to the ops manager', () => {
    const state = requested();
    expect(pendingPocAlarms(state, MON_FRI).map((alarm) => [alarm.id, new Date(alarm.at).toISOString()])).toEqual([
      ['approval@2026-03-09:reminder:1', '2026-03-06T00:00:00.000Z'],
      ['approval@2026-03-09:reminder:0', '2026-03-09T00:00:00.000Z'],
      ['approval@2026-03-09:escalation', '2026-03-10T00:00:00.000Z'],
      ['end@2026-03-23:expiry-reminder:3', '2026-03-28T00:00:00.000Z'],
      ['end@2026-03-23:expiry-reminder:1', '2026-03-30T00:00:00.000Z'],
      ['end@2026-03-23:expiry', '2026-03-31T00:00:00.000Z'],
    ]);
    expect(msUntilNextPocAlarm(state, MON_FRI, REQUESTED)).toBe(
      Date.parse('2026-03-06T00:00:00Z') - REQUESTED.getTime(),
    );
    expect(fire(state, at('2026-03-05T23:59:59Z'))).toBe(false);

    expect(fire(state, at('2026-03-06T00:00:00Z'))).toBe(true);
    const [reminder] = events(state, 'poc.approval-reminder');
    expect(reminder).toMatchObject({
      actor: 'baton',
      notify: { role: 'regional_ops', person: 'rita' },
      summary:
        'Reminder to rita (regional_ops): approve or reject the POC for acme (opportunity OPP-1), requested by sam; due 2026-03-09',
      cause: {
        subject: 'approval',
        rule: 'approval reminder 1 business day before it is due',
        dueDate: '2026-03-09',
        calendar: 'mon-fri',
        scheduledFor: '2026-03-06T00:00:00.000Z',
      },
    });

    fire(state, at('2026-03-10T08:00:00Z'));
    expect(events(state, 'poc.approval-reminder')).toHaveLength(2);
    const [escalation] = events(state, 'poc.approval-escalation');
    expect(escalation).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      cause: { rule: 'approval SLA of 2 business days passed: escalation to ops_manager' },
    });
    expect(state.approval.overdue).toBe(true);
    // Each fires once.
    expect(fire(state, at('2026-03-11T08:00:00Z'))).toBe(false);
  });

  it('stops the approval alarms once decided', () => {
    const state = requested();
    act(state, { type: 'approve' }, 'rita', at('2026-03-05T12:00:00Z'));
    fire(state, at('2026-03-12T00:00:00Z'));
    expect(events(state, 'poc.approval-reminder')).toHaveLength(0);
    expect(events(state, 'poc.approval-escalation')).toHaveLength(0);
  });

  it('refuses approval by whoever asked for the trial, and a rejection without a reason', () => {
    const state = requested();
    expect(rejection(state, { type: 'approve' }, 'sam')).toEqual({
      kind: 'invalid-transition',
      message: 'sam asked for the POC for acme (opportunity OPP-1) and cannot approve it too',
    });
    expect(rejection(state, { type: 'reject', reason: ' ' })).toEqual({
      kind: 'invalid-transition',
      message: 'A rejection needs its reason',
    });
    act(state, { type: 'reject', reason: 'no budget this quarter' }, 'rita', REQUESTED);
    expect(state).toMatchObject({
      stage: 'rejected',
      outcome: { stage: 'rejected', reason: 'no budget this quarter', by: 'rita' },
      endedAt: REQUESTED.toISOString(),
    });
    expect(events(state, 'poc.rejected')[0]!.notify).toEqual({ role: 'sales', person: 'sam' });
    expect(pendingPocAlarms(state, MON_FRI)).toEqual([]);
  });
});

describe('provisioning', () => {
  it('waits in provisioning_failed after a failed round, tells regional ops, and retries in a new round', () => {
    const state = requested();
    act(state, { type: 'approve' }, 'rita', REQUESTED);
    provisioningFailed(state, 1, 'provisioner down (gave up after 4 attempts)', day('2026-03-05', '09:05:00'));
    expect(state).toMatchObject({
      stage: 'provisioning_failed',
      provisioning: { round: 1, lastError: 'provisioner down (gave up after 4 attempts)' },
    });
    expect(events(state, 'provisioning.failed')[0]).toMatchObject({
      notify: { role: 'regional_ops', person: 'rita' },
      after: { error: 'provisioner down (gave up after 4 attempts)' },
    });
    expect(pocProjectionOf(state, 0).provisioningError).toBe('provisioner down (gave up after 4 attempts)');
    expect(rejection(state, { type: 'kickoff' })).toEqual({
      kind: 'invalid-transition',
      message: 'The POC for acme (opportunity OPP-1) is provisioning failed; kickoff needs it ready',
    });

    act(state, { type: 'retry-provisioning' }, 'rita', day('2026-03-05', '10:00:00'));
    expect(state).toMatchObject({ stage: 'provisioning', provisioning: { round: 2 } });
    expect(state.provisioning.lastError).toBeUndefined();
    expect(provisioningRequest(state).idempotencyKey).toBe('poc:acme:OPP-1/provisioning-2');
    provisioningFailed(state, 2, 'still down', day('2026-03-05', '10:05:00'));
    expect(rejection(state, { type: 'mark-provisioned' })).toMatchObject({ kind: 'evidence-required' });
    expect(rejection(state, { type: 'mark-provisioned', environmentUrl: 'acme.local' })).toMatchObject({
      kind: 'evidence-required',
      message: 'The environment URL must be an http:// or https:// URL, not "acme.local"',
    });
    act(
      state,
      { type: 'mark-provisioned', environmentUrl: 'https://acme.onprem.example', note: 'installed on the customer VM' },
      'otto',
      day('2026-03-05', '11:00:00'),
    );
    expect(state).toMatchObject({
      stage: 'ready',
      provisioning: {
        environment: { url: 'https://acme.onprem.example', reference: 'manual', manual: true, by: 'otto' },
      },
    });
    expect(state.stageHistory.map((entry) => entry.stage)).toEqual([
      'requested',
      'approved',
      'provisioning',
      'provisioning_failed',
      'provisioning',
      'provisioning_failed',
      'ready',
    ]);
  });

  it('records an environment provisioned after the trial was withdrawn, so someone tears it down', () => {
    const state = requested(input({ amount: 1 }));
    act(state, { type: 'withdraw', reason: 'customer froze budgets' }, 'sam', day('2026-03-05', '09:01:00'));
    const seq = state.seq;
    provisioningSucceeded(state, 1, { reference: 'env-9' }, day('2026-03-05', '09:02:00'));
    expect(state.stage).toBe('cancelled');
    expect(state.provisioning.environment).toBeUndefined();
    expect(state.seq).toBe(seq + 1);
    expect(events(state, 'provisioning.late-result')[0]).toMatchObject({
      notify: { role: 'regional_ops', person: 'rita' },
    });
    expect(events(state, 'provisioning.late-result')[0]!.summary).toMatch(
      /env-9.*after it became cancelled; tear it down/,
    );
  });
});

describe('an active trial', () => {
  it('kicks off from ready only, and runs its full duration from the kickoff day', () => {
    expect(rejection(requested(), { type: 'kickoff' })).toMatchObject({
      kind: 'invalid-transition',
      message: 'The POC for acme (opportunity OPP-1) is requested; kickoff needs it ready',
    });
    const state = act(ready(), { type: 'kickoff', note: 'kickoff call with the CIO' }, 'sam', day('2026-03-11'));
    expect(state).toMatchObject({
      stage: 'active',
      kickoffBy: 'sam',
      endDate: '2026-03-25',
      expiresOn: '2026-04-02',
      nextCheckInDue: '2026-03-18',
    });
    expect(events(state, 'poc.kicked-off')[0]).toMatchObject({
      before: { stage: 'ready', endDate: '2026-03-23' },
      after: { endDate: '2026-03-25' },
    });
  });

  it('reminds sales on the check-in day, flags a missed check-in after the grace days, and keeps the cadence', () => {
    const state = active();
    fire(state, day('2026-03-16', '01:00:00'));
    expect(events(state, 'poc.check-in-reminder')[0]).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      cause: { subject: 'check-in', dueDate: '2026-03-16' },
    });
    fire(state, day('2026-03-18', '23:00:00'));
    expect(state.atRisk).toBe(false);
    // Due the 16th, 2 days' grace: missed once the 18th is over.
    fire(state, day('2026-03-19', '00:00:00'));
    expect(state).toMatchObject({
      atRisk: true,
      riskReasons: ['missed-check-in'],
      missedCheckIns: 1,
      nextCheckInDue: '2026-03-23',
    });
    const [missed] = events(state, 'poc.check-in-missed');
    expect(missed).toMatchObject({
      notify: { role: 'regional_ops', person: 'rita' },
      cause: { rule: 'check-in missed: none within 2 days of its due date' },
    });

    act(
      state,
      { type: 'check-in', summary: 'Uptime fine; reports next week', health: 'amber' },
      'sam',
      day('2026-03-19'),
    );
    expect(state).toMatchObject({ atRisk: false, riskReasons: [], nextCheckInDue: '2026-03-26' });
    // The next one would fall after the end date (the 23rd): no more check-in alarms.
    expect(pendingPocAlarms(state, MON_FRI).filter((alarm) => alarm.subject === 'check-in')).toEqual([]);
  });

  it('flags a red check-in at risk and tells regional ops; a later green one clears it', () => {
    const state = active();
    act(state, { type: 'check-in', summary: 'Data import broken', health: 'red' }, 'sam', day('2026-03-10'));
    expect(state).toMatchObject({ atRisk: true, riskReasons: ['red-health'] });
    expect(events(state, 'poc.checked-in')[0]!.notify).toEqual({ role: 'regional_ops', person: 'rita' });
    act(state, { type: 'check-in', summary: 'Import fixed', health: 'green' }, 'sam', day('2026-03-11'));
    expect(state.atRisk).toBe(false);
    expect(events(state, 'poc.checked-in')[1]!.notify).toBeUndefined();
    expect(rejection(state, { type: 'check-in', summary: '', health: 'green' })).toEqual({
      kind: 'invalid-transition',
      message: 'A check-in needs a summary',
    });
  });

  it('marks criteria with evidence, and flags open criteria near the end until all are met', () => {
    const state = active();
    expect(rejection(state, { type: 'mark-criterion', criterionKey: 'speed', status: 'met', evidence: 'x' })).toEqual({
      kind: 'unknown-item',
      message: 'The POC for acme (opportunity OPP-1) has no success criterion "speed" (it has uptime, reports)',
    });
    expect(rejection(state, { type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: '  ' })).toEqual(
      {
        kind: 'evidence-required',
        message: 'Marking "uptime" met needs evidence (uptime report above 99%)',
      },
    );
    act(
      state,
      { type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: 'https://status.example/acme' },
      'priya',
      day('2026-03-12'),
    );
    expect(state.criteria[0]).toMatchObject({ status: 'met', markedBy: 'priya' });
    act(state, { type: 'check-in', summary: 'on track', health: 'green' }, 'sam', day('2026-03-16'));

    // 3 days before the end (the 20th), "reports" is still open.
    fire(state, day('2026-03-20', '00:00:00'));
    expect(state).toMatchObject({ atRisk: true, riskReasons: ['criteria-open-near-end'] });
    expect(events(state, 'poc.criteria-at-risk')[0]).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      summary: expect.stringContaining('"reports" is open'),
    });
    act(
      state,
      { type: 'mark-criterion', criterionKey: 'reports', status: 'unmet', evidence: 'needed IT help' },
      'priya',
      day('2026-03-20'),
    );
    expect(state.atRisk).toBe(true);
    act(
      state,
      { type: 'mark-criterion', criterionKey: 'reports', status: 'met', evidence: 'built alone on the 2nd try' },
      'priya',
      day('2026-03-21'),
    );
    expect(state).toMatchObject({ atRisk: false, riskReasons: [] });
    expect(events(state, 'poc.criterion-marked').at(-1)).toMatchObject({
      criterionKey: 'reports',
      before: { status: 'unmet', atRisk: true },
      after: { status: 'met', atRisk: false },
    });
  });

  it('raises no criteria risk when every criterion is met before the window opens', () => {
    const state = active();
    act(
      state,
      { type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: 'report' },
      'priya',
      day('2026-03-12'),
    );
    act(
      state,
      { type: 'mark-criterion', criterionKey: 'reports', status: 'met', evidence: 'demo' },
      'priya',
      day('2026-03-12'),
    );
    act(state, { type: 'check-in', summary: 'all met', health: 'green' }, 'sam', day('2026-03-16'));
    fire(state, day('2026-03-21'));
    expect(events(state, 'poc.criteria-at-risk')).toHaveLength(0);
    expect(state.atRisk).toBe(false);
  });
});

describe('extensions', () => {
  it('are limited in days and in number, and need someone else to approve them', () => {
    const state = active();
    expect(rejection(state, { type: 'request-extension', days: 0, reason: 'x' })).toMatchObject({
      kind: 'invalid-date',
    });
    expect(rejection(state, { type: 'request-extension', days: 15, reason: 'more data' })).toEqual({
      kind: 'limit-reached',
      message:
        'An extension of 15 days would bring the POC for acme (opportunity OPP-1) to 15 extension days; the limit is 14 (14 left)',
    });
    expect(rejection(state, { type: 'approve-extension' })).toMatchObject({
      kind: 'invalid-transition',
      message: 'The POC for acme (opportunity OPP-1) has no extension waiting for a decision',
    });

    act(state, { type: 'request-extension', days: 7, reason: 'customer holiday week' }, 'sam', day('2026-03-18'));
    expect(events(state, 'poc.extension-requested')[0]!.notify).toEqual({ role: 'regional_ops', person: 'rita' });
    expect(rejection(state, { type: 'request-extension', days: 1, reason: 'x' }, 'sam')).toMatchObject({
      kind: 'invalid-transition',
      message: expect.stringContaining('already has an extension of 7 days waiting'),
    });
    expect(rejection(state, { type: 'approve-extension' }, 'sam')).toEqual({
      kind: 'invalid-transition',
      message: 'sam requested this extension and cannot decide it too',
    });

    act(state, { type: 'approve-extension' }, 'rita', day('2026-03-18', '10:00:00'));
    expect(state).toMatchObject({ endDate: '2026-03-30', expiresOn: '2026-04-07' });
    expect(state.extensions[0]).toMatchObject({ status: 'approved', decidedBy: 'rita', days: 7 });
    expect(events(state, 'poc.extension-approved')[0]).toMatchObject({
      before: { endDate: '2026-03-23' },
      after: { endDate: '2026-03-30' },
      notify: { role: 'sales', person: 'sam' },
    });
    expect(rejection(state, { type: 'request-extension', days: 2, reason: 'one more week' }, 'sam')).toEqual({
      kind: 'limit-reached',
      message: 'The POC for acme (opportunity OPP-1) already had 1 extension; the limit is 1',
    });
  });

  it('re-arms the end alarms: the old end passes quietly, the new one reminds and expires', () => {
    const state = active(input({ rules: { autoApproveBelowAmount: 10_000, maxExtensions: 2 } }));
    act(state, { type: 'request-extension', days: 7, reason: 'holidays' }, 'sam', day('2026-03-18'));
    act(state, { type: 'reject-extension', reason: 'enough time left' }, 'rita', day('2026-03-18'));
    expect(state.extensions[0]).toMatchObject({ status: 'rejected', decisionReason: 'enough time left' });
    expect(state.endDate).toBe('2026-03-23');
    act(state, { type: 'request-extension', days: 7, reason: 'holidays, really' }, 'sam', day('2026-03-19'));
    act(state, { type: 'approve-extension' }, 'rita', day('2026-03-19'));

    // The old end (the 23rd) would have reminded on the 28th and 30th and expired on the 31st.
    fire(state, day('2026-03-31'));
    expect(state.stage).toBe('active');
    expect(events(state, 'poc.expiry-reminder')).toHaveLength(0);
    fire(state, day('2026-04-06'));
    expect(events(state, 'poc.expiry-reminder').map((event) => event.cause!.scheduledFor)).toEqual([
      '2026-04-04T00:00:00.000Z',
      '2026-04-06T00:00:00.000Z',
    ]);
    fire(state, day('2026-04-07', '00:00:00'));
    expect(state.stage).toBe('expired');
  });
});

describe('outcomes', () => {
  it('expires after the end date and grace, with reminders before, and ends every timer', () => {
    const state = active();
    fire(state, day('2026-03-28', '00:00:00'));
    const [reminder] = events(state, 'poc.expiry-reminder');
    expect(reminder).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      summary:
        'Reminder to sam (sales): the POC for acme (opportunity OPP-1) (active, end date 2026-03-23) expires on 2026-03-31 unless its outcome is recorded or it is extended',
      cause: {
        subject: 'end',
        dueDate: '2026-03-31',
        rule: 'expiry reminder 3 days before the trial expires (end date + 7 days grace)',
      },
    });
    fire(state, day('2026-03-30', '23:59:59'));
    expect(events(state, 'poc.expiry-reminder')).toHaveLength(2);
    expect(state.stage).toBe('active');
    fire(state, day('2026-03-31', '00:00:00'));
    expect(state).toMatchObject({
      stage: 'expired',
      outcome: { stage: 'expired', by: 'baton' },
      atRisk: false,
      endedAt: '2026-03-31T00:00:00.000Z',
    });
    expect(events(state, 'poc.expired')[0]).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      summary: 'The POC for acme (opportunity OPP-1) expired: no outcome by the end date 2026-03-23 + 7 days grace',
    });
    expect(pendingPocAlarms(state, MON_FRI)).toEqual([]);
    expect(rejection(state, { type: 'convert' })).toEqual({
      kind: 'invalid-transition',
      message: 'The POC for acme (opportunity OPP-1) is expired and takes no more actions',
    });
  });

  it('never sends a reminder that was already past when its date was set', () => {
    const trial = input();
    trial.request.durationDays = 2;
    // Kicked off the 9th, ends the 11th: criteria risk opens on the 8th, before the kickoff.
    const state = active(trial);
    fire(state, day('2026-03-09', '09:30:00'));
    expect(events(state, 'poc.criteria-at-risk')[0]).toMatchObject({ actor: 'baton' });
    expect(events(state, 'poc.criteria-at-risk')[0]!.notify).toBeUndefined();
    expect(state.atRisk).toBe(true);
  });

  it('converts with the next step asked for, and loses with a reason from the taxonomy', () => {
    const won = act(
      active(),
      { type: 'convert', nextStep: 'delivery-handoff', note: 'signed 3-year deal' },
      'sam',
      day('2026-03-20'),
    );
    expect(won).toMatchObject({
      stage: 'converted',
      outcome: { stage: 'converted', nextStep: 'delivery-handoff', note: 'signed 3-year deal', by: 'sam' },
    });
    expect(events(won, 'poc.converted')[0]).toMatchObject({
      notify: { role: 'regional_ops', person: 'rita' },
      after: { nextStep: 'delivery-handoff', criteriaTotal: 2 },
    });

    const lost = active();
    expect(rejection(lost, { type: 'lose', reason: 'other' })).toEqual({
      kind: 'invalid-transition',
      message: 'A loss for reason "other" needs a note saying what it was',
    });
    expect(rejection(lost, { type: 'lose', reason: 'bad-luck' as never })).toMatchObject({
      kind: 'invalid-transition',
      message: expect.stringContaining('feature-gap, price, competitor, timing, no-decision, other'),
    });
    expect(rejection(lost, { type: 'convert', nextStep: 'party' as never })).toMatchObject({
      kind: 'invalid-transition',
    });
    act(lost, { type: 'lose', reason: 'competitor', note: 'chose a cheaper rival' }, 'sam', day('2026-03-20'));
    expect(lost.outcome).toMatchObject({ stage: 'lost', lossReason: 'competitor', note: 'chose a cheaper rival' });
    expect(pocProjectionOf(lost, 0).outcome).toMatchObject({ stage: 'lost', lossReason: 'competitor', nextStep: null });
  });

  it('can be withdrawn from any stage that is not final, with a reason', () => {
    for (const state of [requested(), ready(), active()]) {
      expect(rejection(state, { type: 'withdraw', reason: '' })).toMatchObject({
        kind: 'invalid-transition',
        message: 'Withdrawing a trial needs a reason',
      });
      act(state, { type: 'withdraw', reason: 'deal went another way' }, 'sam', day('2026-03-12'));
      expect(state.stage).toBe('cancelled');
      expect(pendingPocAlarms(state, MON_FRI)).toEqual([]);
    }
  });

  it('refuses an action against a version the caller did not see', () => {
    const state = active();
    expect(
      rejection(state, { type: 'check-in', summary: 'ok', health: 'green' }, 'sam', day('2026-03-10'), state.seq - 1),
    ).toEqual({
      kind: 'stale-version',
      message: `The POC for acme (opportunity OPP-1) is at version ${state.seq}, not ${state.seq - 1}; reload and retry`,
    });
    expect(
      rejection(state, { type: 'check-in', summary: 'ok', health: 'green' }, 'sam', day('2026-03-10'), state.seq),
    ).toBeUndefined();
  });
});

describe('projection', () => {
  it('carries what the regional dashboard needs, and only the events after the last write', () => {
    const state = active();
    act(
      state,
      { type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: 'report' },
      'priya',
      day('2026-03-12'),
    );
    const projection = pocProjectionOf(state, 3);
    expect(projection).toMatchObject({
      trialId: 'poc:acme:OPP-1',
      workflowId: 'poc:acme:OPP-1',
      region: 'east',
      industry: 'retail',
      amount: 50_000,
      stage: 'active',
      stageEnteredAt: day('2026-03-09').toISOString(),
      criteriaTotal: 2,
      criteriaMet: 1,
      criteriaUnmet: 0,
      environment: { url: 'https://acme.trial.example', reference: 'env-1', manual: false },
      nextCheckInDue: '2026-03-16',
      outcome: null,
      seq: state.seq,
    });
    expect(projection.stageHistory.map((entry) => entry.stage)).toEqual([
      'requested',
      'approved',
      'provisioning',
      'ready',
      'active',
    ]);
    expect(projection.events.map((event) => event.n)).toEqual(
      state.timeline.filter((event) => event.n > 3).map((event) => event.n),
    );
  });

  it('trims only events the read model already has', () => {
    const state = active();
    for (let index = 0; index < POC_TIMELINE_KEPT_IN_STATE + 10; index += 1) {
      act(state, { type: 'check-in', summary: `note ${index}`, health: 'green' }, 'sam', day('2026-03-10'));
    }
    const total = state.timeline.length;
    trimTimeline(state, 5);
    expect(state.timeline).toHaveLength(total - 5);
    trimTimeline(state, state.eventCount);
    expect(state.timeline).toHaveLength(POC_TIMELINE_KEPT_IN_STATE);
    expect(state.timeline.at(-1)!.n).toBe(state.eventCount);
  });
});
