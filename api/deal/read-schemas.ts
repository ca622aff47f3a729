import { z } from 'zod';
import { DEAL_LOSS_REASONS, DEAL_STAGES, SUPPORT_TYPES, type DealTimelineEventType } from '../../domain/deal/types';
import { regionSchema } from '../auth/principal';
import { caseIdSchema, commaList, cursorSchema, pageLimit, person, queryBoolean } from '../shared/fields';
import { date, datetime, summaryPage, timelineEntry, timelinePage, timelineQueryFields } from '../shared/read-model';

/** Schemas of the deal-support read-model endpoints: case lists, case timelines and the lesson search. */

/** Case ids are workflow ids (deal:<account>:<opportunity>, URI-encoded parts): any storable text, as trial ids. */
export const dealIdSchema = caseIdSchema;

/** Every deal timeline event type; listing them in a record makes the compiler name any type added later. */
const DEAL_EVENT_TYPE_SET: Record<DealTimelineEventType, true> = {
  'deal.requested': true,
  'deal.accepted': true,
  'deal.declined': true,
  'deal.response-reminder': true,
  'deal.response-escalation': true,
  'deal.support-logged': true,
  'deal.support-completed': true,
  'deal.pricing-approved': true,
  'deal.pricing-rejected': true,
  'deal.won': true,
  'deal.lost': true,
  'deal.lesson-reminder': true,
  'deal.lesson-recorded': true,
  'deal.lesson-missing': true,
  'deal.withdrawn': true,
  'deal.crm-details-updated': true,
  'deal.handoff-started': true,
};
export const DEAL_EVENT_TYPES = Object.keys(DEAL_EVENT_TYPE_SET) as [DealTimelineEventType, ...DealTimelineEventType[]];

export const dealIdParamsSchema = z.object({
  id: dealIdSchema.meta({ description: 'The case id (its workflow id), URL-encoded', example: 'deal:acme:OPP-1' }),
});

export const listDealsQuerySchema = z.strictObject({
  region: regionSchema.optional().meta({ description: 'Cases in this region' }),
  stage: commaList(DEAL_STAGES)
    .optional()
    .meta({ description: `Comma-separated stages: ${DEAL_STAGES.join(', ')}` }),
  salesOwner: person.optional().meta({ description: 'Cases this person owns as sales' }),
  supportType: z.enum(SUPPORT_TYPES).optional().meta({ description: 'Cases asking for this support type' }),
  open: queryBoolean
    .optional()
    .meta({ description: 'true: cases still open (requested, triaged, in_progress); false: closed ones' }),
  responseOverdue: queryBoolean
    .optional()
    .meta({ description: 'true: cases whose response SLA passed before triage; false: the others' }),
  limit: pageLimit(200, 50),
  cursor: cursorSchema.optional(),
});

export const dealTimelineQuerySchema = z.strictObject({
  ...timelineQueryFields(DEAL_EVENT_TYPES),
  supportType: z.enum(SUPPORT_TYPES).optional().meta({ description: "Only this support type's events" }),
});

export const dealLessonsQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, 'q must not be empty')
    .max(200)
    .refine((text) => !text.includes('\u0000'), 'contains a NUL character')
    .optional()
    .meta({ description: 'Words the lesson must contain (full-text, every word); omitted: every lesson' }),
  region: regionSchema.optional().meta({ description: 'Lessons of cases in this region' }),
  lossReason: z.enum(DEAL_LOSS_REASONS).optional().meta({ description: 'Lessons of cases lost for this reason' }),
  supportType: z
    .enum(SUPPORT_TYPES)
    .optional()
    .meta({ description: 'Lessons of cases that asked for this support type' }),
  limit: pageLimit(200, 50),
  cursor: cursorSchema.optional(),
});

const outcomeSchema = z
  .object({
    stage: z.string(),
    at: datetime,
    by: z.string(),
    lossReason: z.string().nullable(),
    reason: z.string().nullable(),
    handoffRequested: z.boolean(),
  })
  .nullable()
  .meta({ description: 'How the case closed (won, lost, declined or withdrawn); null while it is open' });

export const dealSummarySchema = z
  .object({
    dealId: z.string(),
    workflowId: z.string(),
    account: z.string(),
    region: z.string(),
    opportunityId: z.string(),
    amount: z.number(),
    currency: z.string().nullable(),
    dealStage: z.string().meta({ description: "The CRM's stage name for the deal" }),
    competitors: z.array(z.string()),
    supportTypes: z.array(z.string()),
    dueDate: date,
    salesOwner: z.string(),
    stage: z.enum(DEAL_STAGES),
    stageEnteredAt: datetime,
    stageHistory: z
      .array(z.object({ stage: z.string(), enteredAt: datetime, by: z.string() }))
      .meta({ description: 'Every stage entered, in order' }),
    requestedAt: datetime,
    responseDueDate: date,
    responseOverdue: z.boolean().meta({ description: 'The response SLA passed before anyone triaged' }),
    triagedAt: datetime.nullable(),
    triagedBy: z.string().nullable(),
    supportItems: z.array(
      z.object({
        supportType: z.string(),
        assignees: z.array(z.string()),
        status: z.string(),
        actions: z.number().int(),
        lastActionAt: datetime.nullable(),
        outcome: z.string().nullable(),
        completedAt: datetime.nullable(),
      }),
    ),
    pricing: z
      .object({
        status: z.string(),
        decidedBy: z.string().nullable(),
        decidedAt: datetime.nullable(),
        reason: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'null when no pricing exception was asked for' }),
    outcome: outcomeSchema,
    lessonDue: z.boolean(),
    lessonRecorded: z.boolean(),
    lessonMissing: z.boolean(),
    endedAt: datetime.nullable(),
    updatedAt: datetime,
  })
  .meta({ id: 'DealSummary' });

export const dealSummaryPageSchema = summaryPage('DealSummaryPage', dealSummarySchema);

export const dealTimelineEntrySchema = timelineEntry({
  id: 'DealTimelineEntry',
  actorDescription: 'Who acted; baton for timers',
  subject: { supportType: z.string().nullable() },
});

export const dealTimelinePageSchema = timelinePage('DealTimelinePage', dealTimelineEntrySchema);

export const dealLessonSchema = z
  .object({
    dealId: z.string(),
    account: z.string(),
    region: z.string(),
    opportunityId: z.string(),
    amount: z.number(),
    currency: z.string().nullable(),
    salesOwner: z.string(),
    competitors: z.array(z.string()),
    supportTypes: z.array(z.string()),
    outcome: outcomeSchema,
    lesson: z.object({ text: z.string(), by: z.string(), at: datetime }),
  })
  .meta({ id: 'DealLesson' });

export const dealLessonPageSchema = summaryPage('DealLessonPage', dealLessonSchema);
