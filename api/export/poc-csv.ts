import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { defineRoute } from '../http/route';
import { listPocsQuerySchema } from '../poc/read-schemas';
import { pocListConditions } from '../poc/reads';
import { dateRangeCheck } from '../shared/fields';
import { csvAnswer, csvLanguage, csvPieces, type CsvColumn } from './csv';
import { keysetBatch, orderedBy } from './keyset';

/** The POC list as CSV (issue 18): the list's filters and region scope, newest request first, every row. */

const { limit: _limit, cursor: _cursor, ...filters } = listPocsQuerySchema.shape;
const pocCsvQuerySchema = z
  .strictObject(filters)
  .superRefine(dateRangeCheck('requestedFrom', 'requestedTo'))
  .superRefine(dateRangeCheck('endFrom', 'endTo'));

interface PocCsvRow {
  id: string;
  account: string;
  region: string;
  industry: string | null;
  product: string;
  opportunityId: string;
  amount: number | null;
  currency: string | null;
  salesOwner: string;
  stage: string;
  stageEnteredAt: Date;
  atRisk: boolean;
  requestedAt: Date;
  plannedStart: string | null;
  endDate: string | null;
  criteriaMet: number;
  criteriaTotal: number;
  outcomeStage: string | null;
  outcomeAt: Date | null;
  lossReason: string | null;
}

const COLUMNS: CsvColumn<PocCsvRow>[] = [
  { en: 'Trial', zh: '试用', value: (row) => row.id },
  { en: 'Account', zh: '客户', value: (row) => row.account },
  { en: 'Region', zh: '区域', value: (row) => row.region },
  { en: 'Industry', zh: '行业', value: (row) => row.industry },
  { en: 'Product', zh: '产品', value: (row) => row.product },
  { en: 'Opportunity', zh: '商机', value: (row) => row.opportunityId },
  { en: 'Amount', zh: '金额', value: (row) => row.amount },
  { en: 'Currency', zh: '币种', value: (row) => row.currency },
  { en: 'Sales owner', zh: '销售负责人', value: (row) => row.salesOwner },
  { en: 'Stage', zh: '阶段', value: (row) => row.stage },
  { en: 'In stage since', zh: '进入阶段时间', value: (row) => row.stageEnteredAt },
  { en: 'At risk', zh: '有风险', value: (row) => row.atRisk },
  { en: 'Requested at', zh: '申请时间', value: (row) => row.requestedAt },
  { en: 'Planned start', zh: '计划开始', value: (row) => row.plannedStart },
  { en: 'End date', zh: '结束日期', value: (row) => row.endDate },
  { en: 'Criteria met', zh: '已达成标准', value: (row) => row.criteriaMet },
  { en: 'Criteria', zh: '标准总数', value: (row) => row.criteriaTotal },
  { en: 'Outcome', zh: '结果', value: (row) => row.outcomeStage },
  { en: 'Outcome at', zh: '结果时间', value: (row) => row.outcomeAt },
  { en: 'Loss reason', zh: '失败原因', value: (row) => row.lossReason },
];

/** Newest request first, as the list shows them. */
const KEYS = orderedBy<PocCsvRow>('t.requested_at', 'requestedAt');

export function pocCsvRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/pocs.csv',
      operationId: 'exportPocsCsv',
      summary: 'Export the POC list as CSV (the list filters, every row, streamed)',
      tag: 'POCs',
      permission: 'poc:read',
      query: pocCsvQuerySchema,
      responses: {
        200: {
          description:
            'RFC 4180 CSV in UTF-8 with a byte order mark, newest request first; headings in the Accept-Language (en or zh)',
          schema: z.string(),
          mediaType: 'text/csv',
        },
      },
      async handle({ query, principal, request }) {
        const conditions = pocListConditions(query, principal);
        const batch = (after: PocCsvRow | undefined) => db.$queryRaw<PocCsvRow[]>`
          SELECT t.id, t.account, t.region, t.industry, t.product, t.opportunity_id AS "opportunityId", t.amount, t.currency,
                 t.sales_owner AS "salesOwner", t.stage, t.stage_entered_at AS "stageEnteredAt", t.at_risk AS "atRisk",
                 t.requested_at AS "requestedAt", t.planned_start::text AS "plannedStart", t.end_date::text AS "endDate",
                 t.criteria_met AS "criteriaMet", t.criteria_total AS "criteriaTotal", t.outcome_stage AS "outcomeStage",
                 t.outcome_at AS "outcomeAt", t.loss_reason AS "lossReason"
          FROM poc_trial t
          ${keysetBatch(conditions, after, KEYS, true)}`;
        return csvAnswer('pocs', csvPieces(COLUMNS, csvLanguage(request?.headers), batch));
      },
    }),
  ];
}
