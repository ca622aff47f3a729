import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { defineRoute, type AnyRoute } from '../http/route';
import { chainCte, factsCte, factsRows, insightsQuerySchema, insightsScope, type InsightsScope } from './chain';
import { bucketReads, exactSpread, type HistogramBucket } from './percentiles';
import { stayHistogram } from './stay-histogram';
import { launchEffort } from './effort';

/**
 * The business numbers of issue 21 as one route per report, each computed in SQL from the rollups the
 * projections keep (chain.ts) over the same opportunities; README "Insights" defines every figure.
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

const PLAYBOOKS = ['poc', 'deal', 'handoff', 'renewal', 'launch'] as const;
const perCase = z.number().nullable();
const effortSchema = z
  .object({
    ...windowSchema,
    steps: z.array(
      z.object({
        playbook: z.enum(PLAYBOOKS),
        role: z.string(),
        entries: z.number().int(),
        minutes: z.number(),
        cases: z.number().int(),
        minutesPerCase: perCase,
        peoplePerCase: perCase,
      }),
    ),
    won: z.object({
      deals: z.number().int(),
      wonValue: z.number(),
      minutes: z.number(),
      minutesPerDeal: perCase,
      peoplePerDeal: perCase,
      roles: z.array(
        z.object({ role: z.string(), minutes: z.number(), minutesPerDeal: perCase, peoplePerDeal: perCase }),
      ),
    }),
  })
  .meta({ id: 'InsightsEffort' });
/** A figure per case to one decimal, or null when there is no case. */
const each = (total: number, cases: number): number | null =>
  cases === 0 ? null : Math.round((total / cases) * 10) / 10;

const DRILL_LIMIT = 500;

/** The SLA items in the order the report lists them, each a `sla:<playbook>:<measure>` fact. */
const SLA_ITEMS = [
  ['poc', 'approval'],
  ['deal', 'response'],
  ['handoff', 'milestones'],
  ['renewal', 'steps'],
] as const;
const DELIVERY_MEASURES = ['stage', 'open', 'at_risk', 'overdue', 'slipping', 'go_live'].map((m) => `delivery:${m}`);

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
        const rows = await db.$queryRaw<Record<Step | 'origin', number | string>[]>`${factsCte(scope, DRILL_STEPS)}
          SELECT origin, ${Prisma.join(
            DRILL_STEPS.map(
              (step) => Prisma.sql`COALESCE(sum(n) FILTER (WHERE measure = ${step}), 0)::int AS ${Prisma.raw(step)}`,
            ),
          )}
          FROM facts GROUP BY origin`;
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
        // The histogram and the stays it points to are read in one snapshot, so they agree with each other.
        const { histograms, stays } = await db.$transaction(
          async (tx) => {
            const rows = await tx.$queryRaw<{ key: string; band: number; n: number }[]>`${stayHistogram(scope)}`;
            const histograms = new Map<string, HistogramBucket[]>();
            for (const row of rows) {
              histograms.set(row.key, [...(histograms.get(row.key) ?? []), { bucket: row.band, n: row.n }]);
            }
            const reads = bucketReads(histograms);
            const stays =
              reads.length === 0
                ? []
                : await tx.$queryRaw<{ key: string; bucket: number; skip: number; days: number[] }[]>`
                  SELECT r.key, r.bucket, ARRAY(
                    SELECT o.days FROM insights_stay o
                    WHERE o.key = r.key AND o.band = r.bucket AND o.requested_at >= ${scope.start}
                      AND o.requested_at < ${scope.end} AND ${scope.filter}
                    ORDER BY o.days OFFSET r.skip LIMIT r.take) AS days, r.skip
                  FROM unnest(${reads.map((read) => read.key)}::text[], ${reads.map((read) => read.bucket)}::int[],
                              ${reads.map((read) => read.skip)}::int[], ${reads.map((read) => read.take)}::int[])
                    AS r(key, bucket, skip, take)`;
            return { histograms, stays };
          },
          { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
        );
        const read = new Map(stays.map((row) => [`${row.key}#${row.bucket}#${row.skip}`, row.days.map(Number)]));
        const asSpread = (key: string) => {
          const spread = exactSpread(
            key,
            histograms.get(key) ?? [],
            (_, bucket, skip) => read.get(`${key}#${bucket}#${skip}`) ?? [],
          );
          return { count: spread.count, p50: days(spread.p50), p90: days(spread.p90) };
        };
        const stageKeys = [...histograms.keys()].filter((key) => !key.startsWith('cycle:')).sort();
        return {
          toSigning: asSpread('cycle:to_signing'),
          toGoLive: asSpread('cycle:to_go_live'),
          stages: stageKeys.map((key) => {
            const [playbook, stage] = key.split(':') as ['poc' | 'deal' | 'handoff', string];
            return { playbook, stage, ...asSpread(key) };
          }),
        };
      },
    }),

    report({
      path: 'sla',
      operationId: 'getInsightsSla',
      summary: 'SLA attainment per playbook: POC approval, deal response, handoff milestones, renewal steps on time',
      schema: slaSchema,
      async figures(scope) {
        const measured = await db.$queryRaw<{ measure: string; measured: number; met: number }[]>`
          ${factsCte(
            scope,
            SLA_ITEMS.map(([playbook, measure]) => `sla:${playbook}:${measure}`),
          )}
          SELECT measure, sum(n)::int AS measured, sum(value)::int AS met FROM facts GROUP BY measure`;
        const rows = SLA_ITEMS.map(([playbook, measure]) => {
          const row = measured.find((each) => each.measure === `sla:${playbook}:${measure}`);
          return { playbook, measure, measured: row?.measured ?? 0, met: row?.met ?? 0 };
        });
        return {
          items: rows.map((row) => ({
            playbook: row.playbook,
            measure: row.measure,
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
        >`${factsCte(scope, DELIVERY_MEASURES)}
          SELECT
            (SELECT jsonb_agg(jsonb_build_object('stage', bucket, 'count', n) ORDER BY bucket)
               FROM (SELECT bucket, sum(n)::int AS n FROM facts WHERE measure = 'delivery:stage' GROUP BY bucket) s
               WHERE n > 0) AS by_stage,
            (SELECT COALESCE(sum(n), 0)::int FROM facts WHERE measure = 'delivery:open') AS open,
            (SELECT COALESCE(sum(n), 0)::int FROM facts WHERE measure = 'delivery:at_risk') AS at_risk,
            (SELECT COALESCE(sum(n), 0)::int FROM facts WHERE measure = 'delivery:overdue') AS overdue,
            (SELECT COALESCE(sum(n), 0)::int FROM facts WHERE measure = 'delivery:slipping') AS slipping,
            (SELECT jsonb_agg(jsonb_build_object('month', bucket, 'count', n) ORDER BY bucket)
               FROM (SELECT bucket, sum(n)::int AS n FROM facts WHERE measure = 'delivery:go_live' GROUP BY bucket) g
               WHERE n > 0) AS go_live`;
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
        >`WITH facts AS (${factsRows(scope, ['requested', 'converted', 'won'], 'channel')})
          SELECT * FROM (
            SELECT channel, COALESCE(sum(n) FILTER (WHERE measure = 'requested'), 0)::int AS leads,
                   COALESCE(sum(n) FILTER (WHERE measure = 'converted'), 0)::int AS converted,
                   COALESCE(sum(n) FILTER (WHERE measure = 'won'), 0)::int AS won,
                   COALESCE(sum(value) FILTER (WHERE measure = 'won'), 0)::float8 AS won_value
            FROM facts GROUP BY channel
          ) c WHERE leads > 0 ORDER BY leads DESC, channel NULLS LAST`;
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
        >`WITH facts AS (${factsRows(scope, ['project'])}),
               by_industry AS (${factsRows(scope, ['project'], 'industry')}),
               by_product AS (${factsRows(scope, ['project'], 'product')})
          SELECT (SELECT COALESCE(sum(n), 0)::int FROM facts) AS projects,
            (SELECT jsonb_agg(jsonb_build_object('region', region, 'projects', n) ORDER BY n DESC, region)
               FROM (SELECT region, sum(n)::int AS n FROM facts GROUP BY region) r WHERE n > 0) AS by_region,
            (SELECT jsonb_agg(jsonb_build_object('industry', industry, 'projects', n) ORDER BY n DESC, industry)
               FROM (SELECT industry, sum(n)::int AS n FROM by_industry GROUP BY industry) i WHERE n > 0) AS by_industry,
            (SELECT jsonb_agg(jsonb_build_object('region', region, 'product', product, 'projects', n)
                              ORDER BY region, n DESC, product)
               FROM (SELECT region, product, sum(n)::int AS n FROM by_product, unnest(products) AS product
                     GROUP BY region, product) p WHERE n > 0) AS by_product`;
        return {
          projects: row?.projects ?? 0,
          byRegion: row?.by_region ?? [],
          byIndustry: row?.by_industry ?? [],
          byProduct: row?.by_product ?? [],
        };
      },
    }),

    report({
      path: 'effort',
      operationId: 'getInsightsEffort',
      summary:
        'Effort: minutes and people per role in each step of the chain, and per won deal (from the minutes people record on actions)',
      schema: effortSchema,
      async figures(scope) {
        const rows = await db.$queryRaw<{ measure: string; bucket: string; n: number; value: number }[]>`
          ${factsCte(scope, ['effort', 'effort:people', 'effort:cases', 'effort:won_role', 'effort:won', 'won'])}
          SELECT measure, bucket, sum(n)::int AS n, sum(value)::float8 AS value FROM facts GROUP BY measure, bucket`;
        const figure = (measure: string, bucket = '') =>
          rows.find((row) => row.measure === measure && row.bucket === bucket) ?? { n: 0, value: 0 };
        const launches = await launchEffort(db, scope);
        const steps = rows
          .filter((row) => row.measure === 'effort' && row.n > 0)
          .map((row) => {
            const [playbook, role] = row.bucket.split(':') as [(typeof PLAYBOOKS)[number], string];
            const cases = figure('effort:cases', row.bucket).n;
            return {
              playbook,
              role,
              entries: row.n,
              minutes: row.value,
              cases,
              minutesPerCase: each(row.value, cases),
              peoplePerCase: each(figure('effort:people', row.bucket).n, cases),
            };
          })
          .concat(launches)
          .sort((a, b) => PLAYBOOKS.indexOf(a.playbook) - PLAYBOOKS.indexOf(b.playbook) || (a.role < b.role ? -1 : 1));
        const deals = figure('won').n;
        const won = figure('effort:won');
        return {
          steps,
          won: {
            deals,
            wonValue: figure('won').value,
            minutes: won.value,
            minutesPerDeal: each(won.value, deals),
            peoplePerDeal: each(won.n, deals),
            roles: rows
              .filter((row) => row.measure === 'effort:won_role' && row.n > 0)
              .sort((a, b) => (a.bucket < b.bucket ? -1 : 1))
              .map((row) => ({
                role: row.bucket,
                minutes: row.value,
                minutesPerDeal: each(row.value, deals),
                peoplePerDeal: each(row.n, deals),
              })),
          },
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
        const iso = (column: string) =>
          Prisma.sql`to_char(${Prisma.raw(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
        // One JSON row rather than 501 rows: the list is built by the database, not converted row by row.
        const [{ items }] = await db.$queryRaw<[{ items: z.output<typeof casesSchema>['items'] }]>`${chainCte(scope)}
          SELECT COALESCE(jsonb_agg(jsonb_build_object(
                   'id', id, 'origin', origin, 'account', account, 'region', region, 'channel', channel,
                   'industry', industry, 'products', products, 'requestedAt', ${iso('requested_at')},
                   'dealId', deal_id, 'handoffId', handoff_id, 'signedAt', ${iso('signed_at')},
                   'signedValue', signed_value, 'liveAt', ${iso('live_at')}, 'renewed', renewed)
                 ORDER BY requested_at DESC, id), '[]'::jsonb) AS items
          FROM (
            SELECT * FROM chain WHERE ${STEP_CONDITION[step]} ${origin ? Prisma.sql`AND origin = ${origin}` : Prisma.empty}
            ORDER BY requested_at DESC, id LIMIT ${DRILL_LIMIT + 1}
          ) c`;
        return { items: items.slice(0, DRILL_LIMIT), truncated: items.length > DRILL_LIMIT };
      },
    }),
  ];
}
