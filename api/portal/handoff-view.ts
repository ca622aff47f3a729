import { milestoneTitleIn } from '../../domain/handoff/shipped-titles';
import { pendingCustomerSteps, type PendingCustomerStep } from '../../domain/handoff/customer-actions';
import type { HandoffState } from '../../domain/handoff/types';
import type { PortalCaller } from './sessions';

type Language = 'en' | 'zh';

/**
 * What a customer sees of their handoff, and the exact words each step asks them to agree to. The
 * view leaves out everything internal (amounts, risks, reviews, staff comments); the statements are
 * composed here, so the API can check that what a customer signs is what the portal showed them.
 */
export function milestoneStatement(
  state: HandoffState,
  caller: Pick<PortalCaller, 'name'>,
  milestoneKey: string,
): Record<Language, string> {
  const title = state.milestones.find((each) => each.key === milestoneKey)?.title ?? milestoneKey;
  return {
    en: `I, ${caller.name}, confirm for ${state.account} that the milestone "${title}" of project ${state.opportunity} is complete.`,
    zh: `本人 ${caller.name} 代表 ${state.account} 确认：项目 ${state.opportunity} 的里程碑“${milestoneTitleIn(title, 'zh')}”已完成。`,
  };
}

export function acceptanceStatement(state: HandoffState, caller: Pick<PortalCaller, 'name'>): Record<Language, string> {
  return {
    en: `I, ${caller.name}, accept on behalf of ${state.account} the delivery of project ${state.opportunity} as complete (acceptance, 验收).`,
    zh: `本人 ${caller.name} 代表 ${state.account} 确认项目 ${state.opportunity} 交付完成，验收通过。`,
  };
}

/** The statement a step asks for, in both languages. */
export function stepStatement(state: HandoffState, caller: Pick<PortalCaller, 'name'>, step: PendingCustomerStep) {
  return step.kind === 'accept'
    ? acceptanceStatement(state, caller)
    : milestoneStatement(state, caller, step.milestoneKey);
}

export function portalHandoffView(state: HandoffState, caller: PortalCaller) {
  return {
    playbook: 'handoff' as const,
    caseId: state.handoffId,
    account: state.account,
    project: state.opportunity,
    stage: state.stage,
    contact: { name: caller.name, email: caller.email, language: caller.language },
    kickoffDate: state.kickoffDate ?? null,
    targetGoLive: state.targetGoLive ?? null,
    milestones: state.milestones.map((milestone) => ({
      key: milestone.key,
      title: milestone.title,
      status: milestone.status,
      dueDate: milestone.dueDate,
      completedAt: milestone.completedAt ?? null,
      confirmedByCustomer: milestone.customerConfirmation
        ? { name: milestone.customerConfirmation.name, at: milestone.customerConfirmation.at }
        : null,
      customerSignOff: milestone.customerSignOff,
      // The customer's CSAT of a done milestone (issue 16): given once, by any of the case's contacts.
      rating: milestone.customerRating
        ? { score: milestone.customerRating.score, comment: milestone.customerRating.comment ?? null }
        : null,
      rateable: milestone.status === 'done' && !milestone.customerRating,
    })),
    acceptance: state.customerAcceptance
      ? {
          signedBy: state.customerAcceptance.signedBy,
          signedOn: state.customerAcceptance.signedOn,
          viaPortal: state.customerAcceptance.portal !== undefined,
          text: state.customerAcceptance.portal?.text ?? null,
        }
      : null,
    steps: pendingCustomerSteps(state).map((step) => ({
      ...step,
      dueDate: step.dueDate ?? null,
      statement: stepStatement(state, caller, step),
    })),
    seq: state.seq,
  };
}
