import type { DealServiceLevel } from './plan';
import type { DealTemplateInput } from './template';
import { DEFAULT_DEAL_RULES } from './transitions';
import { SUPPORT_TYPES, type SupportType } from './types';

/** Today's one service level, as every support type had it before templates: a business day, reminded on the due day. */
const TODAY: DealServiceLevel = {
  responseSla: { ...DEFAULT_DEAL_RULES.responseSla },
  responseRemindersBefore: [...DEFAULT_DEAL_RULES.responseRemindersBefore],
  escalationRole: 'ops_manager',
};

/**
 * The deal-support template Baton ships as version 1 of `deal-support` (issue 20): the rules every
 * case ran by when they were fixed in code (DEFAULT_DEAL_RULES), the same service level for every
 * support type, escalating to the ops manager, so a case started on it behaves exactly as before.
 */
export const DEAL_TEMPLATE: DealTemplateInput = {
  key: 'deal-support',
  name: 'Deal support',
  description: 'HQ answers within 1 business day for every support type; the lesson is due 14 days after closing.',
  playbook: 'deal-support',
  serviceLevels: Object.fromEntries(SUPPORT_TYPES.map((type) => [type, structuredClone(TODAY)])) as Record<
    SupportType,
    DealServiceLevel
  >,
  rules: {
    triageRole: DEFAULT_DEAL_RULES.triageRole,
    pricingApproverRole: DEFAULT_DEAL_RULES.pricingApproverRole,
    lessonRemindersDaysAfterClose: [...DEFAULT_DEAL_RULES.lessonRemindersDaysAfterClose],
    lessonDeadlineDays: DEFAULT_DEAL_RULES.lessonDeadlineDays,
  },
};
