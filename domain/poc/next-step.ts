import {
  dealSupportInput,
  dealSupportStart,
  dealSupportStartProblems,
  type DealSupportAsk,
} from '../shared/deal-support-start';
import type { PinnedCalendar } from '../shared/business-calendar';
import { isIsoDate } from '../shared/input-checks';
import {
  cleanPrefill,
  handoffDeal,
  handoffPrefillProblems,
  handoffWorkflowId,
  nextPlaybookSummary,
  type HandoffPrefill,
  type HandoffStart,
  type NextPlaybookStarted,
  type PendingNextPlaybook,
} from '../shared/lifecycle';
import { appendEvent, today, trialLabel } from './transitions';
import type { NextStep, PocState } from './types';

/**
 * A converted trial starts the playbook its sales owner names: deal support (with what they need
 * and by when) or delivery handoff (with the package pre-filled from the trial).
 */

export interface ConvertNextStep {
  nextStep?: NextStep | null;
  handoff?: HandoffPrefill;
  dealSupport?: DealSupportAsk;
}

/** Why the next step cannot start as asked (an unusable date, or something missing), or undefined when it can. */
export function nextStepProblem(
  state: PocState,
  action: ConvertNextStep,
  actor: string,
  calendar: PinnedCalendar,
  now: Date,
): { kind: 'invalid-date' | 'invalid-transition'; message: string } | undefined {
  const refuse = (message: string) => ({ kind: 'invalid-transition' as const, message });
  if (action.dealSupport && action.nextStep !== 'deal-support')
    return refuse('dealSupport goes only with nextStep "deal-support"');
  if (action.handoff && action.nextStep !== 'delivery-handoff')
    return refuse('handoff goes only with nextStep "delivery-handoff"');
  if (action.nextStep === 'deal-support') {
    if (!action.dealSupport)
      return refuse(
        'Converting into deal support needs dealSupport: the support types, the due date and the deal stage',
      );
    const problems = dealSupportStartProblems(dealSupportInput(state, action.dealSupport, actor, calendar));
    const { dueDate } = action.dealSupport;
    if (isIsoDate(dueDate) && dueDate < today(now)) problems.push(`dealSupport.dueDate ${dueDate} is in the past`);
    if (problems.length === 0) return undefined;
    const dateOnly = problems.every((problem) => problem.startsWith('dealSupport.dueDate'));
    return {
      kind: dateOnly ? 'invalid-date' : 'invalid-transition',
      message: `Deal support cannot start like that: ${problems.join('; ')}`,
    };
  }
  if (action.nextStep === 'delivery-handoff' && action.handoff) {
    const problems = handoffPrefillProblems(action.handoff, today(now));
    return problems.length > 0
      ? { kind: 'invalid-date', message: `The handoff package cannot start like that: ${problems.join('; ')}` }
      : undefined;
  }
  return undefined;
}

/** The next playbook a conversion asks for (none when it names no next step). */
export function nextStepRequest(
  state: PocState,
  action: ConvertNextStep,
  actor: string,
  calendar: PinnedCalendar,
): PendingNextPlaybook | undefined {
  if (action.nextStep === 'deal-support' && action.dealSupport) {
    const from = { playbook: 'poc-trial' as const, id: state.trialId };
    return dealSupportStart(dealSupportInput(state, action.dealSupport, actor, calendar, from));
  }
  if (action.nextStep === 'delivery-handoff') {
    const start: HandoffStart = {
      ...handoffDeal(state),
      prefill: { requirements: criteriaAsRequirements(state), ...cleanPrefill(action.handoff) },
      source: { playbook: 'poc-trial', id: state.trialId },
      calendar,
    };
    return {
      workflowType: 'deliveryHandoff',
      workflowId: handoffWorkflowId(state.account, state.opportunity.id),
      input: { start, requestedBy: actor },
    };
  }
  return undefined;
}

/** The trial's success criteria, as the requirements delivery starts from (the sales owner's own text wins). */
function criteriaAsRequirements(state: PocState): string {
  const lines = state.criteria.map(
    (criterion) =>
      `- ${criterion.description} (${criterion.status}${criterion.evidence ? `: ${criterion.evidence}` : ''})`,
  );
  return `Success criteria of the ${state.product} trial:\n${lines.join('\n')}`;
}

/** Records the next playbook the workflow started (or found already started) for a conversion. */
export function recordNextStepStarted(state: PocState, started: NextPlaybookStarted, now: Date): void {
  state.pendingNext = undefined;
  state.nextPlaybook = { ...started, at: now.toISOString() };
  appendEvent(state, now, {
    type: 'poc.next-step-started',
    actor: 'baton',
    summary: nextPlaybookSummary(started, `converted ${trialLabel(state)}`),
    after: { ...started },
  });
  state.seq += 1;
}
