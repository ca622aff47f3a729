import type { WorkingDays } from '../shared/business-calendar';
import type { Role } from '../shared/roles';
import { resolveOffset, type Offset } from '../shared/schedule';
import type { DealRules, DealSupportInput, SupportType } from './types';

/** The template version a case runs on, as people name it. */
export interface PinnedDealTemplate {
  key: string;
  version: number;
  name: string;
}

/** How fast HQ answers a request for one support type, and whom a missed answer reaches. */
export interface DealServiceLevel {
  responseSla: Offset;
  /** Reminders to the triage role this many SLA units before the response is due; 0 is the due day. */
  responseRemindersBefore: number[];
  /** Told when the response SLA passes without triage. */
  escalationRole: Role;
}

/**
 * A case's plan as the API resolved it from a deal-support template at the start (issue 20): the
 * service level of every support type and the case-wide rules. It travels in the workflow's input, so a
 * template published later never reaches a case in flight, and the workflow reads no database.
 */
export interface DealPlan {
  template: PinnedDealTemplate;
  serviceLevels: Record<SupportType, DealServiceLevel>;
  rules: Pick<DealRules, 'triageRole' | 'pricingApproverRole' | 'lessonRemindersDaysAfterClose' | 'lessonDeadlineDays'>;
}

/**
 * The input a case starts from once its plan is applied. One triage answers the whole request, so it
 * runs on the service level of the requested type whose response falls due first (the first asked for
 * on a tie): a pricing exception due in a day is not left to a brief's three. The same input without a plan.
 */
export function withDealPlan(input: DealSupportInput, calendar: WorkingDays, today: string): DealSupportInput {
  const { plan } = input;
  if (!plan) return input;
  const levels = input.request.supportTypes
    .map((type) => plan.serviceLevels[type])
    .filter((level): level is DealServiceLevel => level !== undefined);
  if (levels.length === 0) return { ...input, rules: { ...plan.rules } };
  const due = (level: DealServiceLevel) => resolveOffset(today, level.responseSla, calendar).date;
  const first = levels.reduce((chosen, level) => (due(level) < due(chosen) ? level : chosen));
  return {
    ...input,
    rules: {
      ...plan.rules,
      responseSla: { ...first.responseSla },
      responseRemindersBefore: [...first.responseRemindersBefore],
      escalationRole: first.escalationRole,
    },
  };
}
