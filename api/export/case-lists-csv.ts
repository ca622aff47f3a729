import { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import type { Permission } from '../auth/policy';
import { defineRoute } from '../http/route';
import { dealListConditions } from '../deal/reads';
import { listDealsQuerySchema } from '../deal/read-schemas';
import { handoffListConditions } from '../handoff/reads';
import { listHandoffsQuerySchema } from '../handoff/read-schemas';
import { launchListConditions } from '../launch/reads';
import { listLaunchesQuerySchema } from '../launch/read-schemas';
import { pocListConditions } from '../poc/reads';
import { listPocsQuerySchema } from '../poc/read-schemas';
import { renewalListConditions } from '../renewal/reads';
import { listRenewalsQuerySchema } from '../renewal/read-schemas';
import { dateRangeCheck } from '../shared/fields';
import { headersLanguage } from '../http/reader-language';
import { csvAnswer, csvPieces, type CsvColumn } from './csv';
import { keysetBatch, orderedBy, type KeysetColumn } from './keyset';

/**
 * The POC, deal-support, handoff, renewal and launch lists as CSV (issue 18), each at `<list path>.csv`
 * with the list's own filters and region scope, in the list's order, every row.
 */

type Row = Record<string, unknown>;

/** A column of the list's table: the row field `key` reads the snake_case column of the same name. */
interface ListColumn extends CsvColumn<Row> {
  key: string;
  /** A calendar date, read as text so it is written as stored (no time zone shift). */
  asText?: boolean;
}
const col = (key: string, en: string, zh: string): ListColumn => ({ key, en, zh, value: (row) => row[key] });
const day = (key: string, en: string, zh: string): ListColumn => ({ ...col(key, en, zh), asText: true });

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** `SELECT <every column> FROM <table>`: what a batch reads is exactly what the CSV writes. */
function selectColumns(table: string, columns: readonly ListColumn[]): Prisma.Sql {
  const alias = table.split(' ')[1];
  const read = columns.map(
    (column) => `${alias}.${snakeCase(column.key)}${column.asText ? '::text' : ''} AS "${column.key}"`,
  );
  return Prisma.raw(`SELECT ${read.join(', ')} FROM ${table}`);
}

/** A list's query without its paging. */
function withoutPaging<S extends z.ZodRawShape>(shape: S) {
  const { limit: _limit, cursor: _cursor, ...filters } = shape;
  return filters;
}

interface ListCsv {
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  permission: Permission;
  query: z.ZodType;
  fileName: string;
  /** The list's table and its alias, e.g. `deal_case d` (trusted: written here, never from a request). */
  table: string;
  columns: ListColumn[];
  /** The list's order, as the keyset each batch continues from (the last column unique). */
  keys: KeysetColumn[];
  descending?: boolean;
  conditions: (query: never, principal: Parameters<typeof dealListConditions>[1]) => Prisma.Sql[];
}

function listCsvRoute(db: Database, list: ListCsv) {
  return defineRoute({
    method: 'get',
    path: list.path,
    operationId: list.operationId,
    summary: list.summary,
    tag: list.tag,
    permission: list.permission,
    query: list.query,
    responses: {
      200: {
        description:
          'RFC 4180 CSV in UTF-8 with a byte order mark, in the list order; headings in the Accept-Language (en or zh)',
        schema: z.string(),
        mediaType: 'text/csv',
      },
    },
    async handle({ query, principal, request }) {
      const conditions = list.conditions(query as never, principal);
      const select = selectColumns(list.table, list.columns);
      return csvAnswer(
        list.fileName,
        csvPieces(
          list.columns,
          headersLanguage(request?.headers),
          (after) => db.$queryRaw<Row[]>`${select} ${keysetBatch(conditions, after, list.keys, list.descending)}`,
        ),
      );
    },
  });
}

export function caseListCsvRoutes(db: Database) {
  return [
    listCsvRoute(db, {
      path: '/api/pocs.csv',
      operationId: 'exportPocsCsv',
      summary: 'Export the POC list as CSV (the list filters, every row, streamed)',
      tag: 'POCs',
      permission: 'poc:read',
      query: z
        .strictObject(withoutPaging(listPocsQuerySchema.shape))
        .superRefine(dateRangeCheck('requestedFrom', 'requestedTo'))
        .superRefine(dateRangeCheck('endFrom', 'endTo')),
      fileName: 'pocs',
      table: 'poc_trial t',
      conditions: pocListConditions as ListCsv['conditions'],
      columns: [
        col('id', 'Trial', '试用'),
        col('account', 'Account', '客户'),
        col('region', 'Region', '区域'),
        col('industry', 'Industry', '行业'),
        col('product', 'Product', '产品'),
        col('opportunityId', 'Opportunity', '商机'),
        col('amount', 'Amount', '金额'),
        col('currency', 'Currency', '币种'),
        col('salesOwner', 'Sales owner', '销售负责人'),
        col('stage', 'Stage', '阶段'),
        col('stageEnteredAt', 'In stage since', '进入阶段时间'),
        col('atRisk', 'At risk', '有风险'),
        col('requestedAt', 'Requested at', '申请时间'),
        day('plannedStart', 'Planned start', '计划开始'),
        day('endDate', 'End date', '结束日期'),
        col('criteriaMet', 'Criteria met', '已达成标准'),
        col('criteriaTotal', 'Criteria', '标准总数'),
        col('outcomeStage', 'Outcome', '结果'),
        col('outcomeAt', 'Outcome at', '结果时间'),
        col('lossReason', 'Loss reason', '失败原因'),
      ],
      keys: orderedBy('t.requested_at', 'requestedAt'),
      descending: true,
    }),
    listCsvRoute(db, {
      path: '/api/deals.csv',
      operationId: 'exportDealsCsv',
      summary: 'Export the deal-support list as CSV (the list filters, every row, streamed)',
      tag: 'Deals',
      permission: 'deal:read',
      query: z.strictObject(withoutPaging(listDealsQuerySchema.shape)),
      fileName: 'deals',
      table: 'deal_case d',
      conditions: dealListConditions as ListCsv['conditions'],
      columns: [
        col('id', 'Case', '案例'),
        col('account', 'Account', '客户'),
        col('region', 'Region', '区域'),
        col('opportunityId', 'Opportunity', '商机'),
        col('amount', 'Amount', '金额'),
        col('currency', 'Currency', '币种'),
        col('dealStage', 'Deal stage', '商机阶段'),
        col('supportTypes', 'Support asked', '支持类型'),
        day('dueDate', 'Needed by', '需要日期'),
        col('salesOwner', 'Sales owner', '销售负责人'),
        col('stage', 'Stage', '阶段'),
        col('stageEnteredAt', 'In stage since', '进入阶段时间'),
        col('requestedAt', 'Requested at', '申请时间'),
        col('responseOverdue', 'Response overdue', '响应逾期'),
        col('outcomeStage', 'Outcome', '结果'),
        col('outcomeAt', 'Outcome at', '结果时间'),
        col('lossReason', 'Loss reason', '失败原因'),
      ],
      keys: orderedBy('d.requested_at', 'requestedAt'),
      descending: true,
    }),
    listCsvRoute(db, {
      path: '/api/handoffs.csv',
      operationId: 'exportHandoffsCsv',
      summary: 'Export the delivery handoff list as CSV (the list filters, every row, streamed)',
      tag: 'Handoffs',
      permission: 'handoff:read',
      query: z.strictObject(withoutPaging(listHandoffsQuerySchema.shape)),
      fileName: 'handoffs',
      table: 'handoff h',
      conditions: handoffListConditions as ListCsv['conditions'],
      columns: [
        col('id', 'Handoff', '交接'),
        col('account', 'Account', '客户'),
        col('opportunity', 'Opportunity', '商机'),
        col('region', 'Region', '区域'),
        col('amount', 'Amount', '金额'),
        col('currency', 'Currency', '币种'),
        col('salesOwner', 'Sales owner', '销售负责人'),
        col('projectManager', 'Project manager', '项目经理'),
        col('stage', 'Stage', '阶段'),
        col('stageEnteredAt', 'In stage since', '进入阶段时间'),
        col('startedAt', 'Started at', '开始时间'),
        day('targetGoLive', 'Target go-live', '目标上线日期'),
        day('projectedGoLive', 'Projected go-live', '预计上线日期'),
        col('atRisk', 'At risk', '有风险'),
        col('overdue', 'Overdue', '逾期'),
        col('outcomeStage', 'Outcome', '结果'),
        col('outcomeAt', 'Outcome at', '结果时间'),
      ],
      keys: orderedBy('h.started_at', 'startedAt'),
      descending: true,
    }),
    listCsvRoute(db, {
      path: '/api/renewals.csv',
      operationId: 'exportRenewalsCsv',
      summary: 'Export the renewal list as CSV (the list filters, every row, streamed)',
      tag: 'Renewals',
      permission: 'renewal:read',
      query: z
        .strictObject(withoutPaging(listRenewalsQuerySchema.shape))
        .superRefine(dateRangeCheck('contractEndFrom', 'contractEndTo')),
      fileName: 'renewals',
      table: 'renewal r',
      conditions: renewalListConditions as ListCsv['conditions'],
      columns: [
        col('id', 'Renewal', '续约'),
        col('account', 'Account', '客户'),
        col('region', 'Region', '区域'),
        col('contractId', 'Contract', '合同'),
        col('tier', 'Tier', '等级'),
        col('customerSuccessOwner', 'Customer success', '客户成功'),
        col('stage', 'Stage', '阶段'),
        col('termNumber', 'Term', '合同期'),
        day('termStart', 'Term start', '合同期开始'),
        day('contractEnd', 'Contract end', '合同到期'),
        col('value', 'Annual value', '年合同额'),
        col('currency', 'Currency', '币种'),
        col('healthScore', 'Health score', '健康分'),
        col('healthBand', 'Health band', '健康等级'),
        col('atRisk', 'At risk', '有风险'),
        col('nextStepKey', 'Next step', '下一步'),
        day('nextStepDue', 'Next step due', '下一步到期'),
        col('overdueSteps', 'Overdue steps', '逾期步骤'),
      ],
      keys: orderedBy('r.contract_end', 'contractEnd', 'date'),
    }),
    listCsvRoute(db, {
      path: '/api/launches.csv',
      operationId: 'exportLaunchesCsv',
      summary: 'Export the launch run list as CSV (the list filters, every row, streamed)',
      tag: 'Launches',
      permission: 'launch:read',
      query: z
        .strictObject(withoutPaging(listLaunchesQuerySchema.shape))
        .superRefine(dateRangeCheck('launchDateFrom', 'launchDateTo')),
      fileName: 'launches',
      table: 'launch_run r',
      conditions: launchListConditions as ListCsv['conditions'],
      columns: [
        col('id', 'Launch', '发布'),
        col('productName', 'Product', '产品'),
        col('regions', 'Regions', '区域'),
        day('launchDate', 'Launch date', '发布日期'),
        col('status', 'Status', '状态'),
        col('itemsDone', 'Items done', '已完成事项'),
        col('itemsTotal', 'Items', '事项总数'),
        col('itemsOverdue', 'Items overdue', '逾期事项'),
        day('nextDueDate', 'Next due', '下一到期'),
        col('templateKey', 'Template', '模板'),
        col('templateVersion', 'Template version', '模板版本'),
        col('startedAt', 'Started at', '开始时间'),
      ],
      keys: orderedBy('r.launch_date', 'launchDate', 'date'),
    }),
  ];
}
