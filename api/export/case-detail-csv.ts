import { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import { wordStoredText } from '../../domain/shared/catalog';
import { canSeeRegions, type Permission } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { day } from '../http/sql';
import { dealIdParamsSchema } from '../deal/read-schemas';
import { handoffIdParamsSchema } from '../handoff/read-schemas';
import { launchIdParamsSchema } from '../launch/read-schemas';
import { pocIdParamsSchema } from '../poc/read-schemas';
import { renewalIdParamsSchema } from '../renewal/read-schemas';
import { readTasks, taskCursorOf, type TaskRow } from '../tasks/reads';
import { listTasksQuerySchema } from '../tasks/schemas';
import { headersLanguage } from '../http/reader-language';
import { CSV_BATCH, csvAnswer, csvPieces, type CsvColumn } from './csv';
import { keysetBatch } from './keyset';

/**
 * What a board page shows beside the lists, as CSV (issue 18): a launch's checklist items, the
 * caller's open tasks, and a case's timeline. Streamed in batches like the lists (csv.ts), only what
 * the caller's regions let them read, headings in their language.
 */

type Row = Record<string, unknown>;
const col = (key: string, en: string, zh: string): CsvColumn<Row> => ({ en, zh, value: (row) => row[key] });

const CSV_RESPONSE = {
  200: {
    description: 'RFC 4180 CSV in UTF-8 with a byte order mark; headings in the Accept-Language (en or zh)',
    schema: z.string(),
    mediaType: 'text/csv',
  },
};

/** A case as a CSV route reads it: its read-model row and the regions it belongs to. */
interface CaseOf {
  collection: 'launches' | 'pocs' | 'deals' | 'handoffs' | 'renewals';
  /** One of them, as file names and operation ids say it. */
  kind: 'launch' | 'poc' | 'deal' | 'handoff' | 'renewal';
  tag: string;
  permission: Permission;
  params: z.ZodObject<{ id: z.ZodType<string> }>;
  /** How a refusal names it: "No {noun} {id}". */
  noun: string;
  table: string;
  /** The case's regions as a text array (a launch has several, the others one). */
  regions: string;
  /** Its timeline table and the column naming the case there. */
  events: string;
  eventsCase: string;
}

const CASES: CaseOf[] = [
  {
    collection: 'launches',
    kind: 'launch',
    tag: 'Launches',
    permission: 'launch:read',
    params: launchIdParamsSchema,
    noun: 'launch',
    table: 'launch_run',
    regions: 'regions',
    events: 'launch_event',
    eventsCase: 'launch_id',
  },
  {
    collection: 'pocs',
    kind: 'poc',
    tag: 'POCs',
    permission: 'poc:read',
    params: pocIdParamsSchema,
    noun: 'POC trial',
    table: 'poc_trial',
    regions: 'ARRAY[region]',
    events: 'poc_event',
    eventsCase: 'trial_id',
  },
  {
    collection: 'deals',
    kind: 'deal',
    tag: 'Deals',
    permission: 'deal:read',
    params: dealIdParamsSchema,
    noun: 'deal-support case',
    table: 'deal_case',
    regions: 'ARRAY[region]',
    events: 'deal_event',
    eventsCase: 'deal_id',
  },
  {
    collection: 'handoffs',
    kind: 'handoff',
    tag: 'Handoffs',
    permission: 'handoff:read',
    params: handoffIdParamsSchema,
    noun: 'delivery handoff',
    table: 'handoff',
    regions: 'ARRAY[region]',
    events: 'handoff_event',
    eventsCase: 'handoff_id',
  },
  {
    collection: 'renewals',
    kind: 'renewal',
    tag: 'Renewals',
    permission: 'renewal:read',
    params: renewalIdParamsSchema,
    noun: 'renewal',
    table: 'renewal',
    regions: 'ARRAY[region]',
    events: 'renewal_event',
    eventsCase: 'renewal_id',
  },
];

/** 404 alike for a case that does not exist and one outside the caller's regions (as the JSON reads answer). */
async function visibleCase(db: Database, found: CaseOf, id: string, principal: Principal): Promise<void> {
  const rows = await db.$queryRaw<{ regions: string[] }[]>`
    SELECT ${Prisma.raw(found.regions)} AS regions FROM ${Prisma.raw(found.table)} WHERE id = ${id}`;
  if (!rows[0] || !canSeeRegions(principal, rows[0].regions))
    throw new Problem(404, 'Not found', apiSays('api.not-found.case', { noun: found.noun, id }));
}

/** A case id as part of a file name: anything but letters, digits, dot and dash becomes a dash. */
const fileSafe = (id: string) => id.replace(/[^A-Za-z0-9.-]+/g, '-');

const ITEM_COLUMNS = [
  col('key', 'Item', '事项'),
  col('title', 'Title', '标题'),
  col('phase', 'Phase', '阶段'),
  col('ownerRole', 'Owner role', '负责角色'),
  col('assignee', 'Assignee', '负责人'),
  col('status', 'Status', '状态'),
  col('required', 'Required', '必需'),
  col('dueDate', 'Due date', '截止日期'),
  col('overdue', 'Overdue', '逾期'),
  col('awaitingSignOff', 'Awaiting sign-off', '待签字'),
  col('signOffBy', 'Sign-off by', '签字角色'),
];

const TASK_COLUMNS: CsvColumn<TaskRow>[] = [
  { en: 'Playbook', zh: '流程', value: (row) => row.playbook },
  { en: 'Case', zh: '案例', value: (row) => row.caseId },
  { en: 'Case name', zh: '案例名称', value: (row) => row.caseName },
  { en: 'Reference', zh: '编号', value: (row) => row.caseRef },
  { en: 'Task', zh: '任务', value: (row) => row.taskKey },
  { en: 'Kind', zh: '类型', value: (row) => row.kind },
  { en: 'Title', zh: '标题', value: (row) => row.title },
  { en: 'Due date', zh: '截止日期', value: (row) => (row.dueDate ? day(row.dueDate) : null) },
  { en: 'Overdue', zh: '逾期', value: (row) => row.overdue },
  { en: 'Blocked', zh: '受阻', value: (row) => row.blocked },
  { en: 'Waiting on', zh: '等待', value: (row) => row.waitingOn },
  { en: 'Why yours', zh: '归属原因', value: (row) => row.why },
  { en: 'People', zh: '人员', value: (row) => row.people },
  { en: 'Roles', zh: '角色', value: (row) => row.roles },
  { en: 'Regions', zh: '区域', value: (row) => row.regions },
];

const timelineColumns = (language: 'en' | 'zh'): CsvColumn<Row>[] => [
  col('n', 'No.', '序号'),
  col('at', 'At', '时间'),
  col('type', 'Event', '事件'),
  col('actor', 'Actor', '操作人'),
  col('actorRole', 'As role', '角色'),
  col('effortMinutes', 'Effort (minutes)', '投入（分钟）'),
  // Entries written with a catalog text are worded in the reader's language; the others keep their summary.
  { en: 'Summary', zh: '摘要', value: (row) => wordStoredText(row.message, language) ?? row.summary },
  col('before', 'Before', '变更前'),
  col('after', 'After', '变更后'),
  col('cause', 'Why', '原因'),
];

export function caseDetailCsvRoutes(db: Database, now: () => Date = () => new Date()) {
  const launches = CASES[0]!;
  const items = defineRoute({
    method: 'get',
    path: '/api/launches/:id/items.csv',
    operationId: 'exportLaunchItemsCsv',
    summary: 'Export a launch’s checklist items as CSV, by due date (streamed)',
    tag: 'Launches',
    permission: 'launch:read',
    params: launchIdParamsSchema,
    responses: { ...CSV_RESPONSE, 404: { description: 'No such launch, or not in your regions' } },
    async handle({ params, principal, request }) {
      await visibleCase(db, launches, params.id, principal);
      const conditions = [Prisma.sql`i.launch_id = ${params.id}`];
      return csvAnswer(
        `launch-items-${fileSafe(params.id)}`,
        csvPieces(
          ITEM_COLUMNS,
          headersLanguage(request?.headers),
          (after) => db.$queryRaw<Row[]>`
            SELECT i.key, i.title, i.phase, i.owner_role AS "ownerRole", i.assignee, i.status, i.required,
                   i.due_date::text AS "dueDate", i.overdue, i.awaiting_sign_off AS "awaitingSignOff", i.sign_off_by AS "signOffBy"
            FROM launch_item i
            ${keysetBatch(conditions, after, [
              { column: 'i.due_date', field: 'dueDate', cast: 'date' },
              { column: 'i.key', field: 'key' },
            ])}`,
        ),
      );
    },
  });

  const tasks = defineRoute({
    method: 'get',
    path: '/api/tasks.csv',
    operationId: 'exportTasksCsv',
    summary: 'Export the open task list as CSV (the list filters, every row, streamed)',
    tag: 'Tasks',
    permission: 'launch:read',
    query: listTasksQuerySchema.omit({ limit: true, cursor: true }),
    responses: CSV_RESPONSE,
    async handle({ query, principal, request }) {
      const today = day(now());
      return csvAnswer(
        'tasks',
        csvPieces(TASK_COLUMNS, headersLanguage(request?.headers), (after) =>
          readTasks(db, query, principal, today, after ? taskCursorOf(after) : undefined, CSV_BATCH),
        ),
      );
    },
  });

  const timelines = CASES.map((found) =>
    defineRoute({
      method: 'get',
      path: `/api/${found.collection}/:id/timeline.csv`,
      operationId: `export${found.kind[0]!.toUpperCase()}${found.kind.slice(1)}TimelineCsv`,
      summary: `Export the timeline of a ${found.noun} as CSV, oldest first (streamed)`,
      tag: found.tag,
      permission: found.permission,
      params: found.params,
      responses: { ...CSV_RESPONSE, 404: { description: `No such ${found.noun}, or not in your regions` } },
      async handle({ params, principal, request }) {
        await visibleCase(db, found, params.id, principal);
        const language = headersLanguage(request?.headers);
        // A launch run's events carry no role, effort or catalog text.
        const playbookColumns =
          found.collection === 'launches'
            ? Prisma.sql`NULL AS "actorRole", NULL AS "effortMinutes", NULL AS message`
            : Prisma.sql`e.actor_role AS "actorRole", e.effort_minutes AS "effortMinutes", e.message`;
        const conditions = [Prisma.sql`e.${Prisma.raw(found.eventsCase)} = ${params.id}`];
        return csvAnswer(
          `${found.kind}-timeline-${fileSafe(params.id)}`,
          csvPieces(
            timelineColumns(language),
            language,
            (after) => db.$queryRaw<Row[]>`
              SELECT e.n, e.at, e.type, e.actor, ${playbookColumns}, e.summary, e.before, e.after, e.cause
              FROM ${Prisma.raw(found.events)} e
              ${keysetBatch(conditions, after, [{ column: 'e.n', field: 'n' }])}`,
          ),
        );
      },
    }),
  );
  return [items, tasks, ...timelines];
}
