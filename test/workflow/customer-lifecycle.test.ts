import type { WorkflowHandle } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import type { DealAction } from '../../domain/deal/actions';
import { dealWorkflowId } from '../../domain/deal/transitions';
import type { HandoffAction } from '../../domain/handoff/actions';
import { handoffWorkflowId, renewalWorkflowId } from '../../domain/shared/lifecycle';
import type { PocAction } from '../../domain/poc/actions';
import type { RenewalAction } from '../../domain/renewal/actions';
import type { Role } from '../../domain/shared/roles';
import { dealAction, type dealSupport, getDealState } from '../../workflows/deal/deal-support';
import { type deliveryHandoff, getHandoffState, handoffAction } from '../../workflows/handoff/delivery-handoff';
import { getPocState, pocAction, pocTrial, pocWorkflowId } from '../../workflows/poc/poc-trial';
import { getRenewalState, renewalAction, type renewalFollowUp } from '../../workflows/renewal/renewal-follow-up';
import { eventually } from '../helpers/baton-harness';
import { recordingDealActivities } from '../helpers/deal-fixtures';
import {
  completePackage,
  FIXTURE_HANDOVER,
  FIXTURE_SIGN_OFF,
  recordingHandoffActivities,
} from '../helpers/handoff-fixtures';
import { pocInput, recordingPocActivities } from '../helpers/poc-fixtures';
import { AT_RISK_FIGURES, HEALTHY_FIGURES, recordingRenewalActivities } from '../helpers/renewal-fixtures';
import {
  releaseLockLeftByOrphanedChild,
  serverDatePlusDays,
  timeSkippingWorker,
  WORKFLOW_TEST_QUEUE,
} from '../helpers/time-skipping';
import { updateRejection } from '../helpers/update-rejection';

const HOUR = 3_600_000;
const OPPORTUNITY = 'OPP-LIFE';

/**
 * The whole customer lifecycle on the worker's real workflow bundle: a converted POC starts deal
 * support, the won deal starts the delivery handoff (package returned, then accepted; milestones;
 * the customer's sign-off), whose handover starts the renewal follow-up, which renews one term
 * (continuing as new) and loses the next. Each case is started by the one before; years of
 * virtual time pass in seconds.
 */
describe('customer lifecycle (time-skipping)', () => {
  let termTwoAtRisk = false;
  const poc = recordingPocActivities();
  const deal = recordingDealActivities();
  const handoff = recordingHandoffActivities();
  const renewal = recordingRenewalActivities(() => (termTwoAtRisk ? AT_RISK_FIGURES : HEALTHY_FIGURES));

  const harness = timeSkippingWorker({
    ...poc.activities,
    ...deal.activities,
    ...handoff.activities,
    ...renewal.activities,
  });

  /** Sleeps (virtually) until an hour past 00:00 UTC of a date. */
  async function sleepUntil(date: string): Promise<void> {
    await harness.env.sleep(Date.parse(`${date}T00:00:00Z`) + HOUR - (await harness.env.currentTimeMs()));
  }

  /** The case the one before started, once it runs. */
  async function startedCase<T extends Workflow>(workflowId: string): Promise<WorkflowHandle<T>> {
    const handle = harness.env.client.workflow.getHandle<T>(workflowId);
    const status = () =>
      handle.describe().then(
        (description) => description.status.name,
        () => 'not started yet',
      );
    await eventually(status, (name) => name === 'RUNNING');
    return handle;
  }

  it('carries a customer from a converted POC to a renewed, then churned contract', async () => {
    // POC: approved automatically (under 10,000), provisioned, kicked off, converted into deal support.
    const trial = await harness.env.client.workflow.start(pocTrial, {
      workflowId: pocWorkflowId('acme', OPPORTUNITY),
      taskQueue: WORKFLOW_TEST_QUEUE,
      args: [
        pocInput({ opportunityId: OPPORTUNITY, amount: 5_000, plannedStart: await serverDatePlusDays(harness.env, 0) }),
      ],
    });
    const pocAct = (action: PocAction, actor: string) => trial.executeUpdate(pocAction, { args: [{ action, actor }] });
    await eventually(
      () => trial.query(getPocState),
      (state) => state.stage === 'ready',
    );
    await pocAct({ type: 'kickoff' }, 'sam');
    await pocAct(
      { type: 'mark-criterion', criterionKey: 'uptime', status: 'met', evidence: 'https://status.example/acme' },
      'priya',
    );
    const dealDue = await serverDatePlusDays(harness.env, 10);
    await pocAct(
      {
        type: 'convert',
        nextStep: 'deal-support',
        dealSupport: { supportTypes: ['customer-visit'], dueDate: dealDue, dealStage: 'negotiation' },
      },
      'sam',
    );
    expect(await trial.result()).toMatchObject({ stage: 'converted', outcome: { nextStep: 'deal-support' } });
    expect((await trial.query(getPocState)).nextPlaybook).toMatchObject({
      workflowType: 'dealSupport',
      workflowId: dealWorkflowId('acme', OPPORTUNITY),
      status: 'started',
    });

    // Deal support, started by the trial: nobody triages in time, so the response SLA escalates; then won.
    const dealCase = await startedCase<typeof dealSupport>(dealWorkflowId('acme', OPPORTUNITY));
    const dealAct = (action: DealAction, actor: string, actorRoles: Role[]) =>
      dealCase.executeUpdate(dealAction, { args: [{ action, actor, actorRoles }] });
    let dealState = await dealCase.query(getDealState);
    expect(dealState).toMatchObject({
      stage: 'requested',
      requestedBy: 'sam',
      dueDate: dealDue,
      supportTypes: ['customer-visit'],
    });
    await sleepUntil(addCalendarDays(dealState.response.dueDate, 1));
    dealState = await dealCase.query(getDealState);
    expect(dealState.timeline.filter((event) => event.type === 'deal.response-escalation')).toHaveLength(1);
    expect(dealState.response.overdue).toBe(true);
    await dealAct({ type: 'accept', assignees: { 'customer-visit': ['vera'] } }, 'petra', ['presales']);
    await dealAct(
      {
        type: 'log-support',
        supportType: 'customer-visit',
        summary: 'Visited the CIO with our CTO',
        outcome: 'CIO backs us',
      },
      'vera',
      ['presales'],
    );
    const goLive = await serverDatePlusDays(harness.env, 150);
    await dealAct(
      {
        type: 'close-won',
        handoff: {
          requirements: 'Sales dashboards for 3 branches',
          commitments: 'Dashboards in Chinese by go-live',
          targetGoLive: goLive,
        },
      },
      'sam',
      ['sales'],
    );
    await dealAct({ type: 'lesson', text: 'A customer visit with our CTO turned the CIO.' }, 'sam', ['sales']);
    expect(await dealCase.result()).toMatchObject({ stage: 'closed_won', lessonDue: false });
    expect((await dealCase.query(getDealState)).nextPlaybook).toMatchObject({
      workflowType: 'deliveryHandoff',
      status: 'started',
    });
    await releaseLockLeftByOrphanedChild(harness.env);

    // Delivery handoff, started by the win with its package pre-filled: returned once, then accepted.
    const project = await startedCase<typeof deliveryHandoff>(handoffWorkflowId('acme', OPPORTUNITY));
    const handoffAct = (action: HandoffAction, actor: string) =>
      project.executeUpdate(handoffAction, { args: [{ action, actor }] });
    let projectState = await project.query(getHandoffState);
    expect(projectState).toMatchObject({
      stage: 'package_pending',
      source: { playbook: 'deal-support', id: dealWorkflowId('acme', OPPORTUNITY) },
    });
    expect(projectState.packageItems.find((item) => item.key === 'commitments')).toMatchObject({
      status: 'provided',
      prefilled: true,
      text: 'Dashboards in Chinese by go-live',
    });
    expect(projectState.targetGoLive).toBe(goLive);
    await handoffAct(completePackage(goLive), 'sam');
    await handoffAct({ type: 'submit' }, 'sam');
    const unnamed = await updateRejection(handoffAct({ type: 'return', missing: [] }, 'pia'));
    expect(unnamed.type).toBe('evidence-required');
    await handoffAct({ type: 'return', missing: [{ key: 'scope', note: 'the SOW is not signed' }] }, 'pia');
    await handoffAct(
      { type: 'update-package', items: [{ key: 'scope', link: 'https://wiki.example/sow-signed' }] },
      'sam',
    );
    await handoffAct({ type: 'submit' }, 'sam');
    await handoffAct({ type: 'accept' }, 'pia');
    await handoffAct({ type: 'kickoff' }, 'pia');
    projectState = await project.query(getHandoffState);
    expect(projectState.reviews.map((review) => review.decision)).toEqual(['returned', 'accepted']);

    // Milestones in order, each on its due date; the customer's acceptance needs the recorded sign-off.
    const [acceptance, ...rest] = [...projectState.milestones].reverse();
    for (const milestone of rest.reverse()) {
      await sleepUntil(milestone.dueDate);
      await handoffAct({ type: 'complete-milestone', milestoneKey: milestone.key }, 'pia');
    }
    const twice = await updateRejection(handoffAct({ type: 'complete-milestone', milestoneKey: rest[0]!.key }, 'pia'));
    expect(twice.type).toBe('invalid-transition');
    await sleepUntil(acceptance!.dueDate);
    const signedOn = await serverDatePlusDays(harness.env, 0);
    await handoffAct(FIXTURE_SIGN_OFF(signedOn), 'pia');
    await handoffAct({ type: 'complete-milestone', milestoneKey: acceptance!.key }, 'pia');
    const termStart = addCalendarDays(signedOn, 1);
    const contractEnd = addCalendarDays(`${Number(termStart.slice(0, 4)) + 1}${termStart.slice(4)}`, -1);
    await handoffAct(FIXTURE_HANDOVER(termStart, contractEnd), 'pia');
    expect(await project.result()).toMatchObject({
      stage: 'handed_over',
      renewalWorkflowId: renewalWorkflowId('acme', OPPORTUNITY),
    });
    await releaseLockLeftByOrphanedChild(harness.env);

    // Renewal follow-up, started by the handover: term 1 healthy and renewed, continuing as new.
    const contract = await startedCase<typeof renewalFollowUp>(renewalWorkflowId('acme', OPPORTUNITY));
    const firstRun = (await contract.describe()).runId;
    const renewalAct = (action: RenewalAction) =>
      contract.executeUpdate(renewalAction, { args: [{ action, actor: 'cora' }] });
    let contractState = await contract.query(getRenewalState);
    expect(contractState).toMatchObject({
      customerSuccessOwner: 'cora',
      term: { number: 1, termStart, contractEnd, value: 96_000 },
    });
    const outcomeStep = (state: typeof contractState) =>
      state.term.steps.find((step) => step.key === 'outcome')!.dueDate;
    await sleepUntil(addCalendarDays(outcomeStep(contractState), -1));
    contractState = await contract.query(getRenewalState);
    expect(contractState.term.health).toMatchObject({ band: 'healthy' });
    await renewalAct({ type: 'send-proposal', value: 96_000 });
    await renewalAct({ type: 'decide', outcome: 'renewed', note: 'signed for another year' });
    await eventually(
      () => contract.describe(),
      (description) => description.runId !== firstRun,
    );
    contractState = await contract.query(getRenewalState);
    expect(contractState.pastTerms).toMatchObject([{ number: 1, outcome: 'renewed' }]);
    expect(contractState.term).toMatchObject({ number: 2, termStart: addCalendarDays(contractEnd, 1) });

    // Term 2: the health review finds the account at risk and escalates at once; the customer churns.
    termTwoAtRisk = true;
    await sleepUntil(contractState.term.steps.find((step) => step.key === 'health_review')!.dueDate);
    contractState = await contract.query(getRenewalState);
    expect(contractState.term).toMatchObject({ atRisk: true, health: { band: 'at-risk' } });
    expect(
      contractState.timeline.filter((event) => event.type === 'renewal.at-risk-escalation' && event.term === 2),
    ).toHaveLength(1);
    await sleepUntil(outcomeStep(contractState));
    await renewalAct({
      type: 'decide',
      outcome: 'churned',
      churnReason: 'low-adoption',
      note: 'never rolled out beyond the pilot',
    });
    const ended = await contract.result();
    expect(ended.terms.map((term) => [term.number, term.outcome])).toEqual([
      [1, 'renewed'],
      [2, 'churned'],
    ]);
  });
});
