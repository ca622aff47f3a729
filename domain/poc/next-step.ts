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
  type HandoffPrefill,
  type HandoffStart,
  type NextPlaybookStarted,
  type PendingNextPlaybook,
} from '../shared/lifecycle';
import { nextPlaybookText } from '../shared/shared-text';
import type { Text } from '../shared/text';
import { pocSays, pocSaysText } from './text';
import { appendEvent, today, trialText } from './transitions';
import type { NextStep, PocState } from './types';
import { pocProfile } from './profile';

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
): { kind: 'invalid-date' | 'invalid-transition'; message: string; text: Text } | undefined {
  const refuse = (
    said: { summary: string; message: Text },
    kind: 'invalid-date' | 'invalid-transition' = 'invalid-transition',
  ) => ({ kind, message: said.summary, text: said.message });
  if (action.dealSupport && action.nextStep !== 'deal-support') return refuse(pocSays('poc.refused.deal-support-only'));
  if (action.handoff && action.nextStep !== 'delivery-handoff') return refuse(pocSays('poc.refused.handoff-only'));
  if (action.nextStep === 'deal-support') {
    if (!action.dealSupport) return refuse(pocSays('poc.refused.deal-support-needed'));
    const problems = dealSupportStartProblems(dealSupportInput(state, action.dealSupport, actor, calendar));
    const { dueDate } = action.dealSupport;
    if (isIsoDate(dueDate) && dueDate < today(now)) problems.push(`dealSupport.dueDate ${dueDate} is in the past`);
    if (problems.length === 0) return undefined;
    const dateOnly = problems.every((problem) => problem.startsWith('dealSupport.dueDate'));
    return refuse(
      pocSays('poc.refused.deal-support-problems', { problems: problems.join('; ') }),
      dateOnly ? 'invalid-date' : 'invalid-transition',
    );
  }
  if (action.nextStep === 'delivery-handoff' && action.handoff) {
    const problems = handoffPrefillProblems(action.handoff, today(now));
    return problems.length > 0
      ? refuse(pocSays('poc.refused.handoff-problems', { problems: problems.join('; ') }), 'invalid-date')
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
    return dealSupportStart(
      dealSupportInput({ ...state, profile: pocProfile(state) }, action.dealSupport, actor, calendar, from),
    );
  }
  if (action.nextStep === 'delivery-handoff') {
    const start: HandoffStart = {
      ...handoffDeal({ ...state, profile: pocProfile(state) }),
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
    ...pocSaysText(nextPlaybookText(started, trialText(state, 'poc.label.converted'))),
    after: { ...started },
  });
  state.seq += 1;
}
