import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { defineRoute, type AnyRoute } from '../http/route';
import { chainCte, insightsQuerySchema, insightsScope, type InsightsScope } from './chain';

/**
 * The business numbers of issue 21 as one route per report, each computed in SQL from the read model
 * (chain.ts) over the same opportunities; README "Insights" defines every figure.
 */

const FUNNEL_STEPS = {
  poc: ['requested', 'converted', 'won', 'accepted', 'live', 'renewed'],
  deal: ['requested', 'won', 'accepted', 'live', 'renewed'],
} as const;
export const DRILL_STEPS = ['requested', 'converted', 'won', 'accepted', 'live', 'renewed'] as const;
type Step = (typeof DRILL_STEPS)[number];

/** A share to four places, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
/** Days to one decimal. */
const days = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);

const windowSchema = { from: z.iso.date(), to: z.iso.date() };
const funnelSchema = z
  .object({
    ...windowSchema,
    funnels: z.array(
      z.object({
        origin: z.enum(['poc', 'deal']),
        steps: z.array(
          z.object({ step: z.enum(DRILL_STEPS), count: z.number().int(), conversion: z.number().nullable() }),
        ),
      }),
    ),
  })
  .meta({ id: 'InsightsFunnel' });
const spreadSchema = z.object({ count: z.number().int(), p50: z.number().nullable(), p90: z.number().nullable() });
const cycleTimesSchema = z
  .object({
    ...windowSchema,
    toSigning: spreadSchema,
    toGoLive: spreadSchema,
    stages: z.array(spreadSchema.extend({ playbook: z.enum(['poc', 'deal', 'handoff']), stage: z.string() })),
  })
  .meta({ id: 'InsightsCycleTimes' });
const slaSchema = z
  .object({
    ...windowSchema,
    items: z.array(
      z.object({
        playbook: z.enum(['poc', 'deal', 'handoff', 'renewal']),
        measure: z.enum(['approval', 'response', 'milestones', 'steps']),
        measured: z.number().int(),
        met: z.number().int(),
        attainment: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'InsightsSla' });
const deliverySchema = z
  .object({
    ...windowSchema,
    byStage: z.array(z.object({ stage: z.string(), count: z.number().int() })),
    open: z.number().int(),
    atRisk: z.number().int(),
    overdue: z.number().int(),
    slippingMilestones: z.number().int(),
    goLiveByMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'InsightsDelivery' });
const channelsSchema = z
  .object({
    ...windowSchema,
    items: z.array(
      z.object({
        channel: z.string().nullable(),
        leads: z.number().int(),
        share: z.number().nullable(),
        converted: z.number().int(),
        won: z.number().int(),
        winRate: z.number().nullable(),
        wonValue: z.number(),
      }),
    ),
  })
  .meta({ id: 'InsightsChannels' });
const productsSchema = z
  .object({
    ...windowSchema,
    projects: z.number().int(),
    byRegion: z.array(z.object({ region: z.string(), projects: z.number().int() })),
    byIndustry: z.array(z.object({ industry: z.string().nullable(), projects: z.number().int() })),
    byProduct: z.array(z.object({ region: z.string(), product: z.string(), projects: z.number().int() })),
  })
  .meta({ id: 'InsightsProducts' });
const casesSchema = z
  .object({
    ...windowSchema,
    items: z.array(
      z.object({
        id: z.string(),
        origin: z.enum(['poc', 'deal']),
        account: z.string(),
        region: z.string(),
        channel: z.string().nullable(),
        industry: z.string().nullable(),
        products: z.array(z.string()),
        requestedAt: z.iso.datetime(),
        dealId: z.string().nullable(),
        handoffId: z.string().nullable(),
        signedAt: z.iso.datetime().nullable(),
        signedValue: z.number().nullable(),
        liveAt: z.iso.datetime().nullable(),
        renewed: z.boolean(),
      }),
    ),
    truncated: z.boolean(),
  })
  .meta({ id: 'InsightsCases' });

const DRILL_LIMIT = 500;

const STEP_CONDITION: Record<Step, Prisma.Sql> = {
  requested: Prisma.sql`TRUE`,
  converted: Prisma.sql`poc_converted`,
  won: Prisma.sql`signed_at IS NOT NULL`,
  accepted: Prisma.sql`accepted`,
  live: Prisma.sql`live_at IS NOT NULL`,
  renewed: Prisma.sql`renewed`,
};

export function insightsRoutes(db: Database): AnyRoute[] {
  const report = <S extends z.ZodType>(spec: {
    path: string;
    operationId: string;
    summary: string;
    schema: S;
    query?: z.ZodObject;
    figures: (scope: InsightsScope, query: Record<string, unknown>) => Promise<Omit<z.output<S>, 'from' | 'to'>>;
  }) =>
    defineRoute({
      method: 'get',
      path: `/api/insights/${spec.path}`,
      operationId: spec.operationId,
      summary: spec.summary,
      tag: 'Insights',
      permission: 'insights:read',
      query: spec.query ?? insightsQuerySchema,
      responses: {
        200: { description: `${spec.summary} (README "Insights" defines each figure)`, schema: spec.schema },
      },
      async handle({ query, principal }) {
        const scope = insightsScope(query as z.output<typeof insightsQuerySchema>, principal);
        const figures = await spec.figures(scope, query as Record<string, unknown>);
        return { status: 200, body: { from: scope.from, to: scope.to, ...figures } };
      },
    });

  return [
    report({
      path: 'funnel',
      operationId: 'getInsightsFunnel',
      summary: 'Funnel along the chain: POCs requested, converted, won, handoffs accepted, live, renewed',
      schema: funnelSchema,
      async figures(scope) {
        const rows = await db.$queryRaw<Record<Step | 'origin', number | string>[]>`${chainCte(scope)}
          SELECT origin, count(*)::int AS requested, count(*) FILTER (WHERE poc_converted)::int AS converted,
                 count(*) FILTER (WHERE signed_at IS NOT NULL)::int AS won, count(*) FILTER (WHERE accepted)::int AS accepted,
                 count(*) FILTER (WHERE live_at IS NOT NULL)::int AS live, count(*) FILTER (WHERE renewed)::int AS renewed
          FROM chain GROUP BY origin`;
        const funnels = (['poc', 'deal'] as const).map((origin) => {
          const row = rows.find((each) => each.origin === origin);
          const steps = FUNNEL_STEPS[origin].map((step) => ({ step, count: Number(row?.[step] ?? 0) }));
          return {
            origin,
            steps: steps.map((step, index) => ({
              ...step,
              conversion: index === 0 ? null : ratio(step.count, steps[index - 1]!.count),
            })),
          };
        });
        return { funnels };
      },
    }),

    report({
      path: 'cycle-times',
      operationId: 'getInsightsCycleTimes',
      summary: 'Days from opportunity to signing and to go-live (median, p90), and days in each stage of each playbook',
      schema: cycleTimesSchema,
      async figures(scope) {
        const spread = (expression: Prisma.Sql) => Prisma.sql`
          count(${expression})::int,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY ${expression}),
          percentile_cont(0.9) WITHIN GROUP (ORDER BY ${expression})`;
        const toSign = Prisma.sql`extract(epoch FROM signed_at - requested_at) / 86400`;
        const toLive = Prisma.sql`extract(epoch FROM live_at - requested_at) / 86400`;
        const [totals] = await db.$queryRaw<{ spread: [number, number | null, number | null][] }[]>`${chainCte(scope)}
          SELECT ARRAY[ARRAY[${spread(toSign)}]::float8[], ARRAY[${spread(toLive)}]::float8[]] AS spread FROM chain`;
        const stages = await db.$queryRaw<
          { playbook: 'poc' | 'deal' | 'handoff'; stage: string; count: number; p50: number; p90: number }[]
        >`
          ${chainCte(scope)},
          cases AS (
            SELECT 'poc' AS playbook, t.id, t.stage_history FROM chain c JOIN poc_trial t ON t.id = c.id WHERE c.origin = 'poc'
            UNION ALL SELECT 'deal', d.id, d.stage_history FROM chain c JOIN deal_case d ON d.id = c.deal_id
            UNION ALL SELECT 'handoff', h.id, h.stage_history FROM chain c JOIN handoff h ON h.id = c.handoff_id
          ),
          visits AS (
            SELECT playbook, entry.value->>'stage' AS stage,
                   extract(epoch FROM lead((entry.value->>'enteredAt')::timestamptz) OVER (PARTITION BY cases.id ORDER BY entry.n)
                                      - (entry.value->>'enteredAt')::timestamptz) / 86400 AS days
            FROM cases, jsonb_array_elements(cases.stage_history) WITH ORDINALITY AS entry(value, n)
          )
          SELECT playbook, stage, count(*)::int AS count,
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS p50,
                 percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90
          FROM visits WHERE days IS NOT NULL GROUP BY playbook, stage ORDER BY playbook, stage`;
        const asSpread = (row: [number, number | null, number | null] | undefined) => ({
          count: Number(row?.[0] ?? 0),
          p50: days(row?.[1] ?? null),
          p90: days(row?.[2] ?? null),
        });
        return {
          toSigning: asSpread(totals?.spread[0]),
          toGoLive: asSpread(totals?.spread[1]),
          stages: stages.map((row) => ({ ...row, p50: days(row.p50), p90: days(row.p90) })),
        };
      },
    }),

    report({
      path: 'sla',
      operationId: 'getInsightsSla',
      summary: 'SLA attainment per playbook: POC approval, deal response, handoff milestones, renewal steps on time',
      schema: slaSchema,
      async figures(scope) {
        const rows = await db.$queryRaw<{ playbook: string; measure: string; measured: number; met: number }[]>`
          ${chainCte(scope)},
          renewals AS (
            SELECT r.steps FROM chain c JOIN case_profile rp ON rp.source_id = c.handoff_id AND rp.playbook = 'renewal'
            JOIN renewal r ON r.id = rp.case_id
          )
          SELECT 'poc' AS playbook, 'approval' AS measure, count(*)::int AS measured,
                 count(*) FILTER (WHERE NOT t.approval_overdue)::int AS met
          FROM chain c JOIN poc_trial t ON t.id = c.id WHERE c.origin = 'poc'
          UNION ALL
          SELECT 'deal', 'response', count(*)::int, count(*) FILTER (WHERE NOT d.response_overdue)::int
          FROM chain c JOIN deal_case d ON d.id = c.deal_id
          UNION ALL
          SELECT 'handoff', 'milestones', count(*)::int,
                 count(*) FILTER (WHERE (m->>'completedAt')::timestamptz::date
                                        <= COALESCE(m->>'plannedDueDate', m->>'dueDate')::date)::int
          FROM chain c JOIN handoff h ON h.id = c.handoff_id, jsonb_array_elements(h.milestones) m
          WHERE m->>'status' = 'done' AND m->>'completedAt' IS NOT NULL
          UNION ALL
          SELECT 'renewal', 'steps', count(*)::int,
                 count(*) FILTER (WHERE (s->>'doneAt')::timestamptz::date <= (s->>'dueDate')::date)::int
          FROM renewals, jsonb_array_elements(renewals.steps) s
          WHERE s->>'doneAt' IS NOT NULL`;
        return {
          items: rows.map((row) => ({
            playbook: row.playbook as 'poc' | 'deal' | 'handoff' | 'renewal',
            measure: row.measure as 'approval' | 'response' | 'milestones' | 'steps',
            measured: row.measured,
            met: row.met,
            attainment: ratio(row.met, row.measured),
          })),
        };
      },
    }),

    report({
      path: 'delivery',
      operationId: 'getInsightsDelivery',
      summary:
        'Delivery status: handoffs by stage, open ones at risk or overdue, slipping milestones, projected go-live per month',
      schema: deliverySchema,
      async figures(scope) {
        const [row] = await db.$queryRaw<
          {
            by_stage: { stage: string; count: number }[] | null;
            open: number;
            at_risk: number;
            overdue: number;
            slipping: number;
            go_live: { month: string; count: number }[] | null;
          }[]
        >`${chainCte(scope)},
          projects AS (SELECT h.* FROM chain c JOIN handoff h ON h.id = c.handoff_id),
          open AS (SELECT * FROM projects WHERE stage NOT IN ('handed_over', 'cancelled'))
          SELECT
            (SELECT jsonb_agg(jsonb_build_object('stage', stage, 'count', n) ORDER BY stage)
               FROM (SELECT stage, count(*)::int AS n FROM projects GROUP BY stage) s) AS by_stage,
            (SELECT count(*)::int FROM open) AS open,
            (SELECT count(*)::int FROM open WHERE at_risk) AS at_risk,
            (SELECT count(*)::int FROM open WHERE overdue) AS overdue,
            (SELECT count(*)::int FROM open, jsonb_array_elements(open.milestones) m
               WHERE m->>'status' <> 'done' AND (COALESCE((m->>'slips')::int, 0) > 0 OR (m->>'overdue')::boolean)) AS slipping,
            (SELECT jsonb_agg(jsonb_build_object('month', month, 'count', n) ORDER BY month)
               FROM (SELECT to_char(projected_go_live, 'YYYY-MM') AS month, count(*)::int AS n FROM open
                     WHERE projected_go_live IS NOT NULL GROUP BY 1) g) AS go_live`;
        return {
          byStage: row?.by_stage ?? [],
          open: row?.open ?? 0,
          atRisk: row?.at_risk ?? 0,
          overdue: row?.overdue ?? 0,
          slippingMilestones: row?.slipping ?? 0,
          goLiveByMonth: row?.go_live ?? [],
        };
      },
    }),

    report({
      path: 'channels',
      operationId: 'getInsightsChannels',
      summary: "Each lead channel's contribution: leads, share of leads, conversions, wins and won value",
      schema: channelsSchema,
      async figures(scope) {
        const rows = await db.$queryRaw<
          { channel: string | null; leads: number; converted: number; won: number; won_value: number }[]
        >`${chainCte(scope)}
          SELECT channel, count(*)::int AS leads, count(*) FILTER (WHERE poc_converted)::int AS converted,
                 count(*) FILTER (WHERE signed_at IS NOT NULL)::int AS won, COALESCE(sum(signed_value), 0)::float8 AS won_value
          FROM chain GROUP BY channel ORDER BY leads DESC, channel NULLS LAST`;
        const total = rows.reduce((sum, row) => sum + row.leads, 0);
        return {
          items: rows.map((row) => ({
            channel: row.channel,
            leads: row.leads,
            share: ratio(row.leads, total),
            converted: row.converted,
            won: row.won,
            winRate: ratio(row.won, row.leads),
            wonValue: row.won_value,
          })),
        };
      },
    }),

    report({
      path: 'products',
      operationId: 'getInsightsProducts',
      summary: 'Projects (handoffs) per region, per industry, and per product and region',
      schema: productsSchema,
      async figures(scope) {
        const [row] = await db.$queryRaw<
          {
            projects: number;
            by_region: { region: string; projects: number }[] | null;
            by_industry: { industry: string | null; projects: number }[] | null;
            by_product: { region: string; product: string; projects: number }[] | null;
          }[]
        >`${chainCte(scope)},
          projects AS (SELECT c.* FROM chain c WHERE c.handoff_id IS NOT NULL)
          SELECT (SELECT count(*)::int FROM projects) AS projects,
            (SELECT jsonb_agg(jsonb_build_object('region', region, 'projects', n) ORDER BY n DESC, region)
               FROM (SELECT region, count(*)::int AS n FROM projects GROUP BY region) r) AS by_region,
            (SELECT jsonb_agg(jsonb_build_object('industry', industry, 'projects', n) ORDER BY n DESC, industry)
               FROM (SELECT industry, count(*)::int AS n FROM projects GROUP BY industry) i) AS by_industry,
            (SELECT jsonb_agg(jsonb_build_object('region', region, 'product', product, 'projects', n)
                              ORDER BY region, n DESC, product)
               FROM (SELECT region, product, count(*)::int AS n FROM projects, unnest(products) AS product
                     GROUP BY region, product) p) AS by_product`;
        return {
          projects: row?.projects ?? 0,
          byRegion: row?.by_region ?? [],
          byIndustry: row?.by_industry ?? [],
          byProduct: row?.by_product ?? [],
        };
      },
    }),

    report({
      path: 'cases',
      operationId: 'listInsightsCases',
      summary:
        'The opportunities behind a figure: those that reached a funnel step, with their deal, handoff and renewal',
      schema: casesSchema,
      query: insightsQuerySchema.extend({
        step: z.enum(DRILL_STEPS).default('requested'),
        origin: z.enum(['poc', 'deal']).optional(),
      }),
      async figures(scope, query) {
        const step = query.step as Step;
        const origin = query.origin as 'poc' | 'deal' | undefined;
        const rows = await db.$queryRaw<
          {
            id: string;
            origin: 'poc' | 'deal';
            account: string;
            region: string;
            channel: string | null;
            industry: string | null;
            products: string[];
            requested_at: Date;
            deal_id: string | null;
            handoff_id: string | null;
            signed_at: Date | null;
            signed_value: number | null;
            live_at: Date | null;
            renewed: boolean;
          }[]
        >`${chainCte(scope)}
          SELECT * FROM chain WHERE ${STEP_CONDITION[step]} ${origin ? Prisma.sql`AND origin = ${origin}` : Prisma.empty}
          ORDER BY requested_at DESC, id LIMIT ${DRILL_LIMIT + 1}`;
        return {
          items: rows.slice(0, DRILL_LIMIT).map((row) => ({
            id: row.id,
            origin: row.origin,
            account: row.account,
            region: row.region,
            channel: row.channel,
            industry: row.industry,
            products: row.products,
            requestedAt: row.requested_at.toISOString(),
            dealId: row.deal_id,
            handoffId: row.handoff_id,
            signedAt: row.signed_at?.toISOString() ?? null,
            signedValue: row.signed_value,
            liveAt: row.live_at?.toISOString() ?? null,
            renewed: row.renewed,
          })),
          truncated: rows.length > DRILL_LIMIT,
        };
      },
    }),
  ];
}
