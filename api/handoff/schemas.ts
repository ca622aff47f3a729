import { z } from 'zod';
import { templateChoiceSchema } from '../shared/template-choice';
import {
  liveLogFields,
  liveTimelineEventSchema,
  lifecycleSourceSchema,
  nextPlaybookField,
  timestamp,
} from '../shared/case-state-schemas';
import { HANDOFF_STAGES, STAKEHOLDER_ROLES } from '../../domain/handoff/types';
import { ROLES } from '../../domain/shared/roles';
import { regionSchema } from '../auth/principal';
import { planningDate } from '../shared/fields';
import { caseProfileSchema, profileFields } from '../insights/profile-fields';
import { customerRemindersField } from '../portal/schemas';

/**
 * Schemas of the delivery-handoff action routes. Shapes are checked here (400 naming each field);
 * the rules that depend on the handoff (is "budget" a package item? is the date after today? is the
 * milestone done already?) are the workflow's, which answers 409/422 naming the culprit.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const person = text(200);
const note = text(2000).optional();
const link = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug');
/** Package item and milestone keys: the workflow says which exist (422 naming an unknown one). */
const key = z.string().trim().min(1).max(100);
const evidence = z.strictObject({ link: link.optional(), note }).meta({ description: 'A link, a note, or both' });

export const startHandoffSchema = z
  .strictObject({
    account: text(200),
    opportunity: text(100).meta({ description: 'The won opportunity (the contract is known by it)' }),
    region: regionSchema,
    amount: z.number().min(0).max(1e12).meta({ description: 'Contract value' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. CNY')
      .optional(),
    salesOwner: person,
    prefill: z
      .strictObject({
        requirements: text(8000).optional(),
        commitments: text(8000).optional(),
        knownRisks: text(8000).optional(),
        targetGoLive: planningDate.optional(),
      })
      .optional()
      .meta({ description: 'Package items already known; the rest start missing' }),
    projectManager: person.optional().meta({ description: 'The project manager expected to review the package' }),
    calendar: slug.optional().meta({
      description:
        'Working-day calendar for the SLAs and milestone dates. Omitted: the calendar mapped to the region on the board, else mon-fri.',
    }),
    ...profileFields,
    template: templateChoiceSchema('delivery-handoff', 'the latest version of delivery-handoff'),
  })
  .meta({ id: 'StartHandoff' });

export const handoffParamsSchema = z.object({
  id: z.string().min(1).max(500).meta({ description: 'The handoff id (handoff:<account>:<opportunity>), URL-encoded' }),
});
export const milestoneParamsSchema = handoffParamsSchema.extend({
  key: key.meta({ description: 'The milestone key, e.g. requirements-confirmed' }),
});

export const updatePackageSchema = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          key: key.meta({ description: 'contract, scope, requirements, commitments or known-risks' }),
          text: text(8000).optional(),
          link: link.optional(),
        }),
      )
      .max(10)
      .optional(),
    stakeholders: z
      .array(
        z.strictObject({
          name: person,
          role: z.enum(STAKEHOLDER_ROLES),
          contact: text(300).meta({ description: 'E-mail, phone or chat handle' }),
          title: text(200).optional(),
        }),
      )
      .max(50)
      .optional()
      .meta({
        description:
          "The customer's stakeholder map (replaces the one before): a decision maker, a manager and end users",
      }),
    targetGoLive: planningDate.optional(),
  })
  .meta({ id: 'UpdateHandoffPackage' });
export const handoffNoteSchema = z.strictObject({ note }).meta({ id: 'HandoffNote' });
export const returnPackageSchema = z
  .strictObject({
    missing: z
      .array(z.strictObject({ key: key.meta({ description: 'A package item key' }), note }))
      .max(20)
      .meta({ description: 'What is missing or not good enough: at least one package item' }),
    note,
  })
  .meta({ id: 'ReturnHandoffPackage' });
export const acceptPackageSchema = z
  .strictObject({
    projectManager: person.optional().meta({ description: 'Who runs the project; you, when left out' }),
    note,
  })
  .meta({ id: 'AcceptHandoffPackage' });
export const kickoffSchema = z
  .strictObject({
    kickoffDate: planningDate
      .optional()
      .meta({ description: 'When the kickoff meeting was held; today when left out' }),
    targetGoLive: planningDate
      .optional()
      .meta({ description: 'A go-live agreed with the customer at kickoff, replacing the package’s' }),
    assignees: z
      .record(key, person)
      .optional()
      .meta({ description: 'A person per milestone key; the project manager owns the rest of theirs' }),
    note,
  })
  .meta({ id: 'KickoffHandoff' });
export const completeMilestoneSchema = z
  .strictObject({ evidence: evidence.optional() })
  .meta({ id: 'CompleteMilestone' });
export const slipMilestoneSchema = z
  .strictObject({
    newDate: planningDate.meta({ description: 'After today and after the current due date' }),
    reason: text(2000),
  })
  .meta({ id: 'SlipMilestone' });
export const milestoneRiskSchema = z
  .strictObject({ atRisk: z.boolean(), note })
  .superRefine((body, context) => {
    if (body.atRisk && !body.note)
      context.addIssue({ code: 'custom', path: ['note'], message: 'flagging a risk needs a note saying what it is' });
  })
  .meta({ id: 'MilestoneRisk' });
export const customerAcceptanceSchema = z
  .strictObject({
    signedBy: person.meta({ description: "Who signed on the customer's side" }),
    signedByTitle: text(200).optional(),
    signedOn: planningDate.meta({ description: 'Not in the future, not before the kickoff' }),
    evidence,
  })
  .meta({ id: 'CustomerAcceptance' });
export const handoverSchema = z
  .strictObject({
    termStart: planningDate,
    contractEnd: planningDate.meta({ description: 'After termStart; renewal follow-up counts back from it' }),
    annualValue: z.number().min(0).max(1e12),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. CNY')
      .optional(),
    tier: text(50).optional().meta({ description: 'Customer tier, e.g. strategic, key, standard' }),
    customerSuccessOwner: person,
    note,
  })
  .meta({ id: 'HandoverToCustomerSuccess' });
export const handoffReasonSchema = z.strictObject({ reason: text(2000) }).meta({ id: 'HandoffReason' });
export const handoffCommentSchema = z
  .strictObject({ text: text(4000), milestoneKey: key.optional() })
  .meta({ id: 'HandoffComment' });

const date = z.iso.date();

/** The customer's own sign-off in the portal: who, when, from where, and the words they agreed to. */
const portalSignature = z
  .object({
    name: z.string(),
    email: z.string(),
    at: timestamp,
    ip: z.string().optional(),
    userAgent: z.string().optional(),
    text: z.string(),
  })
  .meta({ id: 'PortalSignatureRecord' });

export const handoffStateSchema = z
  .object({
    handoffId: z.string(),
    profile: caseProfileSchema.optional(),
    account: z.string(),
    opportunity: z.string(),
    region: z.string(),
    amount: z.number(),
    currency: z.string().optional(),
    salesOwner: z.string(),
    source: lifecycleSourceSchema,
    projectManager: z.string().optional(),
    contacts: z.object({
      projectManager: z.string().optional(),
      opsManager: z.string().optional(),
      customerSuccess: z.string().optional(),
    }),
    rules: z.looseObject({}).meta({
      description: 'The rules this handoff runs by (SLAs, reminders, the milestone template), pinned when it started',
    }),
    template: z.object({ key: z.string(), version: z.number().int(), name: z.string() }).optional().meta({
      description: 'The delivery-handoff template version its package and plan came from; absent before templates',
    }),
    calendar: z.string(),
    startedAt: timestamp,
    startedBy: z.string(),
    stage: z.enum(HANDOFF_STAGES),
    stageEnteredAt: timestamp,
    stageHistory: z.array(z.looseObject({ stage: z.enum(HANDOFF_STAGES), enteredAt: timestamp })),
    packageItems: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        status: z.enum(['missing', 'provided']),
        text: z.string().optional(),
        link: z.string().optional(),
        providedBy: z.string().optional(),
        providedAt: timestamp.optional(),
        prefilled: z.boolean().optional(),
        returnNote: z.string().optional(),
      }),
    ),
    stakeholders: z.array(
      z.object({
        name: z.string(),
        role: z.enum(STAKEHOLDER_ROLES),
        contact: z.string(),
        title: z.string().optional(),
      }),
    ),
    targetGoLive: date.optional(),
    reviews: z.array(
      z.looseObject({
        round: z.number().int(),
        submittedAt: timestamp,
        submittedBy: z.string(),
        decision: z.enum(['accepted', 'returned']).optional(),
      }),
    ),
    sla: z
      .object({
        kind: z.enum(['package', 'resubmission', 'review']),
        round: z.number().int(),
        dueDate: date,
        dueApproximate: z.boolean(),
        overdue: z.boolean(),
        startedAt: timestamp,
      })
      .optional()
      .meta({ description: 'The SLA running now: sales owe the package (again), or the project manager a review' }),
    kickoffDate: date.optional(),
    milestones: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        ownerRole: z.enum(ROLES),
        assignee: z.string().optional(),
        status: z.enum(['planned', 'in_progress', 'done']),
        dueDate: date,
        dueApproximate: z.boolean(),
        plannedDueDate: date,
        scheduledAt: timestamp,
        overdue: z.boolean(),
        escalated: z.boolean(),
        atRisk: z.boolean(),
        riskNote: z.string().optional(),
        customerSignOff: z.boolean(),
        slips: z.array(z.looseObject({ from: date, to: date, reason: z.string(), by: z.string() })),
        startedAt: timestamp.optional(),
        completedAt: timestamp.optional(),
        completedBy: z.string().optional(),
        evidence: z.object({ link: z.string().optional(), note: z.string().optional() }).optional(),
        customerConfirmation: portalSignature.optional(),
        customerRating: z
          .object({
            score: z.number().int(),
            comment: z.string().optional(),
            name: z.string(),
            email: z.string(),
            at: z.string(),
          })
          .optional(),
      }),
    ),
    customerAcceptance: z
      .looseObject({
        signedBy: z.string(),
        signedOn: date,
        recordedBy: z.string(),
        recordedAt: timestamp,
        portal: portalSignature.optional(),
      })
      .optional(),
    handover: z
      .looseObject({ termStart: date, contractEnd: date, annualValue: z.number(), customerSuccessOwner: z.string() })
      .optional(),
    pendingNext: z
      .looseObject({ workflowType: z.string(), workflowId: z.string() })
      .optional()
      .meta({ description: 'The renewal follow-up asked for at handover, until it has started' }),
    renewalWorkflowId: z
      .string()
      .optional()
      .meta({ description: 'Deprecated: the same as nextPlaybook.workflowId, kept for clients that read it' }),
    nextPlaybook: nextPlaybookField,
    outcome: z
      .object({
        stage: z.enum(['handed_over', 'cancelled']),
        at: timestamp,
        by: z.string(),
        reason: z.string().optional(),
      })
      .optional(),
    endedAt: timestamp.optional(),
    customerReminders: customerRemindersField,
    ...liveLogFields('handoff', z.array(liveTimelineEventSchema({ milestoneKey: z.string().optional() }))),
  })
  .meta({ id: 'HandoffState' });
