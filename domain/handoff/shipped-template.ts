import type { HandoffTemplateInput } from './template';
import { DEFAULT_HANDOFF_RULES } from './transitions';
import { PACKAGE_ITEM_KEYS } from './types';

/**
 * The delivery-handoff template Baton ships as version 1 of `delivery-handoff` (issue 20): every
 * package item, and the SLAs, reminders and milestone plan every handoff ran by when they were fixed in
 * code (DEFAULT_HANDOFF_RULES), so a handoff started on it behaves exactly as before.
 */
export const HANDOFF_TEMPLATE: HandoffTemplateInput = {
  key: 'delivery-handoff',
  name: 'Delivery handoff',
  description:
    'Seven package items within 5 business days, a review within 2, then requirements, spec, build, test and the customer acceptance.',
  playbook: 'delivery-handoff',
  packageItems: [...PACKAGE_ITEM_KEYS],
  rules: structuredClone(DEFAULT_HANDOFF_RULES),
};
