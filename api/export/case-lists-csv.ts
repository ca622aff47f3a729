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
import { renewalListConditions } from '../renewal/reads';
import { listRenewalsQuerySchema } from '../renewal/read-schemas';
import { dateRangeCheck } from '../shared/fields';
import { csvAnswer, csvLanguage, csvPieces, type CsvColumn } from './csv';
import { keysetBatch, orderedBy, type KeysetColumn } from './keyset';

/**
 * The deal-support, handoff, renewal and launch lists as CSV (issue 18), each at `<list path>.csv`
 * with the list's own filters and region scope, in the list's order, every row (POCs: poc-csv.ts).
 */

type Row = Record<string, unknown>;
const col = (key: string, en: string, zh: string): CsvColumn<Row> => ({ en, zh, value: (row) => row[key] });

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
  columns: CsvColumn<Row>[];
  /** `SELECT … FROM …` of the list's rows; the list's conditions and keyset order follow it. */
  select: Prisma.Sql;
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
      return csvAnswer(
        list.fileName,
        csvPieces(
          list.columns,
          csvLanguage(request?.headers),
          (after) => db.$queryRaw<Row[]>`${list.select} ${keysetBatch(conditions, after, list.keys, list.descending)}`,
        ),
      );
    },
  });
}

export function caseListCsvRoutes(db: Database) {
  return [
    listCsvRoute(db, {
      path: '/api/deals.csv',
      operationId: 'exportDealsCsv',
      summary: 'Export the deal-support list as CSV (the list filters, every row, streamed)',
      tag: 'Deals',
      permission: 'deal:read',
      query: z.strictObject(withoutPaging(listDealsQuerySchema.shape)),
      fileName: 'deals',
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
        col('dueDate', 'Needed by', '需要日期'),
        col('salesOwner', 'Sales owner', '销售负责人'),
        col('stage', 'Stage', '阶段'),
        col('stageEnteredAt', 'In stage since', '进入阶段时间'),
        col('requestedAt', 'Requested at', '申请时间'),
        col('responseOverdue', 'Response overdue', '响应逾期'),
        col('outcomeStage', 'Outcome', '结果'),
        col('outcomeAt', 'Outcome at', '结果时间'),
        col('lossReason', 'Loss reason', '失败原因'),
      ],
      select: Prisma.sql`
        SELECT d.id, d.account, d.region, d.opportunity_id AS "opportunityId", d.amount, d.currency, d.deal_stage AS "dealStage",
               d.support_types AS "supportTypes", d.due_date::text AS "dueDate", d.sales_owner AS "salesOwner", d.stage,
               d.stage_entered_at AS "stageEnteredAt", d.requested_at AS "requestedAt", d.response_overdue AS "responseOverdue",
               d.outcome_stage AS "outcomeStage", d.outcome_at AS "outcomeAt", d.loss_reason AS "lossReason"
        FROM deal_case d`,
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
        col('targetGoLive', 'Target go-live', '目标上线日期'),
        col('projectedGoLive', 'Projected go-live', '预计上线日期'),
        col('atRisk', 'At risk', '有风险'),
        col('overdue', 'Overdue', '逾期'),
        col('outcomeStage', 'Outcome', '结果'),
        col('outcomeAt', 'Outcome at', '结果时间'),
      ],
      select: Prisma.sql`
        SELECT h.id, h.account, h.opportunity, h.region, h.amount, h.currency, h.sales_owner AS "salesOwner",
               h.project_manager AS "projectManager", h.stage, h.stage_entered_at AS "stageEnteredAt", h.started_at AS "startedAt",
               h.target_go_live::text AS "targetGoLive", h.projected_go_live::text AS "projectedGoLive", h.at_risk AS "atRisk",
               h.overdue, h.outcome_stage AS "outcomeStage", h.outcome_at AS "outcomeAt"
        FROM handoff h`,
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
        col('termStart', 'Term start', '合同期开始'),
        col('contractEnd', 'Contract end', '合同到期'),
        col('value', 'Annual value', '年合同额'),
        col('currency', 'Currency', '币种'),
        col('healthScore', 'Health score', '健康分'),
        col('healthBand', 'Health band', '健康等级'),
        col('atRisk', 'At risk', '有风险'),
        col('nextStepKey', 'Next step', '下一步'),
        col('nextStepDue', 'Next step due', '下一步到期'),
        col('overdueSteps', 'Overdue steps', '逾期步骤'),
      ],
      select: Prisma.sql`
        SELECT r.id, r.account, r.region, r.contract_id AS "contractId", r.tier, r.customer_success_owner AS "customerSuccessOwner",
               r.stage, r.term_number AS "termNumber", r.term_start::text AS "termStart", r.contract_end::text AS "contractEnd",
               r.value, r.currency, r.health_score AS "healthScore", r.health_band AS "healthBand", r.at_risk AS "atRisk",
               r.next_step_key AS "nextStepKey", r.next_step_due::text AS "nextStepDue", r.overdue_steps AS "overdueSteps"
        FROM renewal r`,
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
      conditions: launchListConditions as ListCsv['conditions'],
      columns: [
        col('id', 'Launch', '发布'),
        col('productName', 'Product', '产品'),
        col('regions', 'Regions', '区域'),
        col('launchDate', 'Launch date', '发布日期'),
        col('status', 'Status', '状态'),
        col('itemsDone', 'Items done', '已完成事项'),
        col('itemsTotal', 'Items', '事项总数'),
        col('itemsOverdue', 'Items overdue', '逾期事项'),
        col('nextDueDate', 'Next due', '下一到期'),
        col('templateKey', 'Template', '模板'),
        col('templateVersion', 'Template version', '模板版本'),
        col('startedAt', 'Started at', '开始时间'),
      ],
      select: Prisma.sql`
        SELECT r.id, r.product_name AS "productName", r.regions, r.launch_date::text AS "launchDate", r.status,
               r.items_done AS "itemsDone", r.items_total AS "itemsTotal", r.items_overdue AS "itemsOverdue",
               r.next_due_date::text AS "nextDueDate", r.template_key AS "templateKey", r.template_version AS "templateVersion",
               r.started_at AS "startedAt"
        FROM launch_run r`,
      keys: orderedBy('r.launch_date', 'launchDate', 'date'),
    }),
  ];
}
