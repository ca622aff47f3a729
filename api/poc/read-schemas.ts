import { z } from 'zod';
import { LOSS_REASONS, POC_STAGES, type PocTimelineEventType } from '../../domain/poc/types';
import { regionSchema } from '../auth/principal';
import { cursorSchema, dateRangeCheck, pageLimit, person, queryBoolean, queryDateSchema } from '../shared/fields';
import { date, datetime, summaryPage, timelineEntry, timelinePage, timelineQueryFields } from '../shared/read-model';
import { caseIdSchema, commaList } from '../shared/fields';

/** Schemas of the POC read-model endpoints: trial lists, trial timelines and the regional dashboard. */

const label = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(200);

/** Every POC timeline event type; listing them in a record makes the compiler name any type added later. */
const POC_EVENT_TYPE_SET: Record<PocTimelineEventType, true> = {
  'poc.requested': true,
  'poc.approved': true,
  'poc.rejected': true,
  'poc.approval-reminder': true,
  'poc.approval-escalation': true,
  'provisioning.started': true,
  'provisioning.succeeded': true,
  'provisioning.failed': true,
  'provisioning.manual': true,
  'provisioning.by-hand': true,
  'provisioning.late-result': true,
  'poc.kicked-off': true,
  'poc.checked-in': true,
  'poc.check-in-reminder': true,
  'poc.check-in-missed': true,
  'poc.criterion-marked': true,
  'poc.criteria-at-risk': true,
  'poc.extension-requested': true,
  'poc.extension-approved': true,
  'poc.extension-rejected': true,
  'poc.expiry-reminder': true,
  'poc.converted': true,
  'poc.lost': true,
  'poc.expired': true,
  'poc.withdrawn': true,
  'poc.next-step-started': true,
  // Customer portal (issue 16)
  'poc.customer-contacts-set': true,
  'poc.customer-confirmed-criteria': true,
  'poc.customer-feedback': true,
  'poc.customer-extension-requested': true,
  'poc.crm-details-updated': true,
  'poc.customer-reminded': true,
  'poc.customer-overdue': true,
};
export const POC_EVENT_TYPES = Object.keys(POC_EVENT_TYPE_SET) as [PocTimelineEventType, ...PocTimelineEventType[]];

export const pocIdParamsSchema = z.object({
  id: caseIdSchema.meta({ description: 'The trial id (its workflow id), URL-encoded', example: 'poc:acme:OPP-1' }),
});

export const listPocsQuerySchema = z
  .strictObject({
    region: regionSchema.optional().meta({ description: 'Trials in this region' }),
    stage: commaList(POC_STAGES)
      .optional()
      .meta({ description: `Comma-separated stages: ${POC_STAGES.join(', ')}` }),
    owner: person.optional().meta({ description: 'A person: trials they own as sales, or support as presales or ops' }),
    product: label('product').optional().meta({ description: 'Trials of this product (exact name)' }),
    industry: label('industry').optional().meta({ description: "Trials in this customer's industry (exact name)" }),
    atRisk: queryBoolean.optional().meta({ description: 'true: trials at risk now; false: trials that are not' }),
    requestedFrom: queryDateSchema.optional().meta({ description: 'Requested on or after this date (UTC), inclusive' }),
    requestedTo: queryDateSchema.optional().meta({ description: 'Requested on or before this date (UTC), inclusive' }),
    endFrom: queryDateSchema.optional().meta({ description: 'Planned end date on or after this date, inclusive' }),
    endTo: queryDateSchema.optional().meta({ description: 'Planned end date on or before this date, inclusive' }),
    limit: pageLimit(200, 50),
    cursor: cursorSchema.optional(),
  })
  .superRefine(dateRangeCheck('requestedFrom', 'requestedTo'))
  .superRefine(dateRangeCheck('endFrom', 'endTo'));

export const pocTimelineQuerySchema = z.strictObject({
  ...timelineQueryFields(POC_EVENT_TYPES),
  criterionKey: label('criterionKey').optional().meta({ description: "Only this success criterion's events" }),
});

/** The longest dashboard window: ten years of monthly trend. */
export const MAX_DASHBOARD_MONTHS = 120;

export const pocDashboardQuerySchema = z
  .strictObject({
    region: regionSchema
      .optional()
      .meta({ description: 'One region; omitted: every region you may see, with a breakdown per region' }),
    from: queryDateSchema.optional().meta({
      description:
        'First day of the window (UTC), inclusive; default: the first day of the month 11 months before `to`',
    }),
    to: queryDateSchema.optional().meta({ description: 'Last day of the window (UTC), inclusive; default: today' }),
  })
  .superRefine(dateRangeCheck('from', 'to'));

/** Days as a decimal (two places); null when there is nothing to measure. */
const days = (description: string) => z.number().nullable().meta({ description });

export const pocSummarySchema = z
  .object({
    trialId: z.string(),
    workflowId: z.string(),
    account: z.string(),
    region: z.string(),
    industry: z.string(),
    product: z.string(),
    opportunityId: z.string(),
    amount: z.number(),
    currency: z.string().nullable(),
    salesOwner: z.string(),
    presales: z.array(z.string()),
    opsSupporters: z.array(z.string()),
    stage: z.enum(POC_STAGES),
    stageEnteredAt: datetime,
    atRisk: z.boolean(),
    riskReasons: z.array(z.string()).meta({ description: 'missed-check-in, red-health, criteria-open-near-end' }),
    requestedAt: datetime,
    approvalDueDate: date,
    approvalOverdue: z.boolean().meta({ description: 'The approval SLA passed before anyone decided' }),
    plannedStart: date,
    endDate: date,
    expiresOn: date.meta({ description: 'An undecided trial expires at 00:00 UTC of this date' }),
    kickoffAt: datetime.nullable(),
    nextCheckInDue: date.nullable().meta({ description: 'Set while the trial is active' }),
    missedCheckIns: z.number().int(),
    criteria: z.object({ total: z.number().int(), met: z.number().int(), unmet: z.number().int() }),
    extensionsGranted: z.number().int(),
    pendingExtensionDays: z.number().int().nullable(),
    outcome: z
      .object({ stage: z.string(), at: datetime, lossReason: z.string().nullable() })
      .nullable()
      .meta({ description: 'How the trial ended; null while it runs' }),
    updatedAt: datetime,
  })
  .meta({ id: 'PocSummary' });

export const pocSummaryPageSchema = summaryPage('PocSummaryPage', pocSummarySchema);

export const pocTimelineEntrySchema = timelineEntry({
  id: 'PocTimelineEntry',
  actorDescription: 'Who acted; baton for timers and automatic steps',
  subject: { criterionKey: z.string().nullable() },
});

export const pocTimelinePageSchema = timelinePage('PocTimelinePage', pocTimelineEntrySchema);

const conversion = {
  converted: z.number().int(),
  lost: z.number().int(),
  expired: z.number().int(),
  conversionRate: z.number().nullable().meta({
    description: 'converted / (converted + lost + expired), four places; null when none of those ended in the window',
  }),
};

export const pocDashboardSchema = z
  .object({
    region: z.string().nullable().meta({ description: 'The region asked for; null: every region you may see' }),
    from: date,
    to: date,
    asOf: datetime.meta({ description: 'The moment the snapshot figures (open stages, check-ins, risks) describe' }),
    stages: z
      .array(
        z.object({
          stage: z.enum(POC_STAGES),
          final: z.boolean(),
          count: z.number().int().meta({
            description: 'Open stages: trials in it now. Final stages: trials that ended in it within the window',
          }),
          visits: z
            .number()
            .int()
            .meta({ description: 'Visits to this stage that ended (the next stage was entered) within the window' }),
          medianDays: days('Median days those visits lasted (percentile_cont 0.5)'),
          p90Days: days('90th percentile of the days those visits lasted (percentile_cont 0.9)'),
        }),
      )
      .meta({ description: 'Every stage, in flow order' }),
    outcomes: z
      .object({ ...conversion, cancelled: z.number().int(), rejected: z.number().int() })
      .meta({ description: 'Trials that ended within the window (by outcome date), by outcome' }),
    overdueCheckIns: z
      .number()
      .int()
      .meta({ description: 'Active trials whose next check-in was due before today (UTC)' }),
    atRisk: z.object({
      count: z.number().int(),
      trials: z
        .array(
          z.object({
            trialId: z.string(),
            account: z.string(),
            region: z.string(),
            stage: z.enum(POC_STAGES),
            riskReasons: z.array(z.string()),
            daysInStage: z.number(),
            salesOwner: z.string(),
            endDate: date,
          }),
        )
        .meta({ description: 'The 100 at risk longest in their stage first' }),
    }),
    lossReasons: z
      .array(z.object({ lossReason: z.string(), count: z.number().int() }))
      .meta({ description: `Trials lost within the window per reason: ${LOSS_REASONS.join(', ')}` }),
    trend: z
      .array(z.object({ month: z.string().meta({ example: '2027-03' }), requested: z.number().int(), ...conversion }))
      .meta({
        description: 'Per calendar month (UTC) of the window: trials requested, and trials that ended by outcome',
      }),
    regions: z
      .array(
        z.object({
          region: z.string(),
          inFlight: z.number().int().meta({ description: 'Trials in an open stage now' }),
          atRisk: z.number().int(),
          overdueCheckIns: z.number().int(),
          ...conversion,
        }),
      )
      .meta({ description: 'One row per region with a trial you may see, by name' }),
  })
  .meta({ id: 'PocDashboard' });
