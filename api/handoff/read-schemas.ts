import { z } from 'zod';
import { HANDOFF_STAGES, type HandoffTimelineEventType } from '../../domain/handoff/types';
import { regionSchema } from '../auth/principal';
import { caseIdSchema, commaList, cursorSchema, pageLimit, person, queryBoolean } from '../shared/fields';
import {
  date,
  datetime,
  nullableJsonObject,
  summaryPage,
  timelineEntry,
  timelinePage,
  timelineQueryFields,
} from '../shared/read-model';

/** Schemas of the delivery-handoff read-model endpoints: handoff lists and handoff timelines. */

/** Handoff ids are workflow ids (handoff:<account>:<opportunity>, URI-encoded parts): any storable text, as trial ids. */
export const handoffIdSchema = caseIdSchema;

/** Every handoff timeline event type; listing them in a record makes the compiler name any type added later. */
const HANDOFF_EVENT_TYPE_SET: Record<HandoffTimelineEventType, true> = {
  'handoff.started': true,
  'handoff.package-updated': true,
  'handoff.submitted': true,
  'handoff.returned': true,
  'handoff.package-accepted': true,
  'handoff.package-reminder': true,
  'handoff.package-escalation': true,
  'handoff.review-reminder': true,
  'handoff.review-escalation': true,
  'handoff.kicked-off': true,
  'handoff.milestone-started': true,
  'handoff.milestone-completed': true,
  'handoff.milestone-slipped': true,
  'handoff.milestone-risk': true,
  'handoff.milestone-reminder': true,
  'handoff.milestone-overdue': true,
  'handoff.milestone-escalation': true,
  'handoff.customer-sign-off': true,
  'handoff.customer-confirmed': true,
  'handoff.customer-rated': true,
  'handoff.customer-reminded': true,
  'handoff.customer-overdue': true,
  'handoff.handed-over': true,
  'handoff.renewal-started': true,
  'handoff.cancelled': true,
  'handoff.comment': true,
};
export const HANDOFF_EVENT_TYPES = Object.keys(HANDOFF_EVENT_TYPE_SET) as [
  HandoffTimelineEventType,
  ...HandoffTimelineEventType[],
];

export const handoffIdParamsSchema = z.object({
  id: handoffIdSchema.meta({
    description: 'The handoff id (its workflow id), URL-encoded',
    example: 'handoff:acme:OPP-1',
  }),
});

export const listHandoffsQuerySchema = z.strictObject({
  region: regionSchema.optional().meta({ description: 'Handoffs in this region' }),
  stage: commaList(HANDOFF_STAGES)
    .optional()
    .meta({ description: `Comma-separated stages: ${HANDOFF_STAGES.join(', ')}` }),
  projectManager: person
    .optional()
    .meta({ description: 'Handoffs this person runs (or is to review) as project manager' }),
  salesOwner: person.optional().meta({ description: 'Handoffs this person owns as sales' }),
  open: queryBoolean.optional().meta({ description: 'true: not yet handed over or cancelled; false: ended ones' }),
  atRisk: queryBoolean
    .optional()
    .meta({ description: 'true: an open milestone is flagged or overdue, or the plan ends after the target go-live' }),
  overdue: queryBoolean
    .optional()
    .meta({ description: 'true: the running SLA (package or review) or an open milestone is past its date' }),
  limit: pageLimit(200, 50),
  cursor: cursorSchema.optional(),
});

export const handoffTimelineQuerySchema = z.strictObject({
  ...timelineQueryFields(HANDOFF_EVENT_TYPES),
  milestoneKey: z.string().trim().min(1).max(100).optional().meta({ description: "Only this milestone's events" }),
});

export const handoffSummarySchema = z
  .object({
    handoffId: z.string(),
    workflowId: z.string(),
    account: z.string(),
    opportunity: z.string(),
    region: z.string(),
    amount: z.number(),
    currency: z.string().nullable(),
    salesOwner: z.string(),
    projectManager: z.string().nullable(),
    source: z
      .object({ playbook: z.string(), id: z.string().nullable() })
      .meta({ description: 'The case it came from (deal-support, poc-trial) or api' }),
    stage: z.enum(HANDOFF_STAGES),
    stageEnteredAt: datetime,
    stageHistory: z
      .array(z.object({ stage: z.string(), enteredAt: datetime, by: z.string() }))
      .meta({ description: 'Every stage entered, in order' }),
    startedAt: datetime,
    packageItems: z.array(
      z.object({
        key: z.string(),
        status: z.string(),
        providedBy: z.string().nullable(),
        providedAt: datetime.nullable(),
        returnNote: z.string().nullable(),
      }),
    ),
    missingItems: z.array(z.string()),
    returnCount: z.number().int().meta({ description: 'How often the package went back to sales' }),
    sla: z
      .object({ kind: z.string(), dueDate: date, overdue: z.boolean() })
      .nullable()
      .meta({ description: 'The SLA running now (package, resubmission or review)' }),
    targetGoLive: date.nullable(),
    projectedGoLive: date.nullable().meta({ description: "The customer-acceptance milestone's due date" }),
    kickoffDate: date.nullable(),
    milestones: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        ownerRole: z.string(),
        assignee: z.string().nullable(),
        status: z.string(),
        dueDate: date,
        plannedDueDate: date,
        overdue: z.boolean(),
        atRisk: z.boolean(),
        riskNote: z.string().nullable(),
        slips: z.number().int(),
        completedAt: datetime.nullable(),
      }),
    ),
    nextMilestone: z.object({ key: z.string(), dueDate: date }).nullable(),
    atRisk: z.boolean(),
    overdue: z.boolean(),
    customerAcceptance: nullableJsonObject("The customer's sign-off: signedBy, signedOn, evidence"),
    handover: nullableJsonObject(
      'The contract customer success took over: termStart, contractEnd, annualValue, currency, tier, customerSuccessOwner',
    ),
    renewalWorkflowId: z.string().nullable().meta({ description: 'The renewal follow-up the handover started' }),
    outcome: z
      .object({ stage: z.string(), at: datetime, by: z.string(), reason: z.string().nullable() })
      .nullable()
      .meta({ description: 'Handed over or cancelled (with the reason); null while open' }),
    endedAt: datetime.nullable(),
    updatedAt: datetime,
  })
  .meta({ id: 'HandoffSummary' });

export const handoffSummaryPageSchema = summaryPage('HandoffSummaryPage', handoffSummarySchema);

export const handoffTimelineEntrySchema = timelineEntry({
  id: 'HandoffTimelineEntry',
  actorDescription: 'Who acted; baton for timers',
  subject: { milestoneKey: z.string().nullable() },
  causeDescription: 'Why a reminder or escalation fired: subject, milestoneKey, rule, dueDate, calendar, scheduledFor',
});

export const handoffTimelinePageSchema = timelinePage('HandoffTimelinePage', handoffTimelineEntrySchema);
