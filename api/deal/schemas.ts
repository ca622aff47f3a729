import { z } from 'zod';
import {
  liveLogFields,
  liveTimelineEventSchema,
  lifecycleSourceSchema,
  nextPlaybookField,
  timestamp,
} from '../shared/case-state-schemas';
import { DEAL_LOSS_REASONS, DEAL_STAGES, SUPPORT_TYPES } from '../../domain/deal/types';
import { handoffPrefillSchema, requestDealSupportSchema } from '../shared/lifecycle-schemas';
import { templateChoiceSchema } from '../shared/template-choice';
import { otherLossNeedsNote } from '../shared/fields';
import { caseProfileSchema } from '../insights/profile-fields';

const text = (max: number) => z.string().trim().min(1).max(max);
const person = text(200);
const note = text(2000).optional();

export const dealParamsSchema = z.object({
  id: z.string().min(1).max(500).meta({ description: 'The case id (deal:<account>:<opportunity>), URL-encoded' }),
});

export const acceptDealSchema = z
  .strictObject({
    assignees: z
      .partialRecord(z.enum(SUPPORT_TYPES), z.array(person).min(1).max(10))
      .meta({ description: 'People per requested support type' }),
    note,
  })
  .meta({ id: 'AcceptDealSupport' });
export const dealReasonSchema = z.strictObject({ reason: text(2000) }).meta({ id: 'DealReason' });
export const dealNoteSchema = z.strictObject({ note }).meta({ id: 'DealNote' });
export const closeWonSchema = z
  .strictObject({
    note,
    handoff: handoffPrefillSchema
      .optional()
      .meta({ description: 'Starts the delivery handoff package; it can be completed there' }),
  })
  .meta({ id: 'CloseDealWon' });
export const logSupportSchema = z
  .strictObject({ supportType: z.enum(SUPPORT_TYPES), summary: text(4000), outcome: text(2000) })
  .meta({ id: 'LogSupport' });
export const completeSupportSchema = z
  .strictObject({ supportType: z.enum(SUPPORT_TYPES), outcome: text(2000) })
  .meta({ id: 'CompleteSupport' });
export const closeLostSchema = z
  .strictObject({ reason: z.enum(DEAL_LOSS_REASONS), note })
  .superRefine(otherLossNeedsNote)
  .meta({ id: 'CloseDealLost' });
export const lessonSchema = z
  .strictObject({ text: text(4000).meta({ description: 'What the next team should reuse or avoid' }) })
  .meta({ id: 'DealLesson' });

/** POST /api/deals: the request, and the deal-support template it pins (issue 20). */
export const startDealSupportSchema = requestDealSupportSchema
  .extend({ template: templateChoiceSchema('deal-support', 'the latest version of deal-support') })
  .meta({ id: 'StartDealSupport' });

export const dealStateSchema = z
  .object({
    dealId: z.string(),
    profile: caseProfileSchema.optional(),
    account: z.string(),
    region: z.string(),
    opportunity: z.object({ id: z.string(), amount: z.number(), currency: z.string().optional() }),
    dealStage: z.string(),
    competitors: z.array(z.string()),
    supportTypes: z.array(z.enum(SUPPORT_TYPES)),
    dueDate: z.iso.date(),
    salesOwner: z.string(),
    note: z.string().optional(),
    contacts: z.object({
      triage: z.string().optional(),
      opsManager: z.string().optional(),
      pricingApprover: z.string().optional(),
    }),
    rules: z.looseObject({}).meta({ description: 'The rules this case runs by, pinned when it was requested' }),
    template: z
      .object({ key: z.string(), version: z.number().int(), name: z.string() })
      .optional()
      .meta({ description: 'The deal-support template version its rules came from; absent on cases before templates' }),
    calendar: z.string(),
    requestedAt: timestamp,
    requestedBy: z.string(),
    stage: z.enum(DEAL_STAGES),
    stageEnteredAt: timestamp,
    stageHistory: z.array(z.looseObject({ stage: z.enum(DEAL_STAGES), enteredAt: timestamp })),
    response: z.object({
      dueDate: z.iso.date(),
      dueApproximate: z.boolean(),
      overdue: z.boolean(),
      triagedBy: z.string().optional(),
      triagedAt: timestamp.optional(),
    }),
    supportItems: z.array(
      z.object({
        type: z.enum(SUPPORT_TYPES),
        assignees: z.array(z.string()),
        status: z.enum(['open', 'done']),
        log: z.array(z.object({ at: timestamp, by: z.string(), summary: z.string(), outcome: z.string() })),
        outcome: z.string().optional(),
        completedBy: z.string().optional(),
        completedAt: timestamp.optional(),
      }),
    ),
    pricing: z
      .object({
        status: z.enum(['pending', 'approved', 'rejected']),
        decidedBy: z.string().optional(),
        decidedAt: timestamp.optional(),
        note: z.string().optional(),
        reason: z.string().optional(),
      })
      .optional(),
    outcome: z
      .object({
        stage: z.enum(['closed_won', 'closed_lost', 'declined', 'withdrawn']),
        at: timestamp,
        by: z.string(),
        reason: z.string().optional(),
        lossReason: z.enum(DEAL_LOSS_REASONS).optional(),
        note: z.string().optional(),
        handoffRequested: z.boolean(),
        handoffPackage: z.looseObject({}).optional().meta({ description: 'What delivery handoff starts with' }),
      })
      .optional(),
    closedOn: z.iso.date().optional(),
    lessonDue: z.boolean(),
    lesson: z.looseObject({ text: z.string() }).optional(),
    lessonMissing: z.boolean(),
    endedAt: timestamp.optional(),
    nextPlaybook: nextPlaybookField,
    source: lifecycleSourceSchema.optional(),
    ...liveLogFields('case', z.array(liveTimelineEventSchema({ supportType: z.string().optional() }))),
  })
  .meta({ id: 'DealState' });
