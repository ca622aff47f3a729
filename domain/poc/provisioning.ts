import { pocSays } from './text';
import { appendEvent, enterStage, recipient, trialText } from './transitions';
import type { PocState, ProvisioningAnswer, ProvisioningRequest } from './types';

/**
 * Approval hands the trial straight to provisioning; the workflow runs the provisioning
 * activity whenever the stage is `provisioning` and reports back through these functions.
 */

/** Approves (a person, or Baton under the auto-approval rule) and starts provisioning. */
export function approveAndProvision(state: PocState, actor: string, now: Date, autoRule?: string): void {
  state.approval.decidedBy = actor;
  state.approval.decidedAt = now.toISOString();
  if (autoRule) state.approval.auto = true;
  enterStage(state, 'approved', actor, now);
  appendEvent(state, now, {
    type: 'poc.approved',
    actor,
    ...(autoRule
      ? pocSays('poc.approved.auto', { label: trialText(state, 'poc.label'), rule: autoRule })
      : pocSays('poc.approved', { actor, label: trialText(state) })),
    before: { stage: 'requested' },
    after: { stage: 'approved', ...(autoRule ? { rule: autoRule } : {}) },
    notify: recipient(state, 'sales'),
  });
  beginProvisioning(state, 'baton', now);
}

/** A new provisioning round: the first after approval, or one a person asked for after a failure. */
export function beginProvisioning(state: PocState, actor: string, now: Date): void {
  const before = { stage: state.stage, lastError: state.provisioning.lastError };
  state.provisioning.round += 1;
  delete state.provisioning.lastError;
  delete state.provisioning.failedAt;
  enterStage(state, 'provisioning', actor, now);
  appendEvent(state, now, {
    type: 'provisioning.started',
    actor,
    ...pocSays('poc.provisioning.started', {
      actor: actor === 'baton' ? 'Baton' : actor,
      label: trialText(state),
      round: state.provisioning.round,
    }),
    before,
    after: { stage: 'provisioning', round: state.provisioning.round },
  });
}

export function provisioningRequest(state: PocState): ProvisioningRequest {
  return {
    trialId: state.trialId,
    idempotencyKey: `${state.trialId}/provisioning-${state.provisioning.round}`,
    account: state.account,
    region: state.region,
    industry: state.industry,
    product: state.product,
    opportunityId: state.opportunity.id,
    salesOwner: state.salesOwner,
    presales: [...state.supporters.presales],
    plannedStart: state.plannedStart,
    endDate: state.endDate,
  };
}

/** Whether an answer belongs to the round the trial is still waiting on. */
const isCurrent = (state: PocState, round: number) =>
  state.stage === 'provisioning' && state.provisioning.round === round;

export function provisioningSucceeded(state: PocState, round: number, answer: ProvisioningAnswer, now: Date): void {
  if ('byHand' in answer) {
    awaitProvisioningByHand(state, round, now);
    return;
  }
  const result = answer;
  const environment = { ...(result.environmentUrl ? { url: result.environmentUrl } : {}), reference: result.reference };
  if (!isCurrent(state, round)) {
    // The trial moved on (withdrawn, lost, expired) while the provisioner worked: someone must tear it down.
    appendEvent(state, now, {
      type: 'provisioning.late-result',
      actor: 'baton',
      ...pocSays('poc.provisioning.late-success', {
        reference: result.reference,
        url: result.environmentUrl,
        label: trialText(state),
        stage: state.stage,
      }),
      after: { round, ...environment },
      notify: recipient(state, 'regional_ops'),
    });
  } else {
    state.provisioning.environment = { ...environment, manual: false, by: 'baton', at: now.toISOString() };
    enterStage(state, 'ready', 'baton', now);
    appendEvent(state, now, {
      type: 'provisioning.succeeded',
      actor: 'baton',
      ...pocSays('poc.provisioning.succeeded', {
        label: trialText(state),
        url: result.environmentUrl,
        reference: result.reference,
      }),
      before: { stage: 'provisioning' },
      after: { stage: 'ready', ...environment },
      notify: recipient(state, 'sales'),
    });
  }
  state.seq += 1;
}

/**
 * Without a provisioner, provisioning is a person's step like any other: the trial waits in
 * `provisioning` for regional ops to provision the environment and mark it ready. Nothing failed.
 */
function awaitProvisioningByHand(state: PocState, round: number, now: Date): void {
  if (!isCurrent(state, round)) return;
  state.provisioning.byHand = true;
  appendEvent(state, now, {
    type: 'provisioning.by-hand',
    actor: 'baton',
    ...pocSays('poc.provisioning.by-hand', { label: trialText(state) }),
    after: { stage: 'provisioning', byHand: true },
    notify: recipient(state, 'regional_ops'),
  });
  state.seq += 1;
}

/** Retries are spent: the trial waits, visibly, for a person to retry or provision by hand. */
export function provisioningFailed(state: PocState, round: number, error: string, now: Date): void {
  if (!isCurrent(state, round)) {
    appendEvent(state, now, {
      type: 'provisioning.late-result',
      actor: 'baton',
      ...pocSays('poc.provisioning.late-failure', { round, label: trialText(state), stage: state.stage, error }),
      after: { round, error },
    });
  } else {
    state.provisioning.lastError = error;
    state.provisioning.failedAt = now.toISOString();
    enterStage(state, 'provisioning_failed', 'baton', now);
    appendEvent(state, now, {
      type: 'provisioning.failed',
      actor: 'baton',
      ...pocSays('poc.provisioning.failed', { label: trialText(state), error }),
      before: { stage: 'provisioning' },
      after: { stage: 'provisioning_failed', round, error },
      notify: recipient(state, 'regional_ops'),
    });
  }
  state.seq += 1;
}
