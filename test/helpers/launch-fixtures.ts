import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import { playbookTemplateSchema, type PlaybookTemplateInput } from '../../domain/launch/template';
import type { LaunchInput } from '../../domain/launch/types';

/**
 * A small launch playbook whose every rule a test can reason about:
 *   research (-10) -> battlecard (-5, link evidence); positioning (-7, ops sign-off);
 *   swag (-3, optional); go gate (-1) needs research, battlecard, positioning and an ops sign-off;
 *   data-review (+30, every 30 days) opens after go.
 */
export const SMALL_TEMPLATE: PlaybookTemplateInput = {
  key: 'small-launch',
  name: 'Small launch',
  playbook: 'launch-readiness',
  anchor: 'launchDate',
  phases: [
    { key: 'build', title: 'Build-up' },
    { key: 'after', title: 'After launch', opensAfterGate: 'go' },
  ],
  items: [
    { key: 'research', title: 'Research', phase: 'build', ownerRole: 'product_manager', due: { days: -10 } },
    {
      key: 'battlecard',
      title: 'Battlecard',
      phase: 'build',
      ownerRole: 'presales',
      dependsOn: ['research'],
      due: { days: -5 },
      evidence: 'link',
    },
    {
      key: 'positioning',
      title: 'Positioning',
      phase: 'build',
      ownerRole: 'product_manager',
      due: { days: -7 },
      signOffBy: 'ops_manager',
    },
    { key: 'swag', title: 'Swag', phase: 'build', ownerRole: 'ops_manager', due: { days: -3 }, required: false },
    {
      key: 'data-review',
      title: 'Data review',
      phase: 'after',
      ownerRole: 'ops_manager',
      due: { days: 30 },
      repeatEveryDays: 30,
    },
  ],
  reminders: [{ before: { days: 3 } }, { before: { days: 1 } }],
  escalations: [
    { after: { days: 1 }, notify: 'owner-manager' },
    { after: { days: 5 }, notify: 'ops_manager' },
  ],
  managerOf: { presales: 'customer_success' },
  gates: [
    {
      key: 'go',
      title: 'Go / no-go',
      due: { days: -1 },
      requiredItems: ['research', 'battlecard', 'positioning'],
      signOffs: ['ops_manager'],
    },
  ],
};

export function launchInput(
  overrides: Partial<LaunchInput> & Pick<LaunchInput, 'launchId' | 'launchDate'>,
): LaunchInput {
  return {
    productName: `Product ${overrides.launchId}`,
    regions: [],
    owners: { product_manager: 'pat', presales: 'priya', ops_manager: 'olga' },
    template: { version: 1, definition: playbookTemplateSchema.parse(SMALL_TEMPLATE) },
    calendar: { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) },
    startedBy: 'olga',
    ...overrides,
  };
}
