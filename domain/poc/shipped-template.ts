import { DEFAULT_POC_RULES } from './transitions';
import type { PocTemplateInput } from './template';

/**
 * The POC template Baton ships as version 1 of `poc` (issue 20): the rules every trial ran by when
 * they were fixed in code (DEFAULT_POC_RULES) and no default criteria, so a trial started on it
 * behaves exactly as before. The auto-approval threshold stays the deployment's setting
 * (POC_AUTO_APPROVE_BELOW_AMOUNT) until a version sets one.
 */
export const POC_TEMPLATE: PocTemplateInput = {
  key: 'poc',
  name: 'POC trial',
  description: 'Approval within 2 business days, a check-in every week, one extension of up to 14 days.',
  playbook: 'poc',
  rules: {
    approvalSla: { ...DEFAULT_POC_RULES.approvalSla },
    approvalRemindersBefore: [...DEFAULT_POC_RULES.approvalRemindersBefore],
    checkInEveryDays: DEFAULT_POC_RULES.checkInEveryDays,
    checkInGraceDays: DEFAULT_POC_RULES.checkInGraceDays,
    maxExtensions: DEFAULT_POC_RULES.maxExtensions,
    maxExtensionDays: DEFAULT_POC_RULES.maxExtensionDays,
    expiryGraceDays: DEFAULT_POC_RULES.expiryGraceDays,
    expiryRemindersDaysBefore: [...DEFAULT_POC_RULES.expiryRemindersDaysBefore],
    criteriaAtRiskDaysBeforeEnd: DEFAULT_POC_RULES.criteriaAtRiskDaysBeforeEnd,
  },
  defaultCriteria: [],
};
