import { z } from 'zod';
import { liveLogFields, liveTimelineEventSchema, nextPlaybookField, timestamp } from '../shared/case-state-schemas';
import { LOSS_REASONS, NEXT_STEPS, POC_STAGES } from '../../domain/poc/types';
import { regionSchema } from '../auth/principal';
import { handoffPrefillSchema, opportunitySchema, requestDealSupportSchema } from '../shared/lifecycle-schemas';
import { otherLossNeedsNote, planningDate } from '../shared/fields';
import { customerContactsSchema, customerRemindersField, pocCustomerFields } from '../portal/schemas';
import { caseProfileSchema, channelField } from '../insights/profile-fields';

const text = (max: number) => z.string().trim().min(1).max(max);
const person = text(200);
const reason = text(2000);
const note = text(2000).optional();
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug');

export const requestPocSchema = z
  .strictObject({
    account: text(200),
    region: regionSchema,
    industry: text(100),
    opportunity: opportunitySchema,
    product: text(200),
    channel: channelField,
    salesOwner: person,
    supporters: z
      .strictObject({ presales: z.array(person).max(20).default([]), ops: z.array(person).max(20).default([]) })
      .default({ presales: [], ops: [] }),
    criteria: z
      .array(
        z.strictObject({
          key: slug.optional(),
          description: text(1000),
          measuredBy: text(1000).meta({ description: 'How everyone will tell it was met' }),
        }),
      )
      .min(1)
      .max(30),
    plannedStart: planningDate,
    durationDays: z.number().int().min(1).max(365),
    calendar: slug.optional().meta({
      description:
        'Working-day calendar for the approval SLA. Omitted: the calendar mapped to the region on the board, else mon-fri.',
    }),
    regionalOps: person
      .optional()
      .meta({ description: 'The regional ops person who approves; the role is told when omitted' }),
    customerContacts: customerContactsSchema
      .optional()
      .meta({ description: "The customer's people, whom staff may invite to the portal (editable later)" }),
    template: z
      .strictObject({
        key: slug,
        version: z.number().int().min(1).max(1_000_000).optional().meta({ description: 'The latest when omitted' }),
      })
      .optional()
      .meta({
        description:
          "The POC template whose rules and default criteria the trial pins; omitted: the one mapped to the trial's region or product, else poc",
      }),
  })
  .meta({ id: 'RequestPoc' });

export const pocParamsSchema = z.object({
  id: z.string().min(1).max(500).meta({ description: 'The trial id (poc:<account>:<opportunity>), URL-encoded' }),
});
export const pocCriterionParamsSchema = pocParamsSchema.extend({ key: slug });

export const optionalNoteSchema = z.strictObject({ note }).meta({ id: 'OptionalNote' });
export const pocReasonSchema = z.strictObject({ reason }).meta({ id: 'PocReason' });
export const markProvisionedSchema = z
  .strictObject({
    environmentUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    note,
  })
  .meta({ id: 'MarkProvisioned' });
export const checkInSchema = z
  .strictObject({ summary: text(4000), health: z.enum(['green', 'amber', 'red']) })
  .meta({ id: 'CheckIn' });
export const markCriterionSchema = z
  .strictObject({ status: z.enum(['met', 'unmet']), evidence: text(4000) })
  .meta({ id: 'MarkCriterion' });
export const requestExtensionSchema = z
  .strictObject({ days: z.number().int().min(1).max(365), reason })
  .meta({ id: 'RequestExtension' });
export const convertSchema = z
  .strictObject({
    nextStep: z
      .enum(NEXT_STEPS)
      .nullable()
      .optional()
      .meta({ description: 'The playbook the conversion starts: deal support or delivery handoff' }),
    note,
    dealSupport: requestDealSupportSchema
      .pick({ supportTypes: true, dueDate: true, dealStage: true, competitors: true, note: true })
      .optional()
      .meta({
        id: 'PocDealSupportAsk',
        description: 'Required with nextStep deal-support: what sales need from HQ, and by when',
      }),
    handoff: handoffPrefillSchema.optional().meta({
      description:
        'With nextStep delivery-handoff: what the handoff package starts with (the success criteria become its requirements otherwise)',
    }),
  })
  .superRefine((body, context) => {
    if (body.nextStep === 'deal-support' && !body.dealSupport)
      context.addIssue({
        code: 'custom',
        path: ['dealSupport'],
        message: 'converting into deal support needs the support types, due date and deal stage',
      });
    if (body.dealSupport && body.nextStep !== 'deal-support')
      context.addIssue({ code: 'custom', path: ['dealSupport'], message: 'goes only with nextStep deal-support' });
    if (body.handoff && body.nextStep !== 'delivery-handoff')
      context.addIssue({ code: 'custom', path: ['handoff'], message: 'goes only with nextStep delivery-handoff' });
  })
  .meta({ id: 'ConvertPoc' });
export const loseSchema = z
  .strictObject({ reason: z.enum(LOSS_REASONS), note })
  .superRefine(otherLossNeedsNote)
  .meta({ id: 'LosePoc' });

const date = z.iso.date();

export const pocStateSchema = z
  .object({
    trialId: z.string(),
    profile: caseProfileSchema.optional(),
    account: z.string(),
    region: z.string(),
    industry: z.string(),
    opportunity: z.object({ id: z.string(), amount: z.number(), currency: z.string().optional() }),
    product: z.string(),
    salesOwner: z.string(),
    supporters: z.object({ presales: z.array(z.string()), ops: z.array(z.string()) }),
    contacts: z.object({ regionalOps: z.string().optional(), opsManager: z.string().optional() }),
    rules: z.looseObject({}).meta({ description: 'The rules this trial runs by, pinned when it was requested' }),
    template: z
      .object({ key: z.string(), version: z.number().int(), name: z.string() })
      .optional()
      .meta({ description: 'The POC template version the rules came from; absent on trials started before templates' }),
    calendar: z.string(),
    requestedAt: timestamp,
    requestedBy: z.string(),
    stage: z.enum(POC_STAGES),
    stageEnteredAt: timestamp,
    stageHistory: z.array(z.object({ stage: z.enum(POC_STAGES), enteredAt: timestamp, by: z.string() })),
    atRisk: z.boolean(),
    riskReasons: z.array(z.string()),
    criteria: z.array(
      z.object({
        key: z.string(),
        description: z.string(),
        measuredBy: z.string(),
        status: z.enum(['open', 'met', 'unmet']),
        evidence: z.string().optional(),
        markedBy: z.string().optional(),
        markedAt: timestamp.optional(),
      }),
    ),
    plannedStart: date,
    durationDays: z.number().int(),
    endDate: date,
    expiresOn: date,
    endScheduledAt: timestamp,
    approval: z.object({
      dueDate: date,
      dueApproximate: z.boolean(),
      overdue: z.boolean(),
      decidedBy: z.string().optional(),
      decidedAt: timestamp.optional(),
      auto: z.boolean().optional(),
      rejectionReason: z.string().optional(),
    }),
    provisioning: z.object({
      round: z.number().int(),
      lastError: z.string().optional(),
      failedAt: timestamp.optional(),
      environment: z
        .object({
          url: z.string().optional(),
          reference: z.string(),
          manual: z.boolean(),
          by: z.string(),
          at: timestamp,
          note: z.string().optional(),
        })
        .optional(),
      byHand: z.boolean().optional(),
    }),
    kickoffAt: timestamp.optional(),
    kickoffBy: z.string().optional(),
    nextCheckInDue: date.optional(),
    checkInScheduledAt: timestamp.optional(),
    missedCheckIns: z.number().int(),
    checkIns: z.array(
      z.object({ at: timestamp, by: z.string(), summary: z.string(), health: z.enum(['green', 'amber', 'red']) }),
    ),
    extensions: z.array(
      z.object({
        days: z.number().int(),
        reason: z.string(),
        requestedBy: z.string(),
        requestedByCustomer: z.string().optional(),
        requestedAt: timestamp,
        status: z.enum(['pending', 'approved', 'rejected']),
        decidedBy: z.string().optional(),
        decidedAt: timestamp.optional(),
        decisionReason: z.string().optional(),
      }),
    ),
    outcome: z
      .object({
        stage: z.enum(['converted', 'lost', 'expired', 'cancelled', 'rejected']),
        at: timestamp,
        by: z.string(),
        reason: z.string().optional(),
        lossReason: z.enum(LOSS_REASONS).optional(),
        note: z.string().optional(),
        nextStep: z.enum(NEXT_STEPS).nullable().optional(),
      })
      .optional(),
    endedAt: timestamp.optional(),
    nextPlaybook: nextPlaybookField,
    ...pocCustomerFields,
    customerReminders: customerRemindersField,
    ...liveLogFields('trial', z.array(liveTimelineEventSchema({ criterionKey: z.string().optional() }))),
  })
  .meta({ id: 'PocState' });
