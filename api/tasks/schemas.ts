import { z } from 'zod';
import { roleSchema } from '../auth/principal';
import { OPEN_ITEM_STATUSES } from '../launch/read-schemas';
import { cursorSchema, pageLimit, person, queryBoolean } from '../shared/fields';
import { date, summaryPage } from '../shared/read-model';

/** Schemas of "my tasks" over every playbook (GET /api/tasks). */

export const TASK_PLAYBOOKS = ['launch', 'poc', 'deal', 'handoff', 'renewal'] as const;
export const TASK_KINDS = [
  'launch-item',
  'launch-item-sign-off',
  'launch-gate-sign-off',
  'launch-gate-decision',
  'poc-approval',
  'poc-provisioning',
  'poc-extension',
  'poc-kickoff',
  'poc-check-in',
  'deal-triage',
  'deal-support',
  'deal-pricing',
  'deal-lesson',
  'handoff-package',
  'handoff-review',
  'handoff-kickoff',
  'handoff-milestone',
  'handoff-handover',
  'renewal-step',
] as const;
export const TASK_REASONS = ['assigned', 'role', 'sign-off'] as const;
export const TASK_STATES = ['actionable', 'blocked'] as const;
export const TASK_SCOPES = ['mine', 'roles'] as const;

export const listTasksQuerySchema = z.strictObject({
  assignee: person.optional().meta({ description: 'A person: the open tasks that name them' }),
  role: roleSchema.optional().meta({
    description:
      'A role: every open task it acts on (launch items it owns, sign-offs it owes, ...); with assignee, only ' +
      'the tasks that name nobody',
  }),
  state: z.enum(TASK_STATES).optional().meta({
    description: 'actionable: what can be done now; blocked: what waits on other work first. Both when absent',
  }),
  overdue: queryBoolean.optional().meta({ description: 'true: only tasks past their due date; false: only the rest' }),
  scope: z.enum(TASK_SCOPES).optional().meta({
    description:
      "mine: only tasks naming the person; roles: only their roles' tasks that name nobody. Both when absent",
  }),
  playbook: z.enum(TASK_PLAYBOOKS).optional().meta({ description: 'Only the tasks of one playbook' }),
  limit: pageLimit(200, 50),
  cursor: cursorSchema.optional(),
});

const commonFields = {
  playbook: z.enum(TASK_PLAYBOOKS),
  caseId: z.string().meta({ description: 'The case (launch id, trial id, deal id, handoff id or renewal id)' }),
  taskKey: z.string().meta({ description: 'The task within its case, e.g. item:<key>, approval, milestone:<key>' }),
  kind: z.enum(TASK_KINDS),
  caseName: z.string().meta({ description: 'The product (launches) or the account' }),
  caseRef: z.string().nullable().meta({ description: 'The phase, opportunity or contract; a role for gate sign-offs' }),
  regions: z.array(z.string()).meta({ description: 'Empty: company-wide' }),
  people: z.array(z.string()).meta({ description: 'The persons the task names; empty: anyone holding one of roles' }),
  roles: z.array(z.string()),
  overdue: z.boolean(),
  blocked: z.boolean(),
  waitingOn: z
    .array(z.string())
    .meta({ description: 'What a blocked task waits on (items, milestones, sign-off:<role>)' }),
  why: z
    .enum(TASK_REASONS)
    .meta({ description: 'It names the person, its role is one asked about, or it awaits a sign-off from the role' }),
};

/** A checklist item of a launch: the fields /api/tasks always returned, and the common ones. */
const launchItemTaskSchema = z
  .object({
    ...commonFields,
    launchId: z.string(),
    productName: z.string(),
    launchDate: date,
    itemKey: z.string(),
    title: z.string(),
    phase: z.string(),
    ownerRole: z.string(),
    assignee: z.string().nullable(),
    status: z.enum(OPEN_ITEM_STATUSES),
    required: z.boolean().meta({ description: 'Required items cannot be skipped' }),
    dueDate: date,
    awaitingSignOff: z.boolean(),
    signOffBy: z.string().nullable(),
  })
  .meta({ id: 'Task' });

/** Any other task: a gate's sign-off or decision, or a step of a POC, deal, handoff or renewal. */
const caseTaskSchema = z
  .object({
    ...commonFields,
    title: z
      .string()
      .nullable()
      .meta({ description: 'The gate, milestone, support type or step; null when the kind says it' }),
    dueDate: date.nullable(),
    detail: z.record(z.string(), z.unknown()).meta({ description: "What the board's action buttons need of the case" }),
  })
  .meta({ id: 'CaseTask' });

export const taskSchema = z.union([launchItemTaskSchema, caseTaskSchema]);
export const taskPageSchema = summaryPage('TaskPage', taskSchema);
