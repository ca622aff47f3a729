/**
 * Records the histories of a full launch run, POC trial, deal-support case, delivery handoff, renewal follow-up and
 * person digest that the replay test guards:
 *   npx tsx test/workflow/record-history.ts [launch|launch-due-date|poc|poc-portal|poc-crm|poc-summaries|poc-template-plan|poc-effort|deal|deal-crm|deal-template-plan|handoff-template-plan|renewal-template-plan|handoff|handoff-portal|handoff-carried|
 *     renewal|renewal-portal|renewal-crm|digest|handoff-reminders|poc-reminders|renewal-reminders]
 * Re-record only for a deliberate, patched() change of a workflow, and keep the old
 * files: every recorded history must keep replaying. `... launch,poc,deal,handoff,renewal --as <patch id>`
 * records the five playbooks for a new patch into new files beside the old ones. (launch-readiness-overdue-then-ready.json
 * is the first, fixed-checklist workflow, and launch-readiness-playbook-full-run.json the playbook run before
 * launch-start-time-from-input; both were recorded by this script's earlier versions.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { LaunchAction } from '../../domain/launch/actions';
import { ensureTestServer } from '../../toolchain/temporal-binaries';
import type { DealAction } from '../../domain/deal/actions';
import type { HandoffAction } from '../../domain/handoff/actions';
import { handoffWorkflowId } from '../../domain/shared/lifecycle';
import type { PocAction } from '../../domain/poc/actions';
import type { RenewalAction } from '../../domain/renewal/actions';
import type { Role } from '../../domain/shared/roles';
import { BATON_PLAYBOOK, SEARCH_ATTRIBUTE_SETUP } from '../../domain/shared/search-attributes';
import { launchAction, launchReadiness } from '../../workflows/launch/launch-readiness';
import { dealAction, dealCrmDetails, dealSupport, dealWorkflowId } from '../../workflows/deal/deal-support';
import {
  deliveryHandoff,
  getHandoffState,
  handoffAction,
  handoffCustomerAction,
} from '../../workflows/handoff/delivery-handoff';
import type { CustomerAction } from '../../domain/handoff/customer-actions';
import {
  getPocState,
  pocAction,
  pocCrmDetails,
  pocCustomerAction,
  pocTrial,
  pocWorkflowId,
} from '../../workflows/poc/poc-trial';
import type { PocCustomerAction } from '../../domain/poc/customer-actions';
import {
  renewalAction,
  renewalCrmDates,
  renewalCustomerAction,
  renewalFollowUp,
  renewalWorkflowId,
} from '../../workflows/renewal/renewal-follow-up';
import type { RenewalCustomerAction } from '../../domain/renewal/customer-actions';
import { digestPlanSignal, personDigest, personDigestWorkflowId } from '../../workflows/shared/person-digest';
import { launchInput } from '../helpers/launch-fixtures';
import { dealInput, FIXTURE_ASSIGNEES, recordingDealActivities } from '../helpers/deal-fixtures';
import {
  completePackage,
  FIXTURE_HANDOVER,
  FIXTURE_SIGN_OFF,
  handoffInput,
  recordingHandoffActivities,
} from '../helpers/handoff-fixtures';
import { pocInput, recordingPocActivities } from '../helpers/poc-fixtures';
import { POC_PLAN_V2_CHANGE, pocPlan } from '../helpers/poc-plans';
import { DEAL_PLAN_V2_CHANGE, dealPlan } from '../helpers/deal-plans';
import { HANDOFF_PLAN_V2_CHANGE, handoffPlan } from '../helpers/handoff-plans';
import { RENEWAL_PLAN_V2_CHANGE, renewalPlan } from '../helpers/renewal-plans';
import type { NextPlaybookPlanRequest } from '../../activities/shared/next-playbook-plans';
import { recordingRenewalActivities, renewalInput } from '../helpers/renewal-fixtures';

const HISTORIES = path.join(__dirname, 'histories');
const DAY_MS = 86_400_000;

type Recorder = (env: TestWorkflowEnvironment) => Promise<{ file: string; history: string }>;

async function recordLaunch(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const launchDate = new Date((await env.currentTimeMs()) + 20 * DAY_MS).toISOString().slice(0, 10);
  const handle = await env.client.workflow.start(launchReadiness, {
    workflowId: 'launch:recorded-playbook',
    taskQueue: 'record',
    // Since launch-start-time-from-input: the API's start time in the input, and the caller's roles with every action.
    args: [
      {
        ...launchInput({ launchId: 'recorded-playbook', launchDate }),
        startedAt: new Date(await env.currentTimeMs()).toISOString(),
      },
    ],
  });
  const act = (action: LaunchAction, actor = 'olga') =>
    handle.executeUpdate(launchAction, {
      args: [{ action, actor, caller: { roles: ['ops_manager', 'product_manager', 'presales'] } }],
    });
  // Reminders, overdue and an escalation fire for research before anyone acts.
  await env.sleep('13 days');
  await act({ type: 'start', itemKey: 'research' }, 'pat');
  await act({ type: 'complete', itemKey: 'research' }, 'pat');
  await act({ type: 'assign', itemKey: 'battlecard', assignee: 'quinn' });
  await act({ type: 'comment', itemKey: 'battlecard', text: 'Draft by Friday' }, 'quinn');
  await act(
    { type: 'complete', itemKey: 'battlecard', evidence: { link: 'https://wiki.example/battlecard' } },
    'quinn',
  );
  await act({ type: 'reopen', itemKey: 'research', reason: 'wrong segment' });
  await act({ type: 'complete', itemKey: 'research' }, 'pat');
  await act({ type: 'complete', itemKey: 'positioning', evidence: { note: 'Mid-market CRM' } }, 'pat');
  await act({ type: 'sign-off-item', itemKey: 'positioning', role: 'ops_manager' });
  await act({ type: 'skip', itemKey: 'swag', reason: 'budget cut' });
  await act({
    type: 'change-launch-date',
    launchDate: new Date((await env.currentTimeMs()) + 10 * DAY_MS).toISOString().slice(0, 10),
    reason: 'slot moved',
  });
  await act({ type: 'sign-off-gate', gateKey: 'go', role: 'ops_manager' });
  await act({ type: 'decide', gateKey: 'go', outcome: 'go' });
  await env.sleep('45 days');
  await act({ type: 'complete', itemKey: 'data-review' });
  await act({ type: 'close', reason: 'steady state' });
  await handle.result();
  return { file: 'launch-readiness-start-time-from-input.json', history: historyToJSON(await handle.fetchHistory()) };
}

async function recordPoc(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const plannedStart = new Date((await env.currentTimeMs()) + 3 * DAY_MS).toISOString().slice(0, 10);
  const input = pocInput({ plannedStart, amount: 80_000 });
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, { workflowId: trialId, taskQueue: 'record', args: [input] });
  const act = (action: PocAction, actor: string) => handle.executeUpdate(pocAction, { args: [{ action, actor }] });
  // The approval SLA passes with a reminder and an escalation before regional ops decide.
  await env.sleep('4 days');
  await act({ type: 'approve', note: 'strategic' }, 'rita');
  await env.sleep('1 minute');
  await act({ type: 'kickoff' }, 'sam');
  // The first check-in is missed (at risk), then made.
  await env.sleep('10 days');
  await act({ type: 'check-in', summary: 'dashboards live', health: 'green' }, 'priya');
  await act({ type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: 'uptime 99.9%' }, 'priya');
  await act({ type: 'request-extension', days: 7, reason: 'year-end freeze' }, 'sam');
  await act({ type: 'approve-extension' }, 'rita');
  await act(
    { type: 'mark-criterion', criterionKey: 'reports', status: 'met', evidence: 'built by the customer' },
    'priya',
  );
  await act({ type: 'convert', nextStep: 'delivery-handoff', note: 'signed' }, 'sam');
  await handle.result();
  // poc-trial-full-run.json is the same trial before conversions started their next playbook.
  return { file: 'poc-trial-converted-starts-handoff.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** A trial whose customer takes part through the portal (patch poc-customer-portal): criteria, feedback, an extension. */
async function recordPocPortal(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const plannedStart = new Date((await env.currentTimeMs()) + 3 * DAY_MS).toISOString().slice(0, 10);
  const li = { name: 'Li Wei', email: 'li.wei@customer.example', language: 'zh' as const };
  const input = pocInput({ plannedStart, amount: 80_000, opportunityId: 'OPP-PORTAL', customerContacts: [li] });
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, { workflowId: trialId, taskQueue: 'record', args: [input] });
  const act = (action: PocAction, actor: string) => handle.executeUpdate(pocAction, { args: [{ action, actor }] });
  const customer = { name: li.name, email: li.email, ip: '203.0.113.7', userAgent: 'Mobile Safari' };
  const portal = (action: PocCustomerAction) =>
    handle.executeUpdate(pocCustomerAction, { args: [{ action, customer }] });
  await act({ type: 'approve' }, 'rita');
  await env.sleep('1 minute');
  await portal({ type: 'confirm-criteria', text: 'We agree to these criteria.' });
  await act({ type: 'kickoff' }, 'sam');
  await env.sleep('2 days');
  await portal({ type: 'feedback', health: 'red', note: 'Imports time out' });
  await act({ type: 'check-in', summary: 'imports fixed', health: 'green' }, 'priya');
  await portal({ type: 'request-extension', days: 7, reason: 'Our data team is away' });
  await act({ type: 'approve-extension' }, 'rita');
  await act(
    {
      type: 'set-customer-contacts',
      contacts: [li, { name: 'Ann Lee', email: 'ann@customer.example', language: 'en' }],
    },
    'sam',
  );
  await act({ type: 'convert', nextStep: null, note: 'signed' }, 'sam');
  await handle.result();
  return { file: 'poc-trial-customer-portal.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** A trial the CRM changes (integrations-poc-crm-details): an update, an older one ignored, then the outcome. */
async function recordPocCrm(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const plannedStart = new Date((await env.currentTimeMs()) + 3 * DAY_MS).toISOString().slice(0, 10);
  const input = pocInput({ plannedStart, amount: 80_000, opportunityId: 'OPP-CRM' });
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, { workflowId: trialId, taskQueue: 'record', args: [input] });
  const act = (action: PocAction, actor: string) => handle.executeUpdate(pocAction, { args: [{ action, actor }] });
  const crm = (eventId: string, modifiedAt: string, amount: number, owner: string) =>
    handle.executeUpdate(pocCrmDetails, {
      args: [
        {
          source: 'salesforce',
          eventId,
          changes: {
            amount: { value: amount, modifiedAt },
            owner: { value: owner, modifiedAt },
            stage: { value: 'Proof of Concept', modifiedAt },
            closeDate: { value: '2027-03-31', modifiedAt },
          },
        },
      ],
    });
  await crm('evt-2', '2026-12-02T10:00:00.000Z', 95_000, 'sam');
  await crm('evt-1', '2026-12-01T10:00:00.000Z', 70_000, 'sally');
  await act({ type: 'approve' }, 'rita');
  await env.sleep('1 minute');
  await act({ type: 'kickoff' }, 'sam');
  await act({ type: 'convert', nextStep: 'delivery-handoff' }, 'crm:salesforce');
  await handle.result();
  return { file: 'poc-trial-crm-details.json', history: historyToJSON(await handle.fetchHistory()) };
}

/**
 * Since insights-action-effort: actions carry the role the actor acted in and the minutes they spent; the trial
 * stamps both on the timeline events each action wrote (the minutes on the first only).
 */
async function recordPocEffort(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const plannedStart = new Date((await env.currentTimeMs()) + 3 * DAY_MS).toISOString().slice(0, 10);
  const input = pocInput({ plannedStart, amount: 60_000, opportunityId: 'OPP-EFFORT' });
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, { workflowId: trialId, taskQueue: 'record', args: [input] });
  const act = (action: PocAction, actor: string, actorRole: Role, effortMinutes?: number) =>
    handle.executeUpdate(pocAction, { args: [{ action, actor, actorRole, effortMinutes }] });
  await act({ type: 'approve' }, 'rita', 'regional_ops', 20);
  await env.sleep('1 minute');
  await act({ type: 'kickoff' }, 'sam', 'sales');
  await act({ type: 'convert', nextStep: 'delivery-handoff' }, 'sam', 'sales', 45);
  // Since lean-poc-small-payloads the Update answers a receipt: the state comes from the query.
  const state = await handle.query(getPocState);
  const stamped = state.timeline.filter((event) => event.actorRole);
  if (!stamped.some((event) => event.effortMinutes === 45)) throw new Error('the convert action was not stamped');
  await handle.result();
  return { file: 'poc-trial-action-effort.json', history: historyToJSON(await handle.fetchHistory()) };
}

/**
 * Since topology-search-attributes: a trial started with BatonPlaybook (the API sets it where the namespace has
 * Baton's search attributes) keeps its region, stage, account and overdue flag current as it moves.
 */
async function recordPocSearchAttributes(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const { IndexedValueType } = temporal.api.enums.v1;
  const types: Record<string, temporal.api.enums.v1.IndexedValueType> = {
    Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
    Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
    Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  };
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTE_SETUP).map(([name, type]) => [name, types[type]!]),
    ),
  });
  const plannedStart = new Date((await env.currentTimeMs()) + 3 * DAY_MS).toISOString().slice(0, 10);
  const input = pocInput({ plannedStart, amount: 80_000, account: 'Visible Co' });
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, {
    workflowId: trialId,
    taskQueue: 'record',
    args: [input],
    typedSearchAttributes: [{ key: BATON_PLAYBOOK, value: 'pocTrial' }],
    staticSummary: `Baton pocTrial ${trialId}`,
  });
  const act = (action: PocAction, actor: string) => handle.executeUpdate(pocAction, { args: [{ action, actor }] });
  await env.sleep('1 day');
  await act({ type: 'approve', note: 'strategic' }, 'rita');
  await env.sleep('1 minute');
  await act({ type: 'kickoff' }, 'sam');
  await act({ type: 'withdraw', reason: 'budget frozen' }, 'sam');
  await handle.result();
  return { file: 'poc-trial-search-attributes.json', history: historyToJSON(await handle.fetchHistory()) };
}

/**
 * Since topology-history-summaries and topology-child-visibility: a trial with BatonPlaybook whose alarm timers and
 * projection activities carry summaries, converted into a delivery handoff started with its own summary and
 * BatonPlaybook. Run on its own (it registers the search attributes, as poc-search-attributes does).
 */
async function recordPocSummaries(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  await recordPocSearchAttributesSetup(env);
  const plannedStart = new Date((await env.currentTimeMs()) + 3 * DAY_MS).toISOString().slice(0, 10);
  const input = pocInput({ plannedStart, amount: 80_000, account: 'Summary Co' });
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, {
    workflowId: trialId,
    taskQueue: 'record',
    args: [input],
    typedSearchAttributes: [{ key: BATON_PLAYBOOK, value: 'pocTrial' }],
    staticSummary: `Baton pocTrial ${trialId}`,
  });
  const act = (action: PocAction, actor: string) => handle.executeUpdate(pocAction, { args: [{ action, actor }] });
  // The approval SLA's reminder fires from a summarized alarm timer.
  await env.sleep('2 days');
  await act({ type: 'approve', note: 'strategic' }, 'rita');
  await env.sleep('1 minute');
  await act({ type: 'kickoff' }, 'sam');
  await act({ type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: 'uptime 99.9%' }, 'priya');
  await act({ type: 'mark-criterion', criterionKey: 'reports', status: 'met', evidence: 'built' }, 'priya');
  await act({ type: 'convert', nextStep: 'delivery-handoff', note: 'signed' }, 'sam');
  await handle.result();
  return { file: 'poc-trial-summaries-and-child-visibility.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Registers Baton's search attributes on the test server (once per server). */
async function recordPocSearchAttributesSetup(env: TestWorkflowEnvironment): Promise<void> {
  const { IndexedValueType } = temporal.api.enums.v1;
  const types: Record<string, temporal.api.enums.v1.IndexedValueType> = {
    Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
    Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
    Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  };
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTE_SETUP).map(([name, type]) => [name, types[type]!]),
    ),
  });
}

/** A case the CRM changes (integrations-deal-crm-details): new details, an older event ignored, then closed won. */
async function recordDealCrm(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const dueDate = new Date((await env.currentTimeMs()) + 20 * DAY_MS).toISOString().slice(0, 10);
  const input = dealInput({ dueDate, supportTypes: ['competitive-brief'], opportunityId: 'OPP-CRM-DEAL' });
  const handle = await env.client.workflow.start(dealSupport, {
    workflowId: dealWorkflowId(input.request.account, input.request.opportunity.id),
    taskQueue: 'record',
    args: [input],
  });
  const crm = (eventId: string, modifiedAt: string, amount: number, owner: string) =>
    handle.executeUpdate(dealCrmDetails, {
      args: [
        {
          source: 'hubspot',
          eventId,
          changes: {
            amount: { value: amount, modifiedAt },
            owner: { value: owner, modifiedAt },
            stage: { value: 'contractsent', modifiedAt },
            closeDate: { value: '2027-03-31', modifiedAt },
          },
        },
      ],
    });
  await crm('evt-2', '2026-12-02T10:00:00.000Z', 2_600_000, 'sam');
  await crm('evt-1', '2026-12-01T10:00:00.000Z', 2_000_000, 'sally');
  const act = (action: DealAction, actor: string, actorRoles: Role[]) =>
    handle.executeUpdate(dealAction, { args: [{ action, actor, actorRoles }] });
  await act({ type: 'accept', assignees: { 'competitive-brief': FIXTURE_ASSIGNEES['competitive-brief'] } }, 'petra', [
    'presales',
  ]);
  await act({ type: 'close-won', note: 'closed won in hubspot' }, 'crm:hubspot', []);
  await act({ type: 'lesson', text: 'the CRM said so first' }, 'sam', ['sales']);
  await handle.result();
  return { file: 'deal-support-crm-details.json', history: historyToJSON(await handle.fetchHistory()) };
}

async function recordDeal(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const dueDate = new Date((await env.currentTimeMs()) + 20 * DAY_MS).toISOString().slice(0, 10);
  const input = dealInput({ dueDate });
  const handle = await env.client.workflow.start(dealSupport, {
    workflowId: dealWorkflowId(input.request.account, input.request.opportunity.id),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: DealAction, actor: string, actorRoles: Role[]) =>
    handle.executeUpdate(dealAction, { args: [{ action, actor, actorRoles }] });
  // The response SLA passes with reminders and an escalation before triage.
  await env.sleep('5 days');
  await act(
    {
      type: 'accept',
      assignees: {
        'competitive-brief': FIXTURE_ASSIGNEES['competitive-brief'],
        'pricing-exception': FIXTURE_ASSIGNEES['pricing-exception'],
      },
    },
    'petra',
    ['presales'],
  );
  await act(
    { type: 'log-support', supportType: 'competitive-brief', summary: 'brief sent', outcome: 'well received' },
    'priya',
    ['presales'],
  );
  await act({ type: 'complete-support', supportType: 'competitive-brief', outcome: 'done' }, 'priya', ['presales']);
  await act({ type: 'approve-pricing', note: 'strategic' }, 'olga', ['ops_manager']);
  await act({ type: 'close-won', note: 'signed', handoff: { commitments: 'SSO in phase 1' } }, 'sam', ['sales']);
  // The lesson comes after its reminder.
  await env.sleep('3 days');
  await act({ type: 'lesson', text: 'Bring the pricing exception early' }, 'sam', ['sales']);
  await handle.result();
  // deal-support-full-run.json is the same case before a win started the delivery handoff.
  return { file: 'deal-support-won-starts-handoff.json', history: historyToJSON(await handle.fetchHistory()) };
}

async function recordHandoff(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const input = handoffInput();
  const handle = await env.client.workflow.start(deliveryHandoff, {
    workflowId: handoffWorkflowId(input.start.account, input.start.opportunity),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: HandoffAction, actor: string) =>
    handle.executeUpdate(handoffAction, { args: [{ action, actor }] });
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  // The package SLA passes with reminders and an escalation; the package goes back once.
  await env.sleep('6 days');
  await act(completePackage(await date(120)), 'sam');
  await act({ type: 'submit' }, 'sam');
  await act({ type: 'return', missing: [{ key: 'scope', note: 'SOW unsigned' }] }, 'pia');
  await act({ type: 'update-package', items: [{ key: 'scope', link: 'https://wiki.example/sow-signed' }] }, 'sam');
  await act({ type: 'submit' }, 'sam');
  // The review SLA passes too before the project manager accepts.
  await env.sleep('5 days');
  await act({ type: 'accept' }, 'pia');
  await act({ type: 'kickoff', assignees: { 'spec-confirmed': 'priya' } }, 'pia');
  // The first milestone is reminded, goes overdue and escalates, then slips.
  await env.sleep('20 days');
  await act(
    {
      type: 'slip-milestone',
      milestoneKey: 'requirements-confirmed',
      newDate: await date(5),
      reason: 'customer IT on holiday',
    },
    'pia',
  );
  await act({ type: 'start-milestone', milestoneKey: 'requirements-confirmed' }, 'pia');
  await act(
    { type: 'complete-milestone', milestoneKey: 'requirements-confirmed', evidence: { note: 'signed minutes' } },
    'pia',
  );
  await act({ type: 'flag-risk', milestoneKey: 'tested', atRisk: true, note: 'no test environment yet' }, 'pia');
  await act({ type: 'comment', text: 'test environment ordered', milestoneKey: 'tested' }, 'sam');
  for (const milestoneKey of ['spec-confirmed', 'build-configured', 'tested'])
    await act({ type: 'complete-milestone', milestoneKey }, 'pia');
  await act(FIXTURE_SIGN_OFF(await date(0)), 'pia');
  await act({ type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia');
  // The handover starts the renewal follow-up as a child that outlives the handoff.
  await act(FIXTURE_HANDOVER(await date(0), await date(364)), 'pia');
  await handle.result();
  return { file: 'delivery-handoff-full-run.json', history: historyToJSON(await handle.fetchHistory()) };
}

/**
 * Since lean-carried-count-before-handlers: a handoff run continued as new (started here with the state a first run
 * carried, as continueAsNew would; the recorder's server never suggests continuing) that takes actions and ends.
 */
async function recordHandoffCarried(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const input = handoffInput({ opportunity: 'OPP-CARRIED' });
  const workflowId = handoffWorkflowId(input.start.account, input.start.opportunity);
  const first = await env.client.workflow.start(deliveryHandoff, { workflowId, taskQueue: 'record', args: [input] });
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  await first.executeUpdate(handoffAction, { args: [{ action: completePackage(await date(120)), actor: 'sam' }] });
  await first.executeUpdate(handoffAction, { args: [{ action: { type: 'submit' }, actor: 'sam' }] });
  const carriedState = await first.query(getHandoffState);
  await first.terminate('continued as new by the recorder');
  const handle = await env.client.workflow.start(deliveryHandoff, {
    workflowId,
    taskQueue: 'record',
    args: [{ ...input, carriedState }],
  });
  const act = (action: HandoffAction, actor: string) =>
    handle.executeUpdate(handoffAction, { args: [{ action, actor }] });
  await act({ type: 'return', missing: [{ key: 'scope', note: 'SOW unsigned' }] }, 'pia');
  await act({ type: 'comment', text: 'signed copy asked for' }, 'sam');
  await act({ type: 'cancel', reason: 'recorded' }, 'olga');
  await handle.result();
  return { file: 'delivery-handoff-continued-run.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** A handoff whose customer confirms the spec and signs the acceptance in the portal (patch handoff-customer-portal). */
async function recordHandoffPortal(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const input = handoffInput({ opportunity: 'OPP-PORTAL' });
  const handle = await env.client.workflow.start(deliveryHandoff, {
    workflowId: handoffWorkflowId(input.start.account, input.start.opportunity),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: HandoffAction, actor: string) =>
    handle.executeUpdate(handoffAction, { args: [{ action, actor }] });
  const customer = { name: 'Li Wei', email: 'li.wei@customer.example', ip: '203.0.113.7', userAgent: 'Mobile Safari' };
  const portal = (action: CustomerAction) =>
    handle.executeUpdate(handoffCustomerAction, { args: [{ action, customer }] });
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  await act(completePackage(await date(120)), 'sam');
  await act({ type: 'submit' }, 'sam');
  await act({ type: 'accept' }, 'pia');
  await act({ type: 'kickoff' }, 'pia');
  await env.sleep('3 days');
  await act({ type: 'complete-milestone', milestoneKey: 'requirements-confirmed' }, 'pia');
  await portal({
    type: 'confirm-milestone',
    milestoneKey: 'spec-confirmed',
    text: 'We confirm the spec and prototype.',
  });
  for (const milestoneKey of ['build-configured', 'tested'])
    await act({ type: 'complete-milestone', milestoneKey }, 'pia');
  await portal({ type: 'accept', text: 'We accept the delivery as complete.', title: 'CIO' });
  await act({ type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia');
  await act(FIXTURE_HANDOVER(await date(0), await date(364)), 'pia');
  await handle.result();
  return { file: 'delivery-handoff-customer-portal.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** A renewal's first term, renewed: the recorded run ends by continuing as new with the next term. */
async function recordRenewal(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  const input = renewalInput({ contractId: 'C-RECORDED', termStart: await date(0), contractEnd: await date(364) });
  const handle = await env.client.workflow.start(renewalFollowUp, {
    workflowId: renewalWorkflowId(input.start.account, input.start.contractId),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: RenewalAction, actor: string) =>
    handle.executeUpdate(renewalAction, { args: [{ action, actor }] });
  // Reminders, then the health check on the review date; the proposal goes overdue and escalates.
  await env.sleep(`${364 - 90 + 6} days`);
  await act(
    { type: 'send-proposal', value: 110_000, note: 'adds the analytics module', link: 'https://docs.example/proposal' },
    'ana',
  );
  await act({ type: 'note-negotiation', note: 'procurement asks for 5% off', expectedValue: 104_500 }, 'sam');
  await act({ type: 'assign', customerSuccessOwner: 'cora' }, 'olga');
  await act({ type: 'request-health-check', note: 'before the final call' }, 'cora');
  await env.sleep('1 hour');
  await act(
    { type: 'record-health', figures: { seatsPurchased: 100, activeUsers: 45, openCriticalTickets: 2, nps: 10 } },
    'cora',
  );
  await act(
    { type: 'decide', outcome: 'expanded', newValue: 104_500, note: 'signed with the analytics module' },
    'cora',
  );
  await env.sleep('1 hour');
  const firstRun = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
  const history = historyToJSON(await firstRun.fetchHistory());
  await act({ type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'recording over' }, 'cora');
  await handle.result();
  return { file: 'renewal-follow-up-full-run.json', history };
}

/** A renewal whose contract the CRM changes (integrations-renewal-crm-dates): a new end and value, an older event ignored, then churned. */
async function recordRenewalCrm(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  const input = renewalInput({ contractId: 'C-CRM', termStart: await date(-200), contractEnd: await date(165) });
  const handle = await env.client.workflow.start(renewalFollowUp, {
    workflowId: renewalWorkflowId(input.start.account, input.start.contractId),
    taskQueue: 'record',
    args: [input],
  });
  const crm = async (eventId: string, modifiedAt: string, contractEnd: string, value: number) =>
    handle.executeUpdate(renewalCrmDates, {
      args: [
        {
          source: 'salesforce',
          eventId,
          changes: { contractEnd: { value: contractEnd, modifiedAt }, value: { value, modifiedAt } },
        },
      ],
    });
  await crm('evt-2', '2026-12-02T10:00:00.000Z', await date(200), 120_000);
  await crm('evt-1', '2026-12-01T10:00:00.000Z', await date(150), 90_000);
  await env.sleep('1 hour');
  await handle.executeUpdate(renewalAction, {
    args: [{ action: { type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'recorded' }, actor: 'cora' }],
  });
  await handle.result();
  return { file: 'renewal-follow-up-crm-dates.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** A renewal whose customer answers the proposal in the portal (patch renewal-customer-portal), then churned to end it. */
async function recordRenewalPortal(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  const li = { name: 'Li Wei', email: 'li.wei@customer.example', language: 'zh' as const };
  const input = renewalInput(
    { contractId: 'C-PORTAL', termStart: await date(0), contractEnd: await date(364) },
    { customerContacts: [li] },
  );
  const handle = await env.client.workflow.start(renewalFollowUp, {
    workflowId: renewalWorkflowId(input.start.account, input.start.contractId),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: RenewalAction, actor: string) =>
    handle.executeUpdate(renewalAction, { args: [{ action, actor }] });
  const customer = { name: li.name, email: li.email, ip: '203.0.113.7', userAgent: 'Mobile Safari' };
  const portal = (action: RenewalCustomerAction) =>
    handle.executeUpdate(renewalCustomerAction, { args: [{ action, customer }] });
  await env.sleep(`${364 - 95} days`);
  await act({ type: 'send-proposal', value: 110_000, link: 'https://docs.example/proposal' }, 'ana');
  await portal({ type: 'ask-for-call', note: 'Tuesday mornings' });
  await act({ type: 'send-proposal', value: 104_500, note: 'after the call' }, 'ana');
  await portal({ type: 'accept-proposal', text: 'We accept the renewal proposal.' });
  await act(
    {
      type: 'set-customer-contacts',
      contacts: [li, { name: 'Ann Lee', email: 'ann@customer.example', language: 'en' }],
    },
    'ana',
  );
  await act({ type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'recording over' }, 'ana');
  await handle.result();
  return { file: 'renewal-follow-up-customer-portal.json', history: historyToJSON(await handle.fetchHistory()) };
}

/**
 * Since portal-customer-reminders and portal-handoff-milestone-rating: the customer is reminded of the requirements
 * milestone twice and the project manager told they are late; they confirm it, are reminded of the spec, confirm
 * it, sign the acceptance and rate a milestone.
 */
async function recordHandoffReminders(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const input = handoffInput({ opportunity: 'OPP-REMINDED' });
  const handle = await env.client.workflow.start(deliveryHandoff, {
    workflowId: handoffWorkflowId(input.start.account, input.start.opportunity),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: HandoffAction, actor: string) =>
    handle.executeUpdate(handoffAction, { args: [{ action, actor }] });
  const customer = { name: 'Li Wei', email: 'li.wei@customer.example', ip: '203.0.113.7', userAgent: 'Mobile Safari' };
  const portal = (action: CustomerAction) =>
    handle.executeUpdate(handoffCustomerAction, { args: [{ action, customer }] });
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  await act(completePackage(await date(120)), 'sam');
  await act({ type: 'submit' }, 'sam');
  await act({ type: 'accept' }, 'pia');
  await act({ type: 'kickoff' }, 'pia');
  await env.sleep('8 days');
  await portal({
    type: 'confirm-milestone',
    milestoneKey: 'requirements-confirmed',
    text: 'We confirm the requirements.',
  });
  await env.sleep('4 days');
  await portal({
    type: 'confirm-milestone',
    milestoneKey: 'spec-confirmed',
    text: 'We confirm the spec and prototype.',
  });
  for (const milestoneKey of ['build-configured', 'tested'])
    await act({ type: 'complete-milestone', milestoneKey }, 'pia');
  await portal({ type: 'accept', text: 'We accept the delivery as complete.', title: 'CIO' });
  await portal({ type: 'rate-milestone', milestoneKey: 'spec-confirmed', score: 4, comment: 'Clear prototype' });
  await act({ type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, 'pia');
  await act(FIXTURE_HANDOVER(await date(0), await date(364)), 'pia');
  await handle.result();
  return { file: 'delivery-handoff-customer-reminders.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Since portal-customer-reminders and portal-poc-customer-contacts: the criteria wait, the customer is reminded and late, contacts change, they confirm. */
async function recordPocReminders(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const plannedStart = new Date((await env.currentTimeMs()) + 10 * DAY_MS).toISOString().slice(0, 10);
  const li = { name: 'Li Wei', email: 'li.wei@customer.example', language: 'zh' as const };
  const input = pocInput({ plannedStart, amount: 80_000, opportunityId: 'OPP-REMINDED', customerContacts: [li] });
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, { workflowId: trialId, taskQueue: 'record', args: [input] });
  const act = (action: PocAction, actor: string) => handle.executeUpdate(pocAction, { args: [{ action, actor }] });
  const customer = { name: li.name, email: li.email, ip: '203.0.113.7', userAgent: 'Mobile Safari' };
  const portal = (action: PocCustomerAction) =>
    handle.executeUpdate(pocCustomerAction, { args: [{ action, customer }] });
  await act({ type: 'approve' }, 'rita');
  await env.sleep('8 days');
  await act(
    {
      type: 'set-customer-contacts',
      contacts: [li, { name: 'Ann Lee', email: 'ann@customer.example', language: 'en' }],
    },
    'sam',
  );
  await portal({ type: 'confirm-criteria', text: 'We agree to these criteria.' });
  await act({ type: 'kickoff' }, 'sam');
  await act({ type: 'convert', nextStep: null, note: 'signed' }, 'sam');
  await handle.result();
  return { file: 'poc-trial-customer-reminders.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Since portal-customer-reminders and portal-renewal-customer-contacts: a proposal waits, reminders and the late notice, contacts change, the customer accepts. */
async function recordRenewalReminders(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  const li = { name: 'Li Wei', email: 'li.wei@customer.example', language: 'zh' as const };
  const input = renewalInput(
    { contractId: 'C-REMINDED', termStart: await date(0), contractEnd: await date(364) },
    { customerContacts: [li] },
  );
  const handle = await env.client.workflow.start(renewalFollowUp, {
    workflowId: renewalWorkflowId(input.start.account, input.start.contractId),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: RenewalAction, actor: string) =>
    handle.executeUpdate(renewalAction, { args: [{ action, actor }] });
  const customer = { name: li.name, email: li.email, ip: '203.0.113.7', userAgent: 'Mobile Safari' };
  const portal = (action: RenewalCustomerAction) =>
    handle.executeUpdate(renewalCustomerAction, { args: [{ action, customer }] });
  await env.sleep(`${364 - 95} days`);
  await act({ type: 'send-proposal', value: 110_000, link: 'https://docs.example/proposal' }, 'ana');
  await env.sleep('8 days');
  await act(
    {
      type: 'set-customer-contacts',
      contacts: [li, { name: 'Ann Lee', email: 'ann@customer.example', language: 'en' }],
    },
    'ana',
  );
  await portal({ type: 'accept-proposal', text: 'We accept the renewal proposal.' });
  await act({ type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'recording over' }, 'ana');
  await handle.result();
  return { file: 'renewal-follow-up-customer-reminders.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** A person's digest: three days at 8:00, moved to 18:00 for two, then turned off (the run ends). */
async function recordDigest(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const plan = { enabled: true, hour: 8, timeZone: 'America/New_York' };
  const handle = await env.client.workflow.start(personDigest, {
    workflowId: personDigestWorkflowId('dora@hq.example'),
    taskQueue: 'record',
    args: [{ email: 'dora@hq.example', plan }],
  });
  await env.sleep('3 days');
  await handle.signal(digestPlanSignal, { ...plan, hour: 18 });
  await env.sleep('2 days');
  await handle.signal(digestPlanSignal, { ...plan, enabled: false });
  await handle.result();
  return { file: 'person-digest-moved-then-off.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Since launch-item-due-date-change: an ops manager snoozes an item, then the launch date moves and keeps the shift. */
async function recordLaunchDueDate(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const day = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  const handle = await env.client.workflow.start(launchReadiness, {
    workflowId: 'launch:recorded-due-date-change',
    taskQueue: 'record',
    args: [
      {
        ...launchInput({ launchId: 'recorded-due-date-change', launchDate: await day(20) }),
        startedAt: new Date(await env.currentTimeMs()).toISOString(),
      },
    ],
  });
  const act = (action: LaunchAction, actor = 'olga') =>
    handle.executeUpdate(launchAction, { args: [{ action, actor, caller: { roles: ['ops_manager'] } }] });
  await env.sleep('2 days');
  // research was due in 8 days: snoozed by a week, its reminders and overdue follow the new date.
  await act({ type: 'reschedule-item', itemKey: 'research', dueDate: await day(13), reason: 'interviews slipped' });
  await act({ type: 'reschedule-item', itemKey: 'battlecard', dueDate: await day(10), reason: 'earlier review' });
  await env.sleep('5 days');
  await act({ type: 'change-launch-date', launchDate: await day(30), reason: 'slot moved' });
  await env.sleep('25 days');
  await act({ type: 'cancel', reason: 'recorded' });
  await handle.result();
  return { file: 'launch-readiness-item-due-date-change.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Since templates-poc-plan: a trial on a pinned plan (v2: check-ins every 3 days, a default criterion). */
async function recordPocTemplatePlan(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const plannedStart = new Date((await env.currentTimeMs()) + 3 * DAY_MS).toISOString().slice(0, 10);
  const { rules: _coded, ...input } = pocInput({ plannedStart, amount: 80_000, opportunityId: 'OPP-PLAN' });
  const plan = pocPlan(2, POC_PLAN_V2_CHANGE);
  const trialId = pocWorkflowId(input.request.account, input.request.opportunity.id);
  const handle = await env.client.workflow.start(pocTrial, {
    workflowId: trialId,
    taskQueue: 'record',
    args: [{ ...input, plan }],
  });
  const act = (action: PocAction, actor: string) => handle.executeUpdate(pocAction, { args: [{ action, actor }] });
  await act({ type: 'approve' }, 'rita');
  await env.sleep('1 minute');
  await act({ type: 'kickoff' }, 'sam');
  // The 3-day cadence reminds on day 3; the check-in comes the day after.
  await env.sleep('4 days');
  await act({ type: 'check-in', summary: 'import done', health: 'green' }, 'priya');
  await act({ type: 'mark-criterion', criterionKey: 'data-import', status: 'met', evidence: 'import log' }, 'priya');
  await act({ type: 'convert', nextStep: null, note: 'signed' }, 'sam');
  await handle.result();
  return { file: 'poc-trial-template-plan.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Since templates-deal-plan: a case on a pinned plan (v2: a competitive brief answered within 3 business days, escalating to regional ops). */
async function recordDealTemplatePlan(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const dueDate = new Date((await env.currentTimeMs()) + 20 * DAY_MS).toISOString().slice(0, 10);
  const { rules: _coded, ...input } = dealInput({
    dueDate,
    supportTypes: ['competitive-brief'],
    opportunityId: 'OPP-DEAL-PLAN',
  });
  const handle = await env.client.workflow.start(dealSupport, {
    workflowId: dealWorkflowId(input.request.account, input.request.opportunity.id),
    taskQueue: 'record',
    args: [{ ...input, plan: dealPlan(2, DEAL_PLAN_V2_CHANGE) }],
  });
  const act = (action: DealAction, actor: string, actorRoles: Role[]) =>
    handle.executeUpdate(dealAction, { args: [{ action, actor, actorRoles }] });
  // The 3-business-day SLA passes: a reminder the day before, then the escalation to regional ops.
  await env.sleep('8 days');
  await act({ type: 'accept', assignees: { 'competitive-brief': FIXTURE_ASSIGNEES['competitive-brief'] } }, 'petra', [
    'presales',
  ]);
  await act({ type: 'close-lost', reason: 'price', note: 'too dear' }, 'sam', ['sales']);
  await act({ type: 'lesson', text: 'Answer briefs faster' }, 'sam', ['sales']);
  await handle.result();
  return { file: 'deal-support-template-plan.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Since templates-handoff-plan: a handoff on a pinned plan (v2: no known risks, a 2-day package SLA, a training milestone). */
async function recordHandoffTemplatePlan(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const { rules: _coded, ...input } = handoffInput({ opportunity: 'OPP-HANDOFF-PLAN' });
  const handle = await env.client.workflow.start(deliveryHandoff, {
    workflowId: handoffWorkflowId(input.start.account, input.start.opportunity),
    taskQueue: 'record',
    args: [{ ...input, plan: handoffPlan(2, HANDOFF_PLAN_V2_CHANGE) }],
  });
  const act = (action: HandoffAction, actor: string) =>
    handle.executeUpdate(handoffAction, { args: [{ action, actor }] });
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  // The 2-day package SLA passes with its reminders and escalation; the package needs no known risks.
  await env.sleep('5 days');
  const { items = [], ...rest } = completePackage(await date(120)) as Extract<
    HandoffAction,
    { type: 'update-package' }
  >;
  await act({ ...rest, items: items.filter((item) => item.key !== 'known-risks') }, 'sam');
  await act({ type: 'submit' }, 'sam');
  await act({ type: 'accept' }, 'pia');
  await act({ type: 'kickoff' }, 'pia');
  // v2 confirms requirements 5 business days after kickoff: reminded, then overdue.
  await env.sleep('10 days');
  await act({ type: 'cancel', reason: 'recorded' }, 'pia');
  await handle.result();
  return { file: 'delivery-handoff-template-plan.json', history: historyToJSON(await handle.fetchHistory()) };
}

/** Since templates-renewal-plan: a renewal on a pinned plan (v2: every step earlier, one reminder, sales negotiate), renewed once. */
async function recordRenewalTemplatePlan(env: TestWorkflowEnvironment): ReturnType<Recorder> {
  const date = async (days: number) => new Date((await env.currentTimeMs()) + days * DAY_MS).toISOString().slice(0, 10);
  const input = renewalInput(
    { contractId: 'C-TEMPLATE-PLAN', termStart: await date(0), contractEnd: await date(200) },
    { plan: renewalPlan(2, RENEWAL_PLAN_V2_CHANGE) },
  );
  const handle = await env.client.workflow.start(renewalFollowUp, {
    workflowId: renewalWorkflowId(input.start.account, input.start.contractId),
    taskQueue: 'record',
    args: [input],
  });
  const act = (action: RenewalAction, actor: string) =>
    handle.executeUpdate(renewalAction, { args: [{ action, actor }] });
  // v2's health review (180 days before the end) and its check; the proposal (150) goes overdue and escalates.
  await env.sleep(`${200 - 150 + 6} days`);
  await act({ type: 'send-proposal', value: 100_000, note: 'same scope' }, 'ana');
  await act({ type: 'decide', outcome: 'renewed', note: 'signed' }, 'ana');
  await env.sleep('1 hour');
  const firstRun = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
  const history = historyToJSON(await firstRun.fetchHistory());
  await act({ type: 'decide', outcome: 'churned', churnReason: 'budget', note: 'recording over' }, 'ana');
  await handle.result();
  return { file: 'renewal-follow-up-template-plan.json', history };
}

async function main(): Promise<void> {
  // `launch,poc` records several; `--as <patch id>` writes `<file>--<patch id>.json` beside the old files,
  // for a new patch whose histories join the replayed set while the older recordings stay as they are.
  const [which, asFlag, tag] = process.argv.slice(2);
  if (asFlag !== undefined && (asFlag !== '--as' || !tag))
    throw new Error('usage: record-history.ts [names] [--as <patch id>]');
  const all: Record<string, Recorder> = {
    launch: recordLaunch,
    'launch-due-date': recordLaunchDueDate,
    poc: recordPoc,
    'poc-crm': recordPocCrm,
    'poc-search-attributes': recordPocSearchAttributes,
    'poc-template-plan': recordPocTemplatePlan,
    'poc-summaries': recordPocSummaries,
    'poc-effort': recordPocEffort,
    deal: recordDeal,
    handoff: recordHandoff,
    'handoff-portal': recordHandoffPortal,
    'handoff-carried': recordHandoffCarried,
    'poc-portal': recordPocPortal,
    renewal: recordRenewal,
    'renewal-portal': recordRenewalPortal,
    'handoff-reminders': recordHandoffReminders,
    'poc-reminders': recordPocReminders,
    'renewal-reminders': recordRenewalReminders,
    'renewal-crm': recordRenewalCrm,
    'deal-crm': recordDealCrm,
    'deal-template-plan': recordDealTemplatePlan,
    'handoff-template-plan': recordHandoffTemplatePlan,
    'renewal-template-plan': recordRenewalTemplatePlan,
    digest: recordDigest,
  };
  const recorders = which && which !== 'all' ? which.split(',').map((name) => all[name]!) : Object.values(all);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await ensureTestServer() } });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'record',
    workflowsPath: require.resolve('../../workflows'),
    activities: {
      ...recordingPocActivities().activities,
      ...recordingDealActivities().activities,
      ...recordingHandoffActivities().activities,
      ...recordingRenewalActivities().activities,
      projectRun: async () => undefined,
      sendPersonDigest: async () => 'sent' as const,
      deliverNotifications: async () => ({ delivered: 0, pending: 0 }),
      // Since templates-chained-plans: the next playbook pins its shipped template's plan, as the worker resolves it.
      resolveNextPlaybookPlan: async ({ workflowType }: NextPlaybookPlanRequest) =>
        workflowType === 'dealSupport'
          ? dealPlan(1)
          : workflowType === 'deliveryHandoff'
            ? handoffPlan(1)
            : renewalPlan(1),
    },
  });
  await worker.runUntil(async () => {
    for (const record of recorders) {
      const recording = await record(env);
      const file = tag ? recording.file.replace(/\.json$/, `--${tag}.json`) : recording.file;
      fs.writeFileSync(path.join(HISTORIES, file), `${recording.history}\n`);
      process.stdout.write(`History written to ${path.join(HISTORIES, file)}\n`);
    }
  });
  await env.teardown();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
