import { z } from 'zod';
import { ROLES } from '../shared/roles';

/**
 * A playbook template is data: phases, checklist items with owners, dependencies and due
 * offsets from the run's anchor date, reminder and escalation rules, and gates. Every
 * playbook (launch readiness, POC, deal support, handoff, renewal) is described by one.
 */

const key = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit',
  );
const role = z.enum(ROLES);

/** A distance from a date, in calendar days or in business days of the run's region calendar. */
export const offsetSchema = z.strictObject({
  days: z.number().int().min(-3650).max(3650),
  unit: z.enum(['calendar-days', 'business-days']).default('calendar-days'),
});

export const reminderRuleSchema = z.strictObject({
  /** How long before an item's due date its owner is reminded. */
  before: offsetSchema,
});

export const escalationRuleSchema = z.strictObject({
  /** How long after an item's due date, while it is still open. */
  after: offsetSchema,
  /** Who is told: the owner's manager role as the template maps it, or a named role. */
  notify: z.union([z.literal('owner-manager'), role]),
});

export const templateItemSchema = z.strictObject({
  key,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).optional(),
  phase: key,
  ownerRole: role,
  dependsOn: z.array(key).max(50).default([]),
  /** Due date relative to the anchor (e.g. the launch date); negative is before. */
  due: offsetSchema,
  required: z.boolean().default(true),
  evidence: z.enum(['none', 'link', 'note']).default('none'),
  signOffBy: role.optional(),
  /** Items of a recurring stage (e.g. the monthly data review after launch) repeat this often. */
  repeatEveryDays: z.number().int().min(1).max(366).optional(),
  /**
   * A calendar-day due date that lands on a weekend or holiday of the run's calendar moves to the
   * next working day (newcomer walk 10: an item fell due on 1 January). Absent on every template
   * pinned before it existed, so their runs keep their dates.
   */
  rollToBusinessDay: z.boolean().optional(),
});

export const gateSchema = z.strictObject({
  key,
  title: z.string().trim().min(1).max(200),
  /** When the decision is due, relative to the anchor. */
  due: offsetSchema,
  /** Items that must be done (or skipped, for optional ones) before the gate can pass. */
  requiredItems: z.array(key).min(1).max(500),
  /** Roles whose sign-off the decision needs. */
  signOffs: z.array(role).max(10).default([]),
});

export const playbookTemplateSchema = z
  .strictObject({
    key,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    playbook: z.enum(['launch-readiness', 'poc', 'deal-support', 'delivery-handoff', 'renewal']),
    /** What the offsets count from, e.g. launchDate. */
    anchor: z.string().regex(/^[a-z][a-zA-Z]{0,40}$/),
    phases: z
      .array(
        z.strictObject({
          key,
          title: z.string().trim().min(1).max(200),
          /** A later stage: its items open only once this gate decides go (e.g. penetration after go/no-go). */
          opensAfterGate: key.optional(),
        }),
      )
      .min(1)
      .max(20),
    items: z.array(templateItemSchema).min(1).max(500),
    reminders: z.array(reminderRuleSchema).max(10).default([]),
    escalations: z.array(escalationRuleSchema).max(10).default([]),
    /** Who "owner-manager" escalations reach, per owner role; roles not listed escalate to ops_manager. */
    managerOf: z.partialRecord(role, role).default({}),
    gates: z.array(gateSchema).max(10).default([]),
  })
  .superRefine((template, context) => {
    for (const problem of templateProblems(template))
      context.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

export type PlaybookTemplate = z.output<typeof playbookTemplateSchema>;
export type PlaybookTemplateInput = z.input<typeof playbookTemplateSchema>;

interface TemplateProblem {
  path: (string | number)[];
  message: string;
}

type TemplateShape = Pick<PlaybookTemplate, 'phases' | 'items' | 'gates'>;

/** Later occurrences of a recurring item are keyed `<key>--<n>`, so item keys may not contain it. */
const RESERVED_IN_ITEM_KEYS = '--';

/** The cross-references zod's shapes cannot see, each problem naming its culprit. */
export function templateProblems(template: TemplateShape): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  problems.push(
    ...duplicates(
      template.phases.map((phase) => phase.key),
      'phases',
      'phase',
    ),
  );
  problems.push(
    ...duplicates(
      template.items.map((item) => item.key),
      'items',
      'item',
    ),
  );
  problems.push(
    ...duplicates(
      template.gates.map((gate) => gate.key),
      'gates',
      'gate',
    ),
  );

  const phaseKeys = new Set(template.phases.map((phase) => phase.key));
  const itemKeys = new Set(template.items.map((item) => item.key));
  const gateKeys = new Set(template.gates.map((gate) => gate.key));
  template.phases.forEach((phase, index) => {
    if (phase.opensAfterGate !== undefined && !gateKeys.has(phase.opensAfterGate)) {
      problems.push({
        path: ['phases', index, 'opensAfterGate'],
        message: `phase "${phase.key}" opens after unknown gate "${phase.opensAfterGate}"`,
      });
    }
  });
  template.items.forEach((item, index) => {
    if (item.key.includes(RESERVED_IN_ITEM_KEYS)) {
      problems.push({
        path: ['items', index, 'key'],
        message: `item key "${item.key}" contains "--", which Baton keeps for recurring occurrences`,
      });
    }
    if (item.rollToBusinessDay && item.due.unit === 'business-days')
      problems.push({
        path: ['items', index, 'rollToBusinessDay'],
        message: `item "${item.key}" counts its due date in business days already; only a calendar-day offset can roll to one`,
      });
    if (!phaseKeys.has(item.phase))
      problems.push({
        path: ['items', index, 'phase'],
        message: `item "${item.key}" is in unknown phase "${item.phase}"`,
      });
    item.dependsOn.forEach((dependency, dependencyIndex) => {
      if (dependency === item.key) {
        problems.push({
          path: ['items', index, 'dependsOn', dependencyIndex],
          message: `item "${item.key}" depends on itself`,
        });
      } else if (!itemKeys.has(dependency)) {
        problems.push({
          path: ['items', index, 'dependsOn', dependencyIndex],
          message: `item "${item.key}" depends on unknown item "${dependency}"`,
        });
      }
    });
  });
  const cycle = findCycle(template.items);
  if (cycle) problems.push({ path: ['items'], message: `dependency cycle: ${cycle.join(' -> ')}` });

  template.gates.forEach((gate, index) => {
    gate.requiredItems.forEach((itemKey, itemIndex) => {
      if (!itemKeys.has(itemKey)) {
        problems.push({
          path: ['gates', index, 'requiredItems', itemIndex],
          message: `gate "${gate.key}" needs unknown item "${itemKey}"`,
        });
      }
    });
  });
  return problems;
}

function duplicates(keys: string[], path: string, what: string): TemplateProblem[] {
  const seen = new Set<string>();
  const problems: TemplateProblem[] = [];
  keys.forEach((value, index) => {
    if (seen.has(value)) problems.push({ path: [path, index, 'key'], message: `duplicate ${what} key "${value}"` });
    seen.add(value);
  });
  return problems;
}

/** A dependency cycle as a path that starts and ends on the same item, or undefined. */
export function findCycle(items: readonly { key: string; dependsOn: readonly string[] }[]): string[] | undefined {
  const dependencies = new Map(items.map((item) => [item.key, item.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (itemKey: string): string[] | undefined => {
    if (state.get(itemKey) === 'done' || !dependencies.has(itemKey)) return undefined;
    if (state.get(itemKey) === 'visiting') return [...trail.slice(trail.indexOf(itemKey)), itemKey];
    state.set(itemKey, 'visiting');
    trail.push(itemKey);
    for (const dependency of dependencies.get(itemKey) ?? []) {
      if (dependency === itemKey) continue; // reported as a self-dependency
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(itemKey, 'done');
    return undefined;
  };
  for (const item of items) {
    const cycle = visit(item.key);
    if (cycle) return cycle;
  }
  return undefined;
}
