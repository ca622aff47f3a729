import { z } from 'zod';
import {
  CHURN_REASONS,
  RENEWAL_STAGES,
  RENEWAL_STEP_KEYS,
  type RenewalTimelineEventType,
} from '../../domain/renewal/types';
import { regionSchema } from '../auth/principal';
import {
  caseIdSchema,
  commaList,
  cursorSchema,
  dateRangeCheck,
  pageLimit,
  person,
  queryBoolean,
  queryDateSchema,
} from '../shared/fields';
import { date, datetime, summaryPage, timelineEntry, timelinePage, timelineQueryFields } from '../shared/read-model';

/** Schemas of the renewal read-model endpoints: lists, timelines, terms, the renewal calendar and the forecast. */

/** Renewal ids are workflow ids (renewal:<account>:<contract>, URI-encoded parts): any storable text, as trial ids. */
export const renewalIdSchema = caseIdSchema;

/** The longest window the calendar and the forecast answer for. */
export const MAX_RENEWAL_WINDOW_MONTHS = 36;

/** Every renewal timeline event type; listing them in a record makes the compiler name any type added later. */
const RENEWAL_EVENT_TYPE_SET: Record<RenewalTimelineEventType, true> = {
  'renewal.started': true,
  'renewal.term-planned': true,
  'renewal.step-reminder': true,
  'renewal.step-overdue': true,
  'renewal.step-escalation': true,
  'renewal.health-check-requested': true,
  'renewal.health-check-failed': true,
  'renewal.health-figures-wanted': true,
  'renewal.health-assessed': true,
  'renewal.at-risk-escalation': true,
  'renewal.proposal-sent': true,
  'renewal.negotiation-noted': true,
  'renewal.assigned': true,
  'renewal.last-call': true,
  'renewal.lapsed': true,
  'renewal.renewed': true,
  'renewal.expanded': true,
  'renewal.downgraded': true,
  'renewal.churned': true,
  // Customer portal (issue 16)
  'renewal.customer-contacts-set': true,
  'renewal.crm-dates-updated': true,
  'renewal.customer-accepted-proposal': true,
  'renewal.customer-asked-for-call': true,
  'renewal.customer-reminded': true,
  'renewal.customer-overdue': true,
};
export const RENEWAL_EVENT_TYPES = Object.keys(RENEWAL_EVENT_TYPE_SET) as [
  RenewalTimelineEventType,
  ...RenewalTimelineEventType[],
];

const tier = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'tier must be a lowercase slug, e.g. strategic');
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month written YYYY-MM', abort: true })
  .refine((value) => value >= '2000-01' && value <= '2199-12', 'must be between 2000-01 and 2199-12');

export const renewalIdParamsSchema = z.object({
  id: renewalIdSchema.meta({
    description: 'The renewal id (its workflow id), URL-encoded',
    example: 'renewal:acme:C-1',
  }),
});

export const listRenewalsQuerySchema = z
  .strictObject({
    region: regionSchema.optional().meta({ description: 'Renewals in this region' }),
    tier: tier.optional().meta({ description: 'Renewals of customers in this tier' }),
    stage: commaList(RENEWAL_STAGES)
      .optional()
      .meta({ description: `Comma-separated stages: ${RENEWAL_STAGES.join(', ')}` }),
    customerSuccessOwner: person.optional().meta({ description: 'Renewals this person owns in customer success' }),
    atRisk: queryBoolean
      .optional()
      .meta({ description: "true: renewals whose current term's health is at risk; false: the others" }),
    overdue: queryBoolean
      .optional()
      .meta({ description: 'true: renewals with an open step past its due date; false: the others' }),
    contractEndFrom: queryDateSchema
      .optional()
      .meta({ description: 'Current term ends on or after this date, inclusive' }),
    contractEndTo: queryDateSchema
      .optional()
      .meta({ description: 'Current term ends on or before this date, inclusive' }),
    limit: pageLimit(200, 50),
    cursor: cursorSchema.optional(),
  })
  .superRefine(dateRangeCheck('contractEndFrom', 'contractEndTo'));

export const renewalTimelineQuerySchema = z.strictObject({
  ...timelineQueryFields(RENEWAL_EVENT_TYPES),
  term: z.coerce.number().int().min(1).max(1000).optional().meta({ description: "Only this term's events" }),
  stepKey: z.enum(RENEWAL_STEP_KEYS).optional().meta({ description: "Only this step's events" }),
});

/** The window and slice the calendar and the forecast answer for. */
export const renewalWindowQuerySchema = z
  .strictObject({
    from: month
      .optional()
      .meta({ description: 'First month (YYYY-MM) of contract ends counted; default: this month (or 12 before to)' }),
    to: month.optional().meta({
      description: `Last month (YYYY-MM), inclusive; default: 12 months after from; at most ${MAX_RENEWAL_WINDOW_MONTHS} months in all`,
    }),
    region: regionSchema.optional().meta({ description: 'One region (default: every region you may see)' }),
    tier: tier.optional().meta({ description: 'One customer tier' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. CNY')
      .optional()
      .meta({ description: 'Contracts in this currency only (values are summed as recorded, never converted)' }),
  })
  .superRefine(dateRangeCheck('from', 'to'));

export const renewalSummarySchema = z
  .object({
    renewalId: z.string(),
    workflowId: z.string(),
    account: z.string(),
    region: z.string(),
    contractId: z.string(),
    tier: z.string(),
    currency: z.string().nullable(),
    customerSuccessOwner: z.string().nullable(),
    source: z.object({ playbook: z.string(), id: z.string().nullable() }),
    stage: z.enum(RENEWAL_STAGES),
    stageEnteredAt: datetime,
    term: z.object({
      number: z.number().int(),
      termStart: date,
      contractEnd: date,
      value: z.number(),
      compressed: z.boolean(),
      lastCall: z.boolean(),
      lapsed: z.boolean(),
    }),
    steps: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        ownerRole: z.string(),
        dueDate: date,
        status: z.string(),
        overdue: z.boolean(),
        escalated: z.boolean(),
        doneAt: datetime.nullable(),
      }),
    ),
    health: z
      .object({ score: z.number().int(), band: z.string(), source: z.string(), at: datetime })
      .nullable()
      .meta({ description: "The current term's latest health assessment; null before the first" }),
    atRisk: z.boolean(),
    healthCheck: z.object({ status: z.string(), lastError: z.string().nullable() }),
    nextStep: z
      .object({ key: z.string(), dueDate: date, ownerRole: z.string() })
      .nullable()
      .meta({ description: 'The open step due first; null once decided' }),
    overdueSteps: z.number().int(),
    startedAt: datetime,
    endedAt: datetime.nullable().meta({ description: 'When the contract churned and the renewal ended' }),
    updatedAt: datetime,
  })
  .meta({ id: 'RenewalSummary' });

export const renewalSummaryPageSchema = summaryPage('RenewalSummaryPage', renewalSummarySchema);

export const renewalTimelineEntrySchema = timelineEntry({
  id: 'RenewalTimelineEntry',
  actorDescription: 'Who acted; baton for timers and the health source',
  subject: { term: z.number().int(), stepKey: z.string().nullable() },
});

export const renewalTimelinePageSchema = timelinePage('RenewalTimelinePage', renewalTimelineEntrySchema);

export const renewalTermSchema = z
  .object({
    number: z.number().int(),
    termStart: date,
    contractEnd: date,
    value: z.number(),
    outcome: z
      .string()
      .nullable()
      .meta({ description: 'renewed, expanded, downgraded or churned; null while undecided' }),
    newValue: z.number().nullable(),
    churnReason: z.enum(CHURN_REASONS).nullable(),
    note: z.string().nullable(),
    decidedAt: datetime.nullable(),
    decidedBy: z.string().nullable(),
    healthScore: z.number().int().nullable(),
    healthBand: z.string().nullable(),
    atRisk: z.boolean(),
    proposedValue: z.number().nullable(),
  })
  .meta({ id: 'RenewalTerm' });

export const renewalTermListSchema = z.object({ items: z.array(renewalTermSchema) }).meta({ id: 'RenewalTermList' });

const money = (description: string) => z.number().meta({ description });

/** What the calendar counts for a month, a region or a tier. */
const calendarFigures = {
  contracts: z.number().int().meta({ description: 'Terms whose contract ends then' }),
  value: money('Their annual value'),
  open: z.number().int().meta({ description: 'Of them, not decided yet' }),
  openValue: money('Value of the undecided ones'),
  atRisk: z.number().int().meta({ description: 'Undecided and at risk (health below the at-risk threshold)' }),
  valueAtRisk: money('Value of the undecided ones at risk'),
  renewed: z.number().int().meta({ description: 'Decided renewed, expanded or downgraded' }),
  renewedValue: money('Their next-term value'),
  churned: z.number().int(),
  churnedValue: money('Annual value lost to churn'),
};

const calendarSlice = z.object(calendarFigures);

/** The window and slice an answer is for, as asked (null: not narrowed). */
const windowFields = {
  from: month,
  to: month,
  region: z.string().nullable(),
  tier: z.string().nullable(),
  currency: z.string().nullable(),
};

export const renewalCalendarSchema = z
  .object({
    ...windowFields,
    months: z.array(
      z.object({
        month,
        ...calendarFigures,
        byRegion: z.array(z.object({ region: z.string(), ...calendarFigures })),
        byTier: z.array(z.object({ tier: z.string(), ...calendarFigures })),
      }),
    ),
    totals: calendarSlice.meta({ description: 'The whole window' }),
  })
  .meta({ id: 'RenewalCalendar' });

const forecastFigures = {
  ...calendarFigures,
  expectedRenewalValue: money(
    'Decided: the next-term value; undecided and not at risk: the proposed value, else the current one; undecided at risk: nothing',
  ),
  grossRevenueRetention: z.number().nullable().meta({
    description: 'Decided terms: sum of min(next-term value, value) / sum of value; null when none is decided',
  }),
  netRevenueRetention: z.number().nullable().meta({
    description: 'Decided terms: sum of next-term value / sum of value (a churn counts 0); null when none is decided',
  }),
};

export const renewalForecastSchema = z
  .object({
    ...windowFields,
    ...forecastFigures,
    byRegion: z.array(z.object({ region: z.string(), ...forecastFigures })),
    byTier: z.array(z.object({ tier: z.string(), ...forecastFigures })),
    churnReasons: z
      .array(z.object({ churnReason: z.enum(CHURN_REASONS), count: z.number().int(), value: z.number() }))
      .meta({ description: 'Churned terms in the window by reason, the taxonomy in its order' }),
  })
  .meta({ id: 'RenewalForecast' });
