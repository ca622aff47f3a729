import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import type { Role } from '../../domain/shared/roles';
import { isRegionScoped } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { decodeCursor, cursorPage } from '../http/cursor';
import { defineRoute } from '../http/route';
import { and, day } from '../http/sql';
import { queryDateSchema } from '../shared/fields';
import { listTasksQuerySchema, taskPageSchema, TASK_PLAYBOOKS, type TASK_KINDS, type TASK_REASONS } from './schemas';

// Cursors come back from callers: what they hold must be storable text, or Postgres would refuse the query.
const key = z
  .string()
  .max(300)
  .refine((text) => !text.includes('\u0000'), 'contains a NUL character');
/** [blocked 0/1, due date ('' for none), playbook, case id, task key]: the sort key of the last row seen. */
const taskCursorSchema = z.tuple([
  z.union([z.literal(0), z.literal(1)]),
  z.union([z.literal(''), queryDateSchema]),
  z.enum(TASK_PLAYBOOKS),
  key,
  key,
]);

export interface TaskRow {
  playbook: (typeof TASK_PLAYBOOKS)[number];
  caseId: string;
  taskKey: string;
  kind: (typeof TASK_KINDS)[number];
  title: string | null;
  caseName: string;
  caseRef: string | null;
  regions: string[];
  people: string[];
  roles: string[];
  dueDate: Date | null;
  overdue: boolean;
  blocked: boolean;
  waitingOn: string[];
  detail: Record<string, unknown>;
  why: (typeof TASK_REASONS)[number];
}

/** Whose work a task list shows: a person's tasks, and their roles' tasks (all of them, or those naming nobody). */
interface TaskSelection {
  person?: string;
  roles: readonly Role[];
  roleTasks: 'all' | 'unnamed';
}

function selectionOf(query: TaskFilters, principal: Principal): TaskSelection {
  const selection: TaskSelection =
    query.assignee === undefined && query.role === undefined
      ? { person: principal.subject, roles: principal.roles, roleTasks: 'unnamed' }
      : {
          person: query.assignee,
          roles: query.role ? [query.role] : [],
          roleTasks: query.assignee === undefined ? 'all' : 'unnamed',
        };
  if (query.scope === 'mine') return { ...selection, roles: [] };
  if (query.scope === 'roles') return { roles: selection.roles, roleTasks: selection.roleTasks };
  return selection;
}

/** After the cursor's row in (blocked, due date nulls last, playbook, case, task) order. */
function after(cursor: z.output<typeof taskCursorSchema>): Prisma.Sql {
  const [blocked, due, playbook, caseId, taskKey] = cursor;
  const rest = Prisma.sql`(t.playbook, t.case_id, t.task_key) > (${playbook}, ${caseId}, ${taskKey})`;
  const sameBlocked =
    due === ''
      ? Prisma.sql`t.due_date IS NULL AND ${rest}`
      : Prisma.sql`(t.due_date IS NULL OR t.due_date > ${due}::date OR (t.due_date = ${due}::date AND ${rest}))`;
  return Prisma.sql`(t.blocked > ${blocked === 1} OR (t.blocked = ${blocked === 1} AND ${sameBlocked}))`;
}

/** The filters of a task list, without its paging. */
export type TaskFilters = Omit<z.output<typeof listTasksQuerySchema>, 'limit' | 'cursor'>;
export type TaskCursor = z.output<typeof taskCursorSchema>;

/** Where a task row sits in the list's order: what the next page (or export batch) continues after. */
export const taskCursorOf = (
  row: Pick<TaskRow, 'blocked' | 'playbook' | 'caseId' | 'taskKey'> & {
    dueDate: Date | string | null;
  },
): TaskCursor => [
  row.blocked ? 1 : 0,
  row.dueDate instanceof Date ? day(row.dueDate) : (row.dueDate ?? ''),
  row.playbook,
  row.caseId,
  row.taskKey,
];

/**
 * Up to `limit` open tasks of the list `query` asks for (whose, regions, filters), after `cursor`, in
 * the list's order: the one read behind /api/tasks and its CSV export.
 */
export async function readTasks(
  db: Database,
  query: TaskFilters,
  principal: Principal,
  today: string,
  cursor: TaskCursor | undefined,
  limit: number,
): Promise<TaskRow[]> {
  const selection = selectionOf(query, principal);
  const named = selection.person === undefined ? Prisma.sql`FALSE` : Prisma.sql`${selection.person} = ANY(t.people)`;
  const ofRoles =
    selection.roles.length === 0
      ? Prisma.sql`FALSE`
      : Prisma.sql`t.roles && ${selection.roles}::text[]${selection.roleTasks === 'unnamed' ? Prisma.sql` AND cardinality(t.people) = 0` : Prisma.empty}`;
  const overdue = Prisma.sql`COALESCE(t.overdue_flag, t.due_date < ${today}::date, FALSE)`;
  const conditions = [
    Prisma.sql`(${named} OR (${ofRoles}))`,
    ...(isRegionScoped(principal)
      ? [Prisma.sql`(cardinality(t.regions) = 0 OR t.regions && ${principal.regions}::text[])`]
      : []),
    ...(query.state ? [Prisma.sql`t.blocked = ${query.state === 'blocked'}`] : []),
    ...(query.overdue === undefined ? [] : [Prisma.sql`${overdue} = ${query.overdue}`]),
    ...(query.playbook ? [Prisma.sql`t.playbook = ${query.playbook}`] : []),
    ...(cursor ? [after(cursor)] : []),
  ];
  return db.$queryRaw<TaskRow[]>`
    SELECT t.playbook, t.case_id AS "caseId", t.task_key AS "taskKey", t.kind, t.title, t.case_name AS "caseName",
           t.case_ref AS "caseRef", t.regions, t.people, t.roles, t.due_date AS "dueDate", ${overdue} AS overdue,
           t.blocked, t.waiting_on AS "waitingOn", t.detail,
           CASE WHEN t.kind IN ('launch-item-sign-off', 'launch-gate-sign-off') THEN 'sign-off'
                WHEN ${named} THEN 'assigned' ELSE 'role' END AS why
    FROM work_task t
    WHERE ${and(conditions)}
    ORDER BY t.blocked, t.due_date, t.playbook, t.case_id, t.task_key
    LIMIT ${limit}`;
}

/** A launch checklist item keeps the fields /api/tasks always had; every other task carries its case's detail. */
function taskOf(row: TaskRow) {
  const { detail, dueDate, ...common } = row;
  if (row.kind !== 'launch-item' && row.kind !== 'launch-item-sign-off')
    return { ...common, dueDate: dueDate ? day(dueDate) : null, detail };
  return {
    ...common,
    title: row.title ?? '',
    launchId: row.caseId,
    productName: row.caseName,
    launchDate: String(detail.launchDate),
    itemKey: String(detail.itemKey),
    phase: String(detail.phase),
    ownerRole: String(detail.ownerRole),
    assignee: (detail.assignee as string | null) ?? null,
    status: detail.status as 'blocked' | 'ready' | 'in_progress',
    required: detail.required === true,
    dueDate: day(dueDate!),
    awaitingSignOff: detail.awaitingSignOff === true,
    signOffBy: (detail.signOffBy as string | null) ?? null,
  };
}

/**
 * "My tasks" over every playbook (issue 17 item 8): one SQL read of work_task, the rows each case's
 * projection keeps (activities/shared/work-tasks.ts). Filters: actionable or blocked, overdue, the
 * person's own or their roles', one playbook; scoped to the caller's regions; paged by cursor in a
 * stable order (actionable first, then by due date). Nothing here asks Temporal.
 */
export function taskReadRoutes(db: Database, now: () => Date = () => new Date()) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/tasks',
      operationId: 'listTasks',
      summary: 'List open tasks',
      tag: 'Tasks',
      permission: 'launch:read',
      query: listTasksQuerySchema,
      responses: {
        200: {
          description:
            'Open tasks of every playbook, actionable before blocked, then by due date. Without assignee or role: ' +
            'yours, i.e. tasks naming you and the tasks of your roles that name nobody (sign-offs your roles owe among them)',
          schema: taskPageSchema,
        },
      },
      async handle({ query, principal }) {
        const cursor = query.cursor ? decodeCursor(query.cursor, taskCursorSchema) : undefined;
        const rows = await readTasks(db, query, principal, day(now()), cursor, query.limit + 1);
        return { status: 200, body: cursorPage(rows, query.limit, taskOf, taskCursorOf) };
      },
    }),
  ];
}
