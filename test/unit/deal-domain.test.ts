import { wordText } from '../../domain/shared/text';
import { DEAL_TEXT } from '../../domain/deal/text';
import { workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { CN_MAINLAND_CALENDAR } from '../../domain/shared/shipped-calendars';
import { applyDealAction, dealActionRejection, type DealAction, type DealRejection } from '../../domain/deal/actions';
import { fireDealAlarms, msUntilNextDealAlarm, pendingDealAlarms } from '../../domain/deal/alarms';
import { createDealState, dealInputProblems } from '../../domain/deal/create';
import { dealProjectionOf } from '../../domain/deal/projection';
import { dealWorkflowId, isFinished } from '../../domain/deal/transitions';
import type { DealState, DealSupportInput, DealTimelineEventType } from '../../domain/deal/types';
import type { Role } from '../../domain/shared/roles';
import { FIXTURE_ASSIGNEES, dealInput } from '../helpers/deal-fixtures';

/**
 * The case used throughout: requested Thursday 2026-03-05 09:00 UTC for a competitive brief and a
 * pricing exception; the response is due in 2 business days on mon-fri, so Monday 2026-03-09.
 */
const REQUESTED = new Date('2026-03-05T09:00:00Z');
const input = (overrides: Partial<Parameters<typeof dealInput>[0]> = {}): DealSupportInput =>
  dealInput({ dueDate: '2026-03-20', ...overrides });
const calendarOf = (deal: DealSupportInput) => workingDays(deal.calendar.definition);
const MON_FRI = calendarOf(input());
const CN = { key: 'cn-mainland', definition: businessCalendarSchema.parse(CN_MAINLAND_CALENDAR) };

const at = (iso: string) => new Date(iso);
const day = (date: string, time = '09:00:00') => new Date(`${date}T${time}Z`);

function rejection(
  state: DealState,
  action: DealAction,
  actor = 'petra',
  actorRoles: Role[] = ['presales'],
  now = REQUESTED,
  expectedSeq?: number,
): Omit<DealRejection, 'text'> | undefined {
  const refused = dealActionRejection(
    state,
    { action, actor, actorRoles, ...(expectedSeq === undefined ? {} : { expectedSeq }) },
    { now },
  );
  if (!refused) return undefined;
  const { text, ...rest } = refused;
  // The catalog text is the same refusal: worded in English it is the message the API has always sent.
  expect(wordText(DEAL_TEXT, text, 'en')).toBe(rest.message);
  return rest;
}

function act(
  state: DealState,
  action: DealAction,
  actor: string,
  now: Date,
  actorRoles: Role[] = ['presales'],
): DealState {
  const refused = rejection(state, action, actor, actorRoles, now);
  if (refused) throw new Error(`refused: ${refused.kind}: ${refused.message}`);
  applyDealAction(state, { action, actor, actorRoles }, { now });
  return state;
}

const events = (state: DealState, type: DealTimelineEventType) => state.timeline.filter((event) => event.type === type);
const fire = (state: DealState, now: Date, calendar = MON_FRI) => fireDealAlarms(state, calendar, now);

function requested(deal = input(), now = REQUESTED): DealState {
  return createDealState(deal, calendarOf(deal), now);
}

const assigneesFor = (state: DealState) =>
  Object.fromEntries(state.supportTypes.map((type) => [type, FIXTURE_ASSIGNEES[type]]));

/** Accepted by petra on the request day. */
function triaged(deal = input()): DealState {
  const state = requested(deal);
  return act(state, { type: 'accept', assignees: assigneesFor(state) }, 'petra', day('2026-03-05', '11:00:00'));
}

/** Triaged, then the first brief logged on Friday 2026-03-06. */
function inProgress(deal = input()): DealState {
  return act(
    triaged(deal),
    {
      type: 'log-support',
      supportType: 'competitive-brief',
      summary: 'Brief on rival-co pricing',
      outcome: 'sales has talking points',
    },
    'priya',
    day('2026-03-06'),
  );
}

describe('deal-support requests', () => {
  it('keys the workflow by account and opportunity, encoding each part', () => {
    expect(dealWorkflowId('acme', 'OPP-1')).toBe('deal:acme:OPP-1');
    expect(dealWorkflowId(' acme ', 'OPP-1 ')).toBe(dealWorkflowId('acme', 'OPP-1'));
    expect(dealWorkflowId('a:b', 'c')).toBe('deal:a%3Ab:c');
    expect(dealWorkflowId('a:b', 'c')).not.toBe(dealWorkflowId('a', 'b:c'));
  });

  it('accepts the fixture and names every field at fault in a bad request', () => {
    expect(dealInputProblems(input())).toEqual([]);
    const bad = input({
      rules: {
        responseSla: { days: 0, unit: 'business-days' },
        pricingApproverRole: 'ceo' as never,
        lessonRemindersDaysAfterClose: [14],
      },
      supportTypes: ['competitive-brief', 'lunch' as never, 'competitive-brief'],
    });
    bad.request.account = ' ';
    bad.request.dueDate = '2026-02-30';
    bad.request.opportunity.amount = -1;
    bad.request.competitors = ['rival-co', ''];
    expect(dealInputProblems(bad)).toEqual([
      'request.account is required',
      'request.opportunity.amount must be a number of at least 0',
      'request.dueDate must be a YYYY-MM-DD date, not "2026-02-30"',
      'request.competitors[1] is blank',
      'request.supportTypes[1] must be one of competitive-brief, technical-exchange, customer-visit, industry-solution, pricing-exception, not "lunch"',
      'request.supportTypes: "competitive-brief" is asked for twice',
      'rules.responseSla.days must be a whole number of at least 1',
      expect.stringMatching(/^rules\.pricingApproverRole must be one of ops_manager, .*, not "ceo"$/),
      'rules.lessonRemindersDaysAfterClose[0] must come before the lesson deadline of 14 days',
    ]);
    expect(dealInputProblems(input({ supportTypes: [] }))).toEqual([
      'request.supportTypes needs at least one support type',
    ]);
  });

  it('starts requested, one open support item per type, the pricing exception pending, and the rules pinned', () => {
    const state = requested();
    expect(state).toMatchObject({
      dealId: 'deal:acme:OPP-1',
      stage: 'requested',
      competitors: ['rival-co'],
      dueDate: '2026-03-20',
      response: { dueDate: '2026-03-09', dueApproximate: false, overdue: false },
      pricing: { status: 'pending' },
      rules: {
        pricingApproverRole: 'ops_manager',
        triageRole: 'presales',
        lessonRemindersDaysAfterClose: [2],
        lessonDeadlineDays: 14,
      },
      lessonDue: false,
      seq: 1,
    });
    expect(state.supportItems).toEqual([
      { type: 'competitive-brief', assignees: [], status: 'open', log: [] },
      { type: 'pricing-exception', assignees: [], status: 'open', log: [] },
    ]);
    expect(state.stageHistory).toEqual([{ stage: 'requested', enteredAt: REQUESTED.toISOString(), by: 'sam' }]);
    expect(events(state, 'deal.requested')[0]).toMatchObject({
      actor: 'sam',
      notify: { role: 'presales', person: 'petra' },
    });
    expect(requested(input({ supportTypes: ['customer-visit'] })).pricing).toBeUndefined();
  });
});

describe('response SLA', () => {
  it('counts business days on mon-fri, skipping the weekend', () => {
    // Thursday + 2 business days = Monday.
    expect(requested().response.dueDate).toBe('2026-03-09');
    expect(requested(input(), day('2026-03-06')).response.dueDate).toBe('2026-03-10');
    expect(requested(input({ rules: { responseSla: { days: 3, unit: 'calendar-days' } } })).response.dueDate).toBe(
      '2026-03-08',
    );
  });

  it('counts business days on cn-mainland across a holiday and a worked Saturday', () => {
    // Friday 2026-04-03, then Qingming (04-04..04-06): Tuesday is the first business day, Wednesday the second.
    expect(requested(input({ calendar: CN }), day('2026-04-03')).response).toMatchObject({
      dueDate: '2026-04-08',
      dueApproximate: false,
    });
    // Thursday 2026-04-30, then Labour Day (05-01..05-05).
    expect(requested(input({ calendar: CN }), day('2026-04-30')).response.dueDate).toBe('2026-05-07');
    // Friday 2026-02-27: Saturday 02-28 is worked (调休), so it is the first business day.
    expect(
      requested(input({ calendar: CN, rules: { responseSla: { days: 1, unit: 'business-days' } } }), day('2026-02-27'))
        .response.dueDate,
    ).toBe('2026-02-28');
    // A count into 2027, whose holidays are not listed yet, is approximate.
    expect(requested(input({ calendar: CN }), day('2026-12-31')).response.dueApproximate).toBe(true);
  });

  it('reminds the triage role 1 business day before and on the due day, then escalates to the ops manager', () => {
    const state = requested();
    expect(pendingDealAlarms(state, MON_FRI).map((alarm) => [alarm.id, new Date(alarm.at).toISOString()])).toEqual([
      ['response@2026-03-09:reminder:1', '2026-03-06T00:00:00.000Z'],
      ['response@2026-03-09:reminder:0', '2026-03-09T00:00:00.000Z'],
      ['response@2026-03-09:escalation', '2026-03-10T00:00:00.000Z'],
    ]);
    expect(msUntilNextDealAlarm(state, MON_FRI, REQUESTED)).toBe(
      Date.parse('2026-03-06T00:00:00Z') - REQUESTED.getTime(),
    );
    expect(fire(state, at('2026-03-05T23:59:59Z'))).toBe(false);

    expect(fire(state, at('2026-03-06T00:00:00Z'))).toBe(true);
    expect(events(state, 'deal.response-reminder')[0]).toMatchObject({
      actor: 'baton',
      notify: { role: 'presales', person: 'petra' },
      summary:
        'Reminder to petra (presales): accept or decline the deal support for acme (opportunity OPP-1), requested by sam; response due 2026-03-09',
      cause: {
        subject: 'response',
        rule: 'response reminder 1 business day before it is due',
        dueDate: '2026-03-09',
        calendar: 'mon-fri',
        scheduledFor: '2026-03-06T00:00:00.000Z',
      },
    });

    fire(state, at('2026-03-10T08:00:00Z'));
    expect(events(state, 'deal.response-reminder')).toHaveLength(2);
    const [escalation] = events(state, 'deal.response-escalation');
    expect(escalation).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      cause: {
        subject: 'response',
        rule: 'response SLA of 2 business days passed: escalation to ops_manager',
        scheduledFor: '2026-03-10T00:00:00.000Z',
      },
    });
    expect(state.response.overdue).toBe(true);
    expect(fire(state, at('2026-03-11T08:00:00Z'))).toBe(false);
    // Triaged late, the case keeps its overdue flag for SLA reports.
    act(state, { type: 'accept', assignees: assigneesFor(state) }, 'petra', at('2026-03-11T09:00:00Z'));
    expect(dealProjectionOf(state, 0)).toMatchObject({ responseOverdue: true, triagedBy: 'petra', stage: 'triaged' });
  });

  it('stops the response alarms once triaged, and a reminder already past at the request tells nobody', () => {
    const state = triaged();
    expect(pendingDealAlarms(state, MON_FRI)).toEqual([]);
    expect(fire(state, at('2026-03-12T00:00:00Z'))).toBe(false);

    // One business day, reminded 1 day before: that reminder is due at the start of the request day.
    const quick = requested(
      input({ rules: { responseSla: { days: 1, unit: 'business-days' }, responseRemindersBefore: [1] } }),
    );
    expect(fire(quick, at('2026-03-05T10:00:00Z'))).toBe(true);
    expect(events(quick, 'deal.response-reminder')).toHaveLength(0);
    expect(quick.firedAlarms).toEqual(['response@2026-03-06:reminder:1']);
  });
});

describe('triage and support actions', () => {
  it('refuses actions out of stage, stale versions, and triage without everyone assigned', () => {
    const state = requested();
    expect(
      rejection(state, { type: 'log-support', supportType: 'competitive-brief', summary: 's', outcome: 'o' }),
    ).toEqual({
      kind: 'invalid-transition',
      message:
        'The deal support for acme (opportunity OPP-1) is requested; log-support needs it triaged or in progress',
    });
    expect(rejection(state, { type: 'decline', reason: 'x' }, 'petra', ['presales'], REQUESTED, 7)).toEqual({
      kind: 'stale-version',
      message: 'The deal support for acme (opportunity OPP-1) is at version 1, not 7; reload and retry',
    });
    expect(
      rejection(state, { type: 'accept', assignees: { 'competitive-brief': ['priya'], 'pricing-exception': [' '] } }),
    ).toEqual({
      kind: 'invalid-transition',
      message: 'Accepting the deal support for acme (opportunity OPP-1) needs someone assigned to pricing-exception',
    });
    expect(
      rejection(state, { type: 'accept', assignees: { ...assigneesFor(state), 'customer-visit': ['vera'] } }),
    ).toEqual({
      kind: 'unknown-item',
      message:
        'The deal support for acme (opportunity OPP-1) was not asked for "customer-visit" (it has competitive-brief, pricing-exception)',
    });
    expect(rejection(state, { type: 'decline', reason: ' ' })).toEqual({
      kind: 'invalid-transition',
      message: 'Declining a support request needs a reason',
    });
  });

  it('declines with a reason and ends the case without asking for a lesson', () => {
    const state = act(
      requested(),
      { type: 'decline', reason: 'the deal is too small for HQ support' },
      'petra',
      day('2026-03-05', '12:00:00'),
    );
    expect(state).toMatchObject({
      stage: 'declined',
      outcome: { stage: 'declined', reason: 'the deal is too small for HQ support', handoffRequested: false },
      lessonDue: false,
      endedAt: '2026-03-05T12:00:00.000Z',
    });
    expect(isFinished(state)).toBe(true);
    expect(events(state, 'deal.declined')[0]!.notify).toEqual({ role: 'sales', person: 'sam' });
    expect(rejection(state, { type: 'withdraw', reason: 'x' })).toEqual({
      kind: 'invalid-transition',
      message: 'The deal support for acme (opportunity OPP-1) is declined and takes no more withdraw actions',
    });
  });

  it('assigns people per support type, moves to in progress with the first support action, and logs each with its outcome', () => {
    const state = triaged();
    expect(state.stage).toBe('triaged');
    expect(state.supportItems.map((item) => [item.type, item.assignees])).toEqual([
      ['competitive-brief', ['priya']],
      ['pricing-exception', ['olga']],
    ]);
    expect(
      rejection(state, { type: 'log-support', supportType: 'customer-visit', summary: 's', outcome: 'o' }),
    ).toEqual({
      kind: 'unknown-item',
      message:
        'The deal support for acme (opportunity OPP-1) was not asked for "customer-visit" (it has competitive-brief, pricing-exception)',
    });
    expect(
      rejection(state, { type: 'log-support', supportType: 'competitive-brief', summary: 'Brief', outcome: '' }),
    ).toEqual({
      kind: 'evidence-required',
      message: 'A support action needs a summary and its outcome',
    });

    act(
      state,
      {
        type: 'log-support',
        supportType: 'competitive-brief',
        summary: 'Brief on rival-co pricing',
        outcome: 'sales has talking points',
      },
      'priya',
      day('2026-03-06'),
    );
    act(
      state,
      {
        type: 'log-support',
        supportType: 'competitive-brief',
        summary: 'Call with the CIO',
        outcome: 'rival-co no longer shortlisted',
      },
      'priya',
      day('2026-03-09'),
    );
    expect(state.stage).toBe('in_progress');
    expect(state.stageHistory.map((entry) => [entry.stage, entry.by])).toEqual([
      ['requested', 'sam'],
      ['triaged', 'petra'],
      ['in_progress', 'priya'],
    ]);
    expect(state.supportItems[0]!.log).toEqual([
      {
        at: '2026-03-06T09:00:00.000Z',
        by: 'priya',
        summary: 'Brief on rival-co pricing',
        outcome: 'sales has talking points',
      },
      {
        at: '2026-03-09T09:00:00.000Z',
        by: 'priya',
        summary: 'Call with the CIO',
        outcome: 'rival-co no longer shortlisted',
      },
    ]);
    expect(rejection(state, { type: 'complete-support', supportType: 'competitive-brief', outcome: ' ' })).toEqual({
      kind: 'evidence-required',
      message: 'Completing the competitive-brief support needs its outcome',
    });
    act(
      state,
      { type: 'complete-support', supportType: 'competitive-brief', outcome: 'brief delivered' },
      'priya',
      day('2026-03-10'),
    );
    expect(state.supportItems[0]).toMatchObject({ status: 'done', outcome: 'brief delivered', completedBy: 'priya' });
    expect(
      rejection(state, { type: 'log-support', supportType: 'competitive-brief', summary: 'more', outcome: 'o' }),
    ).toEqual({
      kind: 'invalid-transition',
      message: 'The competitive-brief support of the deal support for acme (opportunity OPP-1) is already done',
    });
  });
});

describe('pricing exception', () => {
  it('is decided only by the configured role, and gates a win until approved', () => {
    const state = inProgress();
    expect(rejection(state, { type: 'close-won' }, 'sam', ['sales'])).toEqual({
      kind: 'invalid-transition',
      message:
        'The deal support for acme (opportunity OPP-1) cannot close won before its pricing exception is approved by ops_manager',
    });
    expect(rejection(state, { type: 'approve-pricing' }, 'sam', ['sales', 'regional_ops'])).toEqual({
      kind: 'forbidden',
      message: 'Deciding the pricing exception needs the ops_manager role; sam has sales, regional_ops',
    });
    expect(rejection(state, { type: 'reject-pricing', reason: 'no' }, 'sam', [])).toEqual({
      kind: 'forbidden',
      message: 'Deciding the pricing exception needs the ops_manager role; sam has no role',
    });
    expect(rejection(state, { type: 'reject-pricing', reason: '' }, 'olga', ['ops_manager'])).toEqual({
      kind: 'invalid-transition',
      message: 'Rejecting a pricing exception needs a reason',
    });

    act(state, { type: 'approve-pricing', note: '8% off list' }, 'olga', day('2026-03-10'), ['ops_manager']);
    expect(state.pricing).toEqual({
      status: 'approved',
      decidedBy: 'olga',
      decidedAt: '2026-03-10T09:00:00.000Z',
      note: '8% off list',
    });
    expect(events(state, 'deal.pricing-approved')[0]!.notify).toEqual({ role: 'sales', person: 'sam' });
    expect(rejection(state, { type: 'approve-pricing' }, 'olga', ['ops_manager'])).toEqual({
      kind: 'invalid-transition',
      message: 'The pricing exception of the deal support for acme (opportunity OPP-1) was already approved by olga',
    });
    expect(rejection(state, { type: 'close-won' }, 'sam', ['sales'])).toBeUndefined();
  });

  it('takes its approver role from the rules, and a rejected exception blocks a win', () => {
    const state = inProgress(input({ rules: { pricingApproverRole: 'regional_ops' } }));
    expect(rejection(state, { type: 'approve-pricing' }, 'olga', ['ops_manager'])).toMatchObject({
      kind: 'forbidden',
      message: 'Deciding the pricing exception needs the regional_ops role; olga has ops_manager',
    });
    act(state, { type: 'reject-pricing', reason: 'margin too thin' }, 'rita', day('2026-03-10'), ['regional_ops']);
    expect(rejection(state, { type: 'close-won' }, 'sam', ['sales'])).toEqual({
      kind: 'invalid-transition',
      message:
        'The deal support for acme (opportunity OPP-1) cannot close won: its pricing exception was rejected (margin too thin)',
    });
    expect(rejection(state, { type: 'close-lost', reason: 'price' }, 'sam', ['sales'])).toBeUndefined();
  });

  it('has nothing to decide when none was asked for', () => {
    const state = inProgress(input({ supportTypes: ['competitive-brief'] }));
    expect(rejection(state, { type: 'approve-pricing' }, 'olga', ['ops_manager'])).toEqual({
      kind: 'invalid-transition',
      message: 'The deal support for acme (opportunity OPP-1) has no pricing exception to decide',
    });
    expect(rejection(state, { type: 'close-won' }, 'sam', ['sales'])).toBeUndefined();
  });
});

describe('outcome and lesson', () => {
  function won(): DealState {
    const state = inProgress();
    act(state, { type: 'approve-pricing' }, 'olga', day('2026-03-10'), ['ops_manager']);
    act(
      state,
      { type: 'complete-support', supportType: 'competitive-brief', outcome: 'rival-co dropped' },
      'priya',
      day('2026-03-11'),
    );
    return act(state, { type: 'close-won', note: 'signed for 3 years' }, 'sam', day('2026-03-12'), ['sales']);
  }

  it('closes won once triaged, with the delivery handoff requested and its package pre-filled', () => {
    expect(rejection(requested(), { type: 'close-won' }, 'sam', ['sales'])).toMatchObject({
      kind: 'invalid-transition',
      message: expect.stringMatching(/is requested; close-won needs it triaged or in progress$/),
    });
    const early = triaged(input({ supportTypes: ['competitive-brief'] }));
    expect(rejection(early, { type: 'close-won' }, 'sam', ['sales'])).toBeUndefined();
    const state = won();
    expect(state).toMatchObject({ stage: 'closed_won', closedOn: '2026-03-12', lessonDue: true, lessonMissing: false });
    expect(state.endedAt).toBeUndefined();
    expect(isFinished(state)).toBe(false);
    expect(state.outcome).toEqual({
      stage: 'closed_won',
      at: '2026-03-12T09:00:00.000Z',
      by: 'sam',
      note: 'signed for 3 years',
      handoffRequested: true,
      handoffPackage: {
        account: 'acme',
        opportunity: 'OPP-1',
        amount: 120_000,
        currency: 'CNY',
        region: 'east',
        salesOwner: 'sam',
        supportSummary: [
          {
            supportType: 'competitive-brief',
            assignees: ['priya'],
            status: 'done',
            actions: 1,
            outcome: 'rival-co dropped',
          },
          { supportType: 'pricing-exception', assignees: ['olga'], status: 'open', actions: 0 },
        ],
      },
    });
    expect(events(state, 'deal.won')[0]).toMatchObject({
      notify: { role: 'presales', person: 'petra' },
      after: { handoffRequested: true, lessonDue: true },
    });
  });

  it('closes lost with a reason from the taxonomy; "other" needs a note', () => {
    const state = triaged();
    expect(rejection(state, { type: 'close-lost', reason: 'weather' as never }, 'sam')).toEqual({
      kind: 'invalid-transition',
      message:
        'The loss reason must be one of price, competitor, feature-gap, timing, no-decision, other, not "weather"',
    });
    expect(rejection(state, { type: 'close-lost', reason: 'other' }, 'sam')).toEqual({
      kind: 'invalid-transition',
      message: 'A loss for reason "other" needs a note saying what it was',
    });
    act(
      state,
      { type: 'close-lost', reason: 'competitor', note: 'rival-co bundled hardware' },
      'sam',
      day('2026-03-06'),
    );
    expect(state).toMatchObject({
      stage: 'closed_lost',
      lessonDue: true,
      outcome: {
        stage: 'closed_lost',
        lossReason: 'competitor',
        note: 'rival-co bundled hardware',
        handoffRequested: false,
      },
    });
    expect(state.outcome!.handoffPackage).toBeUndefined();
  });

  it('asks for the lesson, reminds 2 days after closing, and ends once it is recorded', () => {
    const state = won();
    expect(
      rejection(state, { type: 'log-support', supportType: 'competitive-brief', summary: 's', outcome: 'o' }),
    ).toEqual({
      kind: 'invalid-transition',
      message: 'The deal support for acme (opportunity OPP-1) is closed won and takes no more log-support actions',
    });
    expect(rejection(state, { type: 'withdraw', reason: 'x' }, 'sam')).toMatchObject({ kind: 'invalid-transition' });
    expect(pendingDealAlarms(state, MON_FRI).map((alarm) => [alarm.id, new Date(alarm.at).toISOString()])).toEqual([
      ['lesson@2026-03-12:reminder:2', '2026-03-14T00:00:00.000Z'],
      ['lesson@2026-03-12:missing', '2026-03-26T00:00:00.000Z'],
    ]);
    fire(state, at('2026-03-14T01:00:00Z'));
    expect(events(state, 'deal.lesson-reminder')[0]).toMatchObject({
      notify: { role: 'sales', person: 'sam' },
      summary:
        'Reminder to sam (sales): record the lesson of the deal support for acme (opportunity OPP-1) (closed won) by 2026-03-26',
      cause: {
        subject: 'lesson',
        rule: 'lesson reminder 2 days after the case closed on 2026-03-12',
        dueDate: '2026-03-26',
      },
    });
    expect(rejection(state, { type: 'lesson', text: '  ' }, 'sam')).toEqual({
      kind: 'evidence-required',
      message: 'A lesson needs its text: what would you tell the next team on a deal like this?',
    });
    act(
      state,
      { type: 'lesson', text: ' Bring the pricing approver in before the proposal. ' },
      'sam',
      day('2026-03-15'),
    );
    expect(state).toMatchObject({
      stage: 'closed_won',
      lessonDue: false,
      lesson: { text: 'Bring the pricing approver in before the proposal.', by: 'sam' },
      endedAt: '2026-03-15T09:00:00.000Z',
    });
    expect(isFinished(state)).toBe(true);
    expect(pendingDealAlarms(state, MON_FRI)).toEqual([]);
    expect(rejection(state, { type: 'lesson', text: 'again' }, 'sam')).toEqual({
      kind: 'invalid-transition',
      message: 'The deal support for acme (opportunity OPP-1) already has its lesson',
    });
  });

  it('marks the lesson missing 14 days after closing and ends the case', () => {
    const state = triaged();
    act(state, { type: 'close-lost', reason: 'timing', note: 'budget moved to next year' }, 'sam', day('2026-03-06'));
    expect(fire(state, at('2026-03-19T23:00:00Z'))).toBe(true); // the reminder only
    expect(state.lessonDue).toBe(true);
    fire(state, at('2026-03-20T00:00:00Z'));
    expect(state).toMatchObject({ lessonDue: false, lessonMissing: true, endedAt: '2026-03-20T00:00:00.000Z' });
    expect(events(state, 'deal.lesson-missing')[0]).toMatchObject({
      actor: 'baton',
      summary:
        'The deal support for acme (opportunity OPP-1) ended without its lesson: no lesson within 14 days of closing on 2026-03-06',
    });
    expect(isFinished(state)).toBe(true);
    expect(rejection(state, { type: 'lesson', text: 'late' }, 'sam')).toEqual({
      kind: 'invalid-transition',
      message: 'The deal support for acme (opportunity OPP-1) is closed lost and asks for no lesson',
    });
  });

  it('withdraws from any open stage and stops every timer', () => {
    for (const state of [requested(), triaged(), inProgress()]) {
      expect(rejection(state, { type: 'withdraw', reason: '' }, 'sam')).toEqual({
        kind: 'invalid-transition',
        message: 'Withdrawing a support request needs a reason',
      });
      act(state, { type: 'withdraw', reason: 'customer paused the project' }, 'sam', day('2026-03-06'));
      expect(state).toMatchObject({
        stage: 'withdrawn',
        lessonDue: false,
        outcome: { stage: 'withdrawn', reason: 'customer paused the project' },
      });
      expect(isFinished(state)).toBe(true);
      expect(pendingDealAlarms(state, MON_FRI)).toEqual([]);
    }
  });
});

describe('projection', () => {
  it('mirrors the case for lists, dashboards and lesson search, with only the unseen events', () => {
    const state = inProgress();
    act(state, { type: 'close-lost', reason: 'price', note: 'rival-co 20% cheaper' }, 'sam', day('2026-03-09'));
    act(
      state,
      { type: 'lesson', text: 'Ask for the pricing exception at triage, not at the end.' },
      'sam',
      day('2026-03-10'),
    );
    const projection = dealProjectionOf(state, 2);
    expect(projection).toMatchObject({
      dealId: 'deal:acme:OPP-1',
      workflowId: 'deal:acme:OPP-1',
      account: 'acme',
      region: 'east',
      opportunityId: 'OPP-1',
      amount: 120_000,
      currency: 'CNY',
      dealStage: 'proposal',
      competitors: ['rival-co'],
      supportTypes: ['competitive-brief', 'pricing-exception'],
      stage: 'closed_lost',
      responseDueDate: '2026-03-09',
      responseOverdue: false,
      triagedBy: 'petra',
      pricing: { status: 'pending', decidedBy: null },
      outcome: {
        stage: 'closed_lost',
        lossReason: 'price',
        note: 'rival-co 20% cheaper',
        handoffRequested: false,
        handoffPackage: null,
      },
      lessonDue: false,
      lesson: { text: 'Ask for the pricing exception at triage, not at the end.', by: 'sam' },
      lessonMissing: false,
      endedAt: '2026-03-10T09:00:00.000Z',
      seq: state.seq,
    });
    expect(projection.supportItems).toEqual([
      {
        supportType: 'competitive-brief',
        assignees: ['priya'],
        status: 'open',
        actions: 1,
        lastActionAt: '2026-03-06T09:00:00.000Z',
        outcome: null,
        completedAt: null,
      },
      {
        supportType: 'pricing-exception',
        assignees: ['olga'],
        status: 'open',
        actions: 0,
        lastActionAt: null,
        outcome: null,
        completedAt: null,
      },
    ]);
    expect(projection.stageHistory.map((entry) => entry.stage)).toEqual([
      'requested',
      'triaged',
      'in_progress',
      'closed_lost',
    ]);
    expect(projection.events.map((event) => [event.n, event.type])).toEqual([
      [3, 'deal.support-logged'],
      [4, 'deal.lost'],
      [5, 'deal.lesson-recorded'],
    ]);
  });
});
