import type { RenewalTemplateInput } from './template';
import { DEFAULT_RENEWAL_RULES } from './transitions';

/**
 * The renewal template Baton ships as version 1 of `renewal` (issue 20): the steps, reminders,
 * escalation, health bands and owners every renewal ran by when they were fixed in code
 * (DEFAULT_RENEWAL_RULES), so a renewal started on it behaves exactly as before.
 */
export const RENEWAL_TEMPLATE: RenewalTemplateInput = {
  key: 'renewal',
  name: 'Renewal follow-up',
  description:
    'Health review 120 days before the contract end, proposal at 90, negotiation at 60, outcome at 30, a last call at 7; reminders 5 and 1 business days before a step, escalation 3 after.',
  playbook: 'renewal',
  rules: structuredClone(DEFAULT_RENEWAL_RULES),
};
