import { wordText } from '../../domain/shared/text';
import { RENEWAL_TEXT } from '../../domain/renewal/text';
import { workingDays } from '../../domain/shared/business-calendar';
import {
  applyRenewalAction,
  defaultNextContractEnd,
  renewalActionRejection,
  type RenewalAction,
  type RenewalRejection,
} from '../../domain/renewal/actions';
import { fireRenewalAlarms, msUntilNextRenewalAlarm, pendingRenewalAlarms } from '../../domain/renewal/alarms';
import { healthCheckFailed, healthCheckSucceeded } from '../../domain/renewal/assessment';
import { createRenewalState, renewalInputProblems, renewalRulesProblems } from '../../domain/renewal/create';
import { healthBand, healthScore } from '../../domain/renewal/health';
import { healthFiguresSchema } from '../../domain/renewal/health-schema';
import { renewalProjectionOf } from '../../domain/renewal/projection';
import { DEFAULT_RENEWAL_RULES, planTerm, resolveRenewalRules, stepOf } from '../../domain/renewal/transitions';
import type {
  RenewalFollowUpInput,
  RenewalRules,
  RenewalState,
  RenewalTimelineEventType,
} from '../../domain/renewal/types';
import { renewalWorkflowId } from '../../domain/shared/lifecycle';
import { AT_RISK_FIGURES, HEALTHY_FIGURES, MON_FRI, renewalInput } from '../helpers/renewal-fixtures';

/**
 * The contract used throughout: term 2027-01-01 to 2027-12-31, follow-up started Monday 2027-01-04.
 * Counted back from the end: health review Thursday 2027-09-02 (120 days), proposal Saturday
 * 2027-10-02 (90), negotiation Monday 2027-11-01 (60), outcome Wednesday 2027-12-01 (30), last call
 * Friday 2027-12-24 (7), lapsed 2028-01-01.
 */
const STARTED = new Date('2027-01-04T09:00:00Z');
const TERM = { termStart: '2027-01-01', contractEnd: '2027-12-31' };
const CALENDAR = workingDays(MON_FRI.definition);
const day = (date: string, time = '09:00:00') => new Date(`${date}T${time}Z`);

const started = (input: RenewalFollowUpInput = renewalInput(TERM), now = STARTED) => createRenewalState(input, now);

function rejection(
  state: RenewalState,
  action: RenewalAction,
  expectedSeq?: number,
): Omit<RenewalRejection, 'text'> | undefined {
  const refused = renewalActionRejection(state, {
    action,
    actor: 'ana',
    ...(expectedSeq === undefined ? {} : { expectedSeq }),
  });
  if (!refused) return undefined;
  const { text, ...rest } = refused;
  // The catalog text is the same refusal: worded in English it is the message the API has always sent.
  expect(wordText(RENEWAL_TEXT, text, 'en')).toBe(rest.message);
  return rest;
}

function act(state: RenewalState, action: RenewalAction, now: Date, actor = 'ana'): RenewalState {
  const refused = rejection(state, action);
  if (refused) throw new Error(`refused: ${refused.kind}: ${refused.message}`);
  applyRenewalAction(state, { action, actor }, now);
  return state;
}

const events = (state: RenewalState, type: RenewalTimelineEventType) =>
  state.timeline.filter((event) => event.type === type);
const alarmTimes = (state: RenewalState) =>
  pendingRenewalAlarms(state, CALENDAR).map((alarm) => [
    alarm.id.replace(/^t\d+:/, ''),
    new Date(alarm.at).toISOString().slice(0, 10),
  ]);

describe('the health score', () => {
  it('gives full points to a customer who uses what they bought', () => {
    const { score, components } = healthScore(HEALTHY_FIGURES);
    expect(score).toBe(100);
    expect(components.map((component) => [component.key, component.points, component.max])).toEqual([
      ['seat-utilisation', 30, 30],
      ['activation', 20, 20],
      ['usage-trend', 20, 20],
      ['critical-tickets', 15, 15],
      ['nps', 15, 15],
    ]);
  });

  it('scores each component by its documented rule', () => {
    // 40% of seats: 15 of 30; activation 45%: 10 of 20; usage -10%: 10 of 20; 1 ticket: 10 of 15; NPS 0: 7.5 of 15.
    const { score, components } = healthScore({
      seatsPurchased: 50,
      activeUsers: 20,
      activationRate: 0.45,
      usageTrend: -0.1,
      openCriticalTickets: 1,
      nps: 0,
    });
    expect(components.map((component) => component.points)).toEqual([15, 10, 10, 10, 7.5]);
    expect(score).toBe(53);
    expect(healthScore(AT_RISK_FIGURES).score).toBe(21);
  });

  it('caps and floors each component', () => {
    const generous = healthScore({
      seatsPurchased: 10,
      activeUsers: 40,
      activationRate: 1,
      usageTrend: 3,
      openCriticalTickets: 0,
      nps: 100,
    });
    expect(generous.score).toBe(100);
    const dire = healthScore({
      seatsPurchased: 10,
      activeUsers: 0,
      activationRate: 0,
      usageTrend: -0.9,
      openCriticalTickets: 12,
      nps: -100,
    });
    expect(dire.components.map((component) => component.points)).toEqual([0, 0, 0, 0, 0]);
    expect(dire.score).toBe(0);
  });

  it('leaves out a missing optional figure and scales over what is present', () => {
    // Seats 30 of 30 and tickets 5 of 15 (two open): 35 of 45 possible.
    const { score, components } = healthScore({ seatsPurchased: 10, activeUsers: 8, openCriticalTickets: 2 });
    expect(components.map((component) => component.key)).toEqual(['seat-utilisation', 'critical-tickets']);
    expect(score).toBe(Math.round((100 * 35) / 45));
  });

  it('puts scores in bands at the thresholds', () => {
    const thresholds = { watchBelow: 70, atRiskBelow: 50 };
    expect([100, 70, 69, 50, 49, 0].map((score) => healthBand(score, thresholds))).toEqual([
      'healthy',
      'healthy',
      'watch',
      'watch',
      'at-risk',
      'at-risk',
    ]);
  });

  it.each([
    [{ ...HEALTHY_FIGURES, seatsPurchased: 0 }, 'seatsPurchased'],
    [{ ...HEALTHY_FIGURES, activeUsers: -1 }, 'activeUsers'],
    [{ ...HEALTHY_FIGURES, activationRate: 1.5 }, 'activationRate'],
    [{ ...HEALTHY_FIGURES, nps: 101 }, 'nps'],
    [{ ...HEALTHY_FIGURES, openCriticalTickets: 0.5 }, 'openCriticalTickets'],
    [{ ...HEALTHY_FIGURES, usageTrend: -2 }, 'usageTrend'],
    [{ ...HEALTHY_FIGURES, logins: 5 }, ''],
  ])('refuses unusable figures (%j)', (figures, path) => {
    const parsed = healthFiguresSchema.safeParse(figures);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path.join('.')).toBe(path);
  });
});

describe('renewal starts and rules', () => {
  it('keys the workflow by account and contract, encoding each part', () => {
    expect(renewalWorkflowId('acme', 'C-1')).toBe('renewal:acme:C-1');
    expect(renewalWorkflowId(' acme ', 'C-1 ')).toBe('renewal:acme:C-1');
    expect(renewalWorkflowId('a:b', 'c')).toBe('renewal:a%3Ab:c');
  });

  it('accepts the fixture and the defaults (120/90/60/30/7 days)', () => {
    expect(renewalInputProblems(renewalInput(TERM))).toEqual([]);
    expect(resolveRenewalRules({})).toEqual(DEFAULT_RENEWAL_RULES);
    expect(
      resolveRenewalRules({
        proposalDaysBefore: 80,
        stepOwners: { negotiation: 'sales' } as RenewalRules['stepOwners'],
      }),
    ).toMatchObject({
      healthReviewDaysBefore: 120,
      proposalDaysBefore: 80,
      stepOwners: { health_review: 'customer_success', negotiation: 'sales' },
    });
  });

  it('names every problem of a bad start', () => {
    const input = renewalInput({
      termStart: '2027-02-30',
      contractEnd: '2027-12-31',
      account: ' ',
      value: -5,
      tier: '',
    });
    expect(renewalInputProblems(input)).toEqual([
      'start.account is required',
      'start.tier must not be blank when given',
      'start.value must be a number of at least 0',
      'start.termStart must be a YYYY-MM-DD date, not "2027-02-30"',
    ]);
    expect(renewalInputProblems(renewalInput({ termStart: '2027-12-31', contractEnd: '2027-01-01' }))).toEqual([
      'start.contractEnd 2027-01-01 is before start.termStart 2027-12-31',
    ]);
    expect(renewalInputProblems(renewalInput({ termStart: '2027-01-01', contractEnd: '2040-01-01' }))).toEqual([
      'start.contractEnd 2040-01-01 is more than ten years after start.termStart 2027-01-01',
    ]);
  });

  it.each<[Partial<RenewalRules>, string]>([
    [{ healthReviewDaysBefore: 0 }, 'rules.healthReviewDaysBefore must be a whole number from 1 to 3660'],
    [{ proposalDaysBefore: 90.5 }, 'rules.proposalDaysBefore must be a whole number from 1 to 3660'],
    [
      { negotiationDaysBefore: 90 },
      'rules.negotiationDaysBefore (90) must be fewer days than rules.proposalDaysBefore (90): each step comes after the one before',
    ],
    [
      { proposalDaysBefore: 130 },
      'rules.proposalDaysBefore (130) must be fewer days than rules.healthReviewDaysBefore (120): each step comes after the one before',
    ],
    [
      { lastCallDaysBefore: 30 },
      'rules.lastCallDaysBefore (30) must be fewer days than rules.outcomeDaysBefore (30): each step comes after the one before',
    ],
    [{ stepRemindersBefore: [2, -1] }, 'rules.stepRemindersBefore[1] must be a whole number from 0 to 60'],
    [{ stepEscalationDaysAfter: 0 }, 'rules.stepEscalationDaysAfter must be a whole number from 1 to 60'],
    [{ atRiskBelow: 80 }, 'rules.atRiskBelow (80) must not be above rules.watchBelow (70)'],
    [
      { stepOwners: { ...DEFAULT_RENEWAL_RULES.stepOwners, proposal: 'janitor' as 'sales' } },
      'rules.stepOwners.proposal must be one of ops_manager, regional_ops, project_manager, sales, presales, customer_success, product_manager, customer_service, admin, read_only, not "janitor"',
    ],
  ])('refuses rules %j', (rules, problem) => {
    expect(renewalRulesProblems(resolveRenewalRules(rules))).toEqual([problem]);
  });

  it('starts on its first term with every step dated back from the contract end', () => {
    const state = started();
    expect(state).toMatchObject({
      renewalId: 'renewal:acme:C-1',
      stage: 'health_review',
      tier: 'key',
      customerSuccessOwner: 'ana',
      seq: 1,
      pastTerms: [],
    });
    expect(state.term).toMatchObject({ number: 1, ...TERM, value: 100_000, compressed: false });
    expect(state.term.steps.map((step) => [step.key, step.dueDate, step.status, step.ownerRole])).toEqual([
      ['health_review', '2027-09-02', 'open', 'customer_success'],
      ['proposal', '2027-10-02', 'open', 'customer_success'],
      ['negotiation', '2027-11-01', 'open', 'customer_success'],
      ['outcome', '2027-12-01', 'open', 'customer_success'],
    ]);
    expect(state.timeline.map((event) => event.type)).toEqual(['renewal.started', 'renewal.term-planned']);
    expect(state.timeline[0]).toMatchObject({
      actor: 'ana',
      term: 1,
      notify: { role: 'customer_success', person: 'ana' },
    });
    expect(state.timeline[1]!.summary).toBe(
      'Term 1 of the renewal of acme (contract C-1) (2027-01-01 to 2027-12-31, 100000 CNY) is planned: health review by 2027-09-02, renewal proposal by 2027-10-02, negotiation by 2027-11-01, renewal outcome by 2027-12-01',
    );
    // A plan that needed no shortening tells nobody.
    expect(state.timeline[1]!.notify).toBeUndefined();
  });

  it('plans only what still makes sense when the contract ends 20 days after follow-up begins, and says so', () => {
    const state = started(renewalInput(TERM), day('2027-12-11'));
    expect(state.term.compressed).toBe(true);
    expect(state.term.steps.map((step) => [step.key, step.dueDate, step.status])).toEqual([
      ['health_review', '2027-12-11', 'open'],
      ['proposal', '2027-10-02', 'skipped'],
      ['negotiation', '2027-11-01', 'skipped'],
      ['outcome', '2027-12-31', 'open'],
    ]);
    const [planned] = events(state, 'renewal.term-planned');
    expect(planned!.summary).toContain(
      'The contract end is close, so only what still makes sense is planned: the health review (usually due 2027-09-02) is due today; the renewal proposal (usually due 2027-10-02) is skipped; the negotiation (usually due 2027-11-01) is skipped; the renewal outcome (usually due 2027-12-01) is due on the contract end',
    );
    expect(planned!.notify).toEqual({ role: 'customer_success', person: 'ana' });
    // The health check runs at once; the reminders already past are passed over without a word (see below).
    expect(alarmTimes(state)).toEqual([
      ['health_review@2027-12-11:reminder:5', '2027-12-06'],
      ['health_review@2027-12-11:reminder:1', '2027-12-10'],
      ['health_review@2027-12-11:check', '2027-12-11'],
      ['health_review@2027-12-11:overdue', '2027-12-12'],
      ['health_review@2027-12-11:escalation', '2027-12-15'],
      ['outcome@2027-12-31:reminder:5', '2027-12-24'],
      ['contract-end@2027-12-31:last-call', '2027-12-24'],
      ['outcome@2027-12-31:reminder:1', '2027-12-30'],
      ['outcome@2027-12-31:overdue', '2028-01-01'],
      ['contract-end@2027-12-31:lapsed', '2028-01-01'],
      ['outcome@2027-12-31:escalation', '2028-01-05'],
    ]);
  });

  it('plans a contract that has already ended with its outcome due today', () => {
    const planned = planTerm(DEFAULT_RENEWAL_RULES, '2026-12-31', STARTED);
    expect(planned.steps.map((step) => [step.key, step.dueDate, step.status])).toEqual([
      ['health_review', '2027-01-04', 'open'],
      ['proposal', '2026-10-02', 'skipped'],
      ['negotiation', '2026-11-01', 'skipped'],
      ['outcome', '2027-01-04', 'open'],
    ]);
    expect(planned.adjusted.map((adjustment) => adjustment.became)).toEqual([
      'due-today',
      'skipped',
      'skipped',
      'due-today',
    ]);
  });
});

describe('renewal timers', () => {
  it('reminds before each step (business days), flags it overdue the day after and escalates three business days later', () => {
    const state = started();
    const times = alarmTimes(state);
    expect(times.filter(([id]) => id!.startsWith('health_review'))).toEqual([
      ['health_review@2027-09-02:reminder:5', '2027-08-26'],
      ['health_review@2027-09-02:reminder:1', '2027-09-01'],
      ['health_review@2027-09-02:check', '2027-09-02'],
      ['health_review@2027-09-02:overdue', '2027-09-03'],
      ['health_review@2027-09-02:escalation', '2027-09-07'],
    ]);
    // Due on a Saturday: reminders count back over working days, the escalation forward.
    expect(times.filter(([id]) => id!.startsWith('proposal'))).toEqual([
      ['proposal@2027-10-02:reminder:5', '2027-09-27'],
      ['proposal@2027-10-02:reminder:1', '2027-10-01'],
      ['proposal@2027-10-02:overdue', '2027-10-03'],
      ['proposal@2027-10-02:escalation', '2027-10-06'],
    ]);
    expect(times.filter(([id]) => id!.startsWith('contract-end'))).toEqual([
      ['contract-end@2027-12-31:last-call', '2027-12-24'],
      ['contract-end@2027-12-31:lapsed', '2028-01-01'],
    ]);
    expect(msUntilNextRenewalAlarm(state, CALENDAR, STARTED)).toBe(
      Date.parse('2027-08-26T00:00:00Z') - STARTED.getTime(),
    );
  });

  it('fires each alarm once, with its cause, to the step owner and then the ops manager', () => {
    const state = started();
    expect(fireRenewalAlarms(state, CALENDAR, day('2027-09-01', '00:00:01'))).toBe(true);
    const reminders = events(state, 'renewal.step-reminder');
    expect(reminders.map((event) => event.cause!.rule)).toEqual([
      'health review reminder 5 business days before it is due',
      'health review reminder 1 business day before it is due',
    ]);
    expect(reminders[0]).toMatchObject({
      actor: 'baton',
      stepKey: 'health_review',
      notify: { role: 'customer_success', person: 'ana' },
      cause: { dueDate: '2027-09-02', calendar: 'mon-fri', scheduledFor: '2027-08-26T00:00:00.000Z' },
    });
    expect(fireRenewalAlarms(state, CALENDAR, day('2027-09-01', '12:00:00'))).toBe(false);

    fireRenewalAlarms(state, CALENDAR, day('2027-09-02', '00:00:00'));
    expect(state.healthCheck).toMatchObject({ round: 1, status: 'requested', requestedBy: 'baton' });
    expect(events(state, 'renewal.health-check-requested')[0]!.summary).toBe(
      'Baton asked the health source for the figures of the renewal of acme (contract C-1) (the health review is due 2027-09-02)',
    );

    healthCheckFailed(state, 1, 'The health source answered HTTP 503', day('2027-09-02', '00:05:00'));
    expect(state.healthCheck).toMatchObject({ status: 'failed', lastError: 'The health source answered HTTP 503' });
    expect(events(state, 'renewal.health-check-failed')[0]).toMatchObject({
      notify: { role: 'customer_success', person: 'ana' },
    });
    expect(events(state, 'renewal.health-check-failed')[0]!.summary).toContain(
      'Enter them on the renewal; the health review is due 2027-09-02',
    );
    expect(events(state, 'renewal.health-check-failed')[0]!.summary).not.toMatch(/POST|\/api\//);

    fireRenewalAlarms(state, CALENDAR, day('2027-09-07'));
    expect(stepOf(state.term, 'health_review')).toMatchObject({ overdue: true, escalated: true });
    expect(events(state, 'renewal.step-overdue')[0]).toMatchObject({
      notify: { role: 'customer_success', person: 'ana' },
    });
    expect(events(state, 'renewal.step-escalation')[0]).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      summary:
        'Escalation to olga (ops_manager): the health review of the renewal of acme (contract C-1), owned by ana (customer_success), is still open since 2027-09-02; contract ends 2027-12-31',
    });
  });

  it('calls last call and then lapses an undecided term, and has no timers once decided', () => {
    const state = started();
    fireRenewalAlarms(state, CALENDAR, day('2028-01-01'));
    expect(state.term).toMatchObject({ lastCall: true, lapsed: true });
    expect(events(state, 'renewal.last-call')[0]).toMatchObject({ notify: { role: 'ops_manager', person: 'olga' } });
    expect(events(state, 'renewal.lapsed')[0]!.summary).toBe(
      'The renewal of acme (contract C-1) ended on 2027-12-31 without a recorded outcome: record it renewed (late) or churned',
    );
    act(
      state,
      { type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'frozen budgets' },
      day('2028-01-02'),
    );
    expect(pendingRenewalAlarms(state, CALENDAR)).toEqual([]);
  });

  it('changes state but tells nobody for alarms already past when their date was set', () => {
    const state = started(renewalInput(TERM), day('2027-12-11'));
    fireRenewalAlarms(state, CALENDAR, day('2027-12-11', '09:00:01'));
    // The health check ran for the compressed review (due today), but no reminder was sent for it.
    expect(state.healthCheck.status).toBe('requested');
    expect(events(state, 'renewal.step-reminder')).toEqual([]);
  });
});

describe('health assessments', () => {
  it('completes the review within 30 days of its due date, escalates at once when at risk, and only on entering the band', () => {
    const state = started();
    act(state, { type: 'record-health', figures: HEALTHY_FIGURES }, day('2027-03-01'));
    // Too early for the review: the figures are kept, the step stays open.
    expect(state.term.health).toMatchObject({ score: 100, band: 'healthy', source: 'posted', by: 'ana' });
    expect(stepOf(state.term, 'health_review').status).toBe('open');
    expect(events(state, 'renewal.health-assessed')[0]!.summary).toContain(
      'the health review (due 2027-09-02) needs figures from 2027-08-03 on',
    );

    act(state, { type: 'record-health', figures: AT_RISK_FIGURES }, day('2027-08-03'));
    expect(stepOf(state.term, 'health_review')).toMatchObject({
      status: 'done',
      doneBy: 'ana',
      note: 'health score 21 (at-risk)',
    });
    expect(state).toMatchObject({ stage: 'proposal', term: { atRisk: true } });
    const [escalation] = events(state, 'renewal.at-risk-escalation');
    expect(escalation).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      summary:
        'Escalation to olga (ops_manager): the renewal of acme (contract C-1) is at risk (health 21 below 50), 100000 CNY ending 2027-12-31; customer success: ana',
    });
    expect(events(state, 'renewal.health-assessed').at(-1)).toMatchObject({
      notify: { role: 'customer_success', person: 'ana' },
      after: { score: 21, band: 'at-risk', atRisk: true },
    });

    // Still at risk: no second escalation. Healthy again: the flag drops.
    healthCheckSucceeded(state, 0, { ...AT_RISK_FIGURES, activeUsers: 25 }, day('2027-08-10'));
    expect(events(state, 'renewal.at-risk-escalation')).toHaveLength(1);
    healthCheckSucceeded(state, 0, HEALTHY_FIGURES, day('2027-08-20'));
    expect(state.term).toMatchObject({ atRisk: false, health: { score: 100, source: 'health-source', by: 'baton' } });
  });

  it('refuses a second health check while one runs, and unusable figures', () => {
    const state = started();
    act(state, { type: 'request-health-check' }, day('2027-08-01'));
    expect(rejection(state, { type: 'request-health-check' })).toEqual({
      kind: 'invalid-transition',
      message:
        'A health check of the renewal of acme (contract C-1) is already running (asked for at 2027-08-01T09:00:00.000Z by ana)',
    });
    expect(rejection(state, { type: 'record-health', figures: { ...HEALTHY_FIGURES, activeUsers: -3 } })).toEqual({
      kind: 'invalid-value',
      message: 'The health figures are not usable: activeUsers Too small: expected number to be >=0',
    });
    // A failure of an older round changes nothing.
    const seq = state.seq;
    healthCheckFailed(state, 0, 'late', day('2027-08-01', '10:00:00'));
    expect(state.seq).toBe(seq);
  });

  it('without a health source, asks customer success for the figures as a step, not a failure', () => {
    const state = started();
    act(state, { type: 'request-health-check' }, day('2027-08-01'));
    healthCheckSucceeded(state, 1, { byHand: true }, day('2027-08-01', '09:01:00'));
    expect(state.healthCheck).toMatchObject({ status: 'by-hand' });
    expect(state.healthCheck.lastError).toBeUndefined();
    expect(events(state, 'renewal.health-check-failed')).toHaveLength(0);
    expect(events(state, 'renewal.health-figures-wanted')[0]).toMatchObject({
      notify: { role: 'customer_success', person: 'ana' },
      summary: expect.stringMatching(
        /^Enter the health figures of the renewal of acme \(contract C-1\) \(seats, active users, open critical tickets\); the health review is due \d{4}-\d{2}-\d{2}$/,
      ),
    });
    act(state, { type: 'record-health', figures: HEALTHY_FIGURES }, day('2027-08-02'));
    expect(state.term.health).toMatchObject({ source: 'posted' });
  });
});

describe('renewal actions', () => {
  it('refuses a stale version', () => {
    const state = started();
    expect(rejection(state, { type: 'send-proposal', value: 110_000 }, 7)).toEqual({
      kind: 'stale-version',
      message: 'The renewal of acme (contract C-1) is at version 1, not 7; reload and retry',
    });
  });

  it('records a proposal, then negotiation notes, each closing its step', () => {
    const state = started();
    expect(rejection(state, { type: 'note-negotiation', note: 'asked for 5% off' })).toEqual({
      kind: 'invalid-transition',
      message:
        'Negotiation on the renewal of acme (contract C-1) starts from a proposal: send the renewal proposal first',
    });
    act(
      state,
      { type: 'send-proposal', value: 110_000, note: 'includes the analytics module', link: 'https://docs.example/p1' },
      day('2027-09-20'),
    );
    expect(stepOf(state.term, 'proposal')).toMatchObject({ status: 'done', note: 'proposed 110000 CNY' });
    expect(state.term.proposal).toMatchObject({ value: 110_000, by: 'ana', link: 'https://docs.example/p1' });
    expect(state.stage).toBe('health_review');
    act(
      state,
      { type: 'note-negotiation', note: 'procurement wants a 2-year term', expectedValue: 105_000 },
      day('2027-10-10'),
      'sam',
    );
    act(state, { type: 'note-negotiation', note: 'legal review of the DPA' }, day('2027-10-12'), 'sam');
    expect(stepOf(state.term, 'negotiation')).toMatchObject({ status: 'done', doneBy: 'sam' });
    expect(state.term.negotiation.map((note) => note.note)).toEqual([
      'procurement wants a 2-year term',
      'legal review of the DPA',
    ]);
    expect(rejection(state, { type: 'note-negotiation', note: '  ' })).toMatchObject({ kind: 'invalid-value' });
    expect(rejection(state, { type: 'send-proposal', value: -1 })).toMatchObject({ kind: 'invalid-value' });
  });

  it.each<[RenewalAction, Omit<RenewalRejection, 'text'>]>([
    [
      { type: 'decide', outcome: 'renewed', newValue: 120_000 },
      { kind: 'invalid-value', message: 'A renewal keeps the value of 100000 CNY; record expanded for 120000 CNY' },
    ],
    [
      { type: 'decide', outcome: 'expanded' },
      { kind: 'invalid-value', message: 'An expansion needs the new value (above 100000 CNY)' },
    ],
    [
      { type: 'decide', outcome: 'expanded', newValue: 90_000 },
      { kind: 'invalid-value', message: 'An expansion needs a value above 100000 CNY, not 90000 CNY' },
    ],
    [
      { type: 'decide', outcome: 'downgraded', newValue: 100_000 },
      { kind: 'invalid-value', message: 'A downgrade needs a value below 100000 CNY, not 100000 CNY' },
    ],
    [
      { type: 'decide', outcome: 'downgraded', newValue: 0 },
      { kind: 'invalid-value', message: 'A downgrade to nothing is a churn: record churned with its reason' },
    ],
    [
      { type: 'decide', outcome: 'churned', note: 'gone' },
      {
        kind: 'invalid-value',
        message:
          'A churn needs its reason, one of budget, low-adoption, product-gap, competitor, service-issues, champion-left, acquired-or-closed, other',
      },
    ],
    [
      { type: 'decide', outcome: 'churned', churnReason: 'competitor' },
      { kind: 'invalid-value', message: 'A churn needs a note saying what happened' },
    ],
    [
      { type: 'decide', outcome: 'churned', churnReason: 'competitor', note: 'x', nextContractEnd: '2028-12-31' },
      { kind: 'invalid-value', message: 'A churned contract has no new value or next term' },
    ],
    [
      { type: 'decide', outcome: 'renewed', churnReason: 'budget' },
      { kind: 'invalid-value', message: 'Only a churn has a churn reason, not renewed' },
    ],
    [
      { type: 'decide', outcome: 'renewed', nextContractEnd: '2027-12-31' },
      { kind: 'invalid-date', message: 'The next term starts on 2028-01-01, so it cannot end on 2027-12-31' },
    ],
    [
      { type: 'decide', outcome: 'renewed', nextContractEnd: '2028-13-01' },
      { kind: 'invalid-date', message: 'nextContractEnd must be a YYYY-MM-DD date, not "2028-13-01"' },
    ],
    [
      { type: 'decide', outcome: 'renewed', nextContractEnd: '2040-01-01' },
      {
        kind: 'invalid-date',
        message: 'The next term (from 2028-01-01) cannot run more than ten years, to 2040-01-01',
      },
    ],
    [
      { type: 'decide', outcome: 'paused' as 'renewed' },
      {
        kind: 'invalid-value',
        message: 'The outcome must be one of renewed, expanded, downgraded, churned, not "paused"',
      },
    ],
    [
      { type: 'assign', customerSuccessOwner: 'ana' },
      { kind: 'invalid-transition', message: 'ana already owns the renewal of acme (contract C-1)' },
    ],
  ])('refuses %j', (action, expected) => {
    expect(rejection(started(), action)).toEqual(expected);
  });

  it('renews into the next term of the same length, keeping a compact summary of the one decided', () => {
    const state = started();
    act(state, { type: 'record-health', figures: HEALTHY_FIGURES }, day('2027-08-20'));
    fireRenewalAlarms(state, CALENDAR, day('2027-10-04'));
    act(state, { type: 'decide', outcome: 'renewed', note: 'signed for another year' }, day('2027-11-15'));
    expect(state.pastTerms).toEqual([
      {
        number: 1,
        ...TERM,
        value: 100_000,
        outcome: 'renewed',
        newValue: 100_000,
        note: 'signed for another year',
        decidedAt: '2027-11-15T09:00:00.000Z',
        decidedBy: 'ana',
        healthScore: 100,
        healthBand: 'healthy',
        atRisk: false,
        overdueSteps: ['proposal'],
      },
    ]);
    expect(state.term).toMatchObject({
      number: 2,
      termStart: '2028-01-01',
      contractEnd: '2028-12-31',
      value: 100_000,
      negotiation: [],
      atRisk: false,
      lastCall: false,
    });
    expect(state.term.health).toBeUndefined();
    expect(state.term.steps.map((step) => [step.key, step.dueDate, step.status])).toEqual([
      ['health_review', '2028-09-02', 'open'],
      ['proposal', '2028-10-02', 'open'],
      ['negotiation', '2028-11-01', 'open'],
      ['outcome', '2028-12-01', 'open'],
    ]);
    expect(state).toMatchObject({ stage: 'health_review', firedAlarms: [] });
    const renewed = events(state, 'renewal.renewed')[0]!;
    expect(renewed).toMatchObject({
      term: 1,
      notify: { role: 'ops_manager', person: 'olga' },
      summary:
        'ana recorded the renewal of acme (contract C-1) as renewed at 100000 CNY (signed for another year); term 2 runs 2028-01-01 to 2028-12-31',
    });
    expect(state.timeline.at(-1)).toMatchObject({ type: 'renewal.term-planned', term: 2 });
  });

  it('expands or downgrades to the new value, with a next term that may be given', () => {
    const expanded = act(
      started(),
      { type: 'decide', outcome: 'expanded', newValue: 150_000, nextContractEnd: '2029-12-31' },
      day('2027-11-15'),
    );
    expect(expanded.pastTerms[0]).toMatchObject({ outcome: 'expanded', value: 100_000, newValue: 150_000 });
    expect(expanded.term).toMatchObject({
      number: 2,
      termStart: '2028-01-01',
      contractEnd: '2029-12-31',
      value: 150_000,
    });
    expect(events(expanded, 'renewal.expanded')[0]!.summary).toBe(
      'ana recorded the renewal of acme (contract C-1) as expanded from 100000 CNY to 150000 CNY; term 2 runs 2028-01-01 to 2029-12-31',
    );
    const downgraded = act(started(), { type: 'decide', outcome: 'downgraded', newValue: 60_000 }, day('2027-11-15'));
    expect(downgraded.pastTerms[0]).toMatchObject({ outcome: 'downgraded', newValue: 60_000 });
    expect(downgraded.term.value).toBe(60_000);
  });

  it('ends the renewal on a churn, with the reason, and skips what was still open', () => {
    const state = act(
      started(),
      { type: 'decide', outcome: 'churned', churnReason: 'competitor', note: 'moved to rival-co' },
      day('2027-10-01'),
    );
    expect(state).toMatchObject({ stage: 'churned', endedAt: '2027-10-01T09:00:00.000Z' });
    expect(state.term.steps.map((step) => step.status)).toEqual(['skipped', 'skipped', 'skipped', 'done']);
    expect(state.pastTerms[0]).toMatchObject({
      outcome: 'churned',
      newValue: 0,
      churnReason: 'competitor',
      note: 'moved to rival-co',
    });
    expect(events(state, 'renewal.churned')[0]).toMatchObject({
      notify: { role: 'ops_manager', person: 'olga' },
      summary:
        'ana recorded that acme churned: contract C-1 ends 2027-12-31 and is not renewed (competitor) (moved to rival-co); 100000 CNY a year lost',
    });
    expect(rejection(state, { type: 'send-proposal', value: 1 })).toEqual({
      kind: 'invalid-transition',
      message: 'The renewal of acme (contract C-1) churned and takes no more actions',
    });
  });

  it('reassigns the customer-success owner, who then gets the reminders', () => {
    const state = act(
      started(),
      { type: 'assign', customerSuccessOwner: ' cora ', note: 'ana moved to the west' },
      day('2027-02-01'),
      'olga',
    );
    expect(state.customerSuccessOwner).toBe('cora');
    expect(events(state, 'renewal.assigned')[0]).toMatchObject({
      notify: { role: 'customer_success', person: 'cora' },
      before: { customerSuccessOwner: 'ana' },
    });
    fireRenewalAlarms(state, CALENDAR, day('2027-08-26'));
    expect(events(state, 'renewal.step-reminder')[0]!.notify).toEqual({ role: 'customer_success', person: 'cora' });
  });

  it.each([
    ['2027-01-01', '2027-12-31', '2028-12-31'],
    ['2027-03-15', '2027-09-14', '2028-03-14'],
    ['2028-02-29', '2029-02-27', '2030-02-27'],
    ['2027-01-10', '2027-01-29', '2027-02-18'],
  ])('continues a term %s to %s with one of the same length, to %s', (termStart, contractEnd, expected) => {
    expect(defaultNextContractEnd(termStart, contractEnd)).toBe(expected);
  });
});

describe('the renewal projection', () => {
  it('carries the current term, the next step, and one row per term', () => {
    const state = started();
    act(state, { type: 'send-proposal', value: 120_000 }, day('2027-09-20'));
    act(state, { type: 'decide', outcome: 'expanded', newValue: 120_000 }, day('2027-11-20'));
    act(state, { type: 'record-health', figures: AT_RISK_FIGURES }, day('2028-08-10'));
    const projection = renewalProjectionOf(state, 2);
    expect(projection).toMatchObject({
      renewalId: 'renewal:acme:C-1',
      stage: 'proposal',
      atRisk: true,
      health: { score: 21, band: 'at-risk', source: 'posted' },
      nextStep: { key: 'proposal', dueDate: '2028-10-02', ownerRole: 'customer_success' },
      overdueSteps: 0,
      sourcePlaybook: 'api',
      term: { number: 2, value: 120_000 },
    });
    expect(projection.terms.map((term) => [term.number, term.outcome, term.value, term.newValue, term.atRisk])).toEqual(
      [
        [1, 'expanded', 100_000, 120_000, false],
        [2, null, 120_000, null, true],
      ],
    );
    expect(projection.events.map((event) => event.n)).toEqual(
      state.timeline.filter((event) => event.n > 2).map((event) => event.n),
    );
    const churned = act(
      state,
      { type: 'decide', outcome: 'churned', churnReason: 'low-adoption', note: 'never rolled out' },
      day('2028-09-01'),
    );
    const last = renewalProjectionOf(churned, churned.eventCount);
    expect(last).toMatchObject({
      stage: 'churned',
      atRisk: false,
      nextStep: null,
      endedAt: '2028-09-01T09:00:00.000Z',
      events: [],
    });
    expect(last.terms.map((term) => [term.number, term.outcome])).toEqual([
      [1, 'expanded'],
      [2, 'churned'],
    ]);
  });
});
