import { z } from 'zod';
import { LANGUAGES } from '../../activities/shared/notices/kinds';
import { emailSchema } from '../people/schemas';

/** Schemas of the customer portal: staff invitations, the portal's sign-in, its view of a case and its steps. */

const at = z.iso.datetime();

export const inviteContactSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).meta({ example: 'Li Wei' }),
    email: emailSchema,
    language: z.enum(LANGUAGES).default('en'),
    expiresInDays: z.number().int().min(1).max(60).default(14).meta({ description: 'The link works until then' }),
  })
  .meta({ id: 'PortalInvite' });

export const invitationParamsSchema = z.object({
  id: z.string().min(1).max(300),
  invitationId: z.uuid(),
});

export const portalEventSchema = z
  .object({
    at,
    action: z.string(),
    detail: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'PortalEvent' });

export const invitationSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    name: z.string(),
    email: z.string(),
    language: z.string(),
    invitedBy: z.string(),
    invitedAt: at,
    expiresAt: at,
    revokedAt: at.nullable(),
    revokedBy: z.string().nullable(),
    lastSeenAt: at.nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
    events: z.array(portalEventSchema),
  })
  .meta({ id: 'PortalInvitation' });

const statementSchema = z.object({ en: z.string(), zh: z.string() });
const stepSchema = z.object({
  kind: z.enum(['confirm-milestone', 'accept', 'confirm-criteria', 'feedback', 'request-extension', 'answer-proposal']),
  milestoneKey: z.string().optional(),
  title: z.string().optional(),
  dueDate: z.string().nullable(),
  statement: statementSchema,
});

export const pendingStepSchema = stepSchema.omit({ statement: true }).extend({
  lastRemindedAt: at.nullable().meta({ description: 'When Baton last mailed the invited contacts about this step' }),
  reminders: z
    .number()
    .int()
    .meta({ description: 'How many reminders this step has had; at the last, the case owner is told' }),
});

export const caseParticipationSchema = z
  .object({ invitations: z.array(invitationSchema), pendingSteps: z.array(pendingStepSchema) })
  .meta({ id: 'PortalParticipation' });

export const signInSchema = z
  .strictObject({ invitation: z.string().min(10).max(200).meta({ description: 'The secret from the magic link' }) })
  .meta({ id: 'PortalSignIn' });

export const portalSessionSchema = z
  .object({ token: z.string(), caseId: z.string(), expiresAt: at })
  .meta({ id: 'PortalSession' });

export const portalHandoffSchema = z
  .object({
    playbook: z.literal('handoff'),
    caseId: z.string(),
    account: z.string(),
    project: z.string(),
    stage: z.string(),
    contact: z.object({ name: z.string(), email: z.string(), language: z.string() }),
    kickoffDate: z.string().nullable(),
    targetGoLive: z.string().nullable(),
    milestones: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        status: z.string(),
        dueDate: z.string(),
        completedAt: z.string().nullable(),
        confirmedByCustomer: z.object({ name: z.string(), at: z.string() }).nullable(),
        customerSignOff: z.boolean(),
        rating: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
        rateable: z.boolean(),
      }),
    ),
    acceptance: z
      .object({ signedBy: z.string(), signedOn: z.string(), viaPortal: z.boolean(), text: z.string().nullable() })
      .nullable(),
    steps: z.array(stepSchema),
    seq: z.number().int(),
  })
  .meta({ id: 'PortalHandoff' });

export const portalSignatureSchema = z
  .strictObject({
    text: z.string().trim().min(1).max(2000).meta({ description: 'The statement the portal showed, word for word' }),
    title: z.string().trim().min(1).max(200).optional().meta({ description: 'The signer’s job title' }),
  })
  .meta({ id: 'PortalSignature' });

export const portalRatingSchema = z
  .strictObject({
    score: z.number().int().min(1).max(5).meta({ description: '1 (poor) to 5 (excellent)' }),
    comment: z.string().trim().min(1).max(2000).optional(),
  })
  .meta({ id: 'PortalMilestoneRating' });

export const portalMilestoneParamsSchema = z.object({ key: z.string().min(1).max(100) });

/** A customer contact on a POC or renewal (issue 16): whom staff invite to the portal. */
export const customerContactSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).meta({ example: 'Li Wei' }),
    email: emailSchema,
    language: z.enum(LANGUAGES).default('en'),
  })
  .meta({ id: 'CustomerContact' });

export const customerContactsSchema = z
  .array(customerContactSchema)
  .max(20)
  .refine((contacts) => new Set(contacts.map((contact) => contact.email)).size === contacts.length, {
    message: 'each e-mail address once',
  });

export const setCustomerContactsSchema = z
  .strictObject({ contacts: customerContactsSchema.meta({ description: 'Replaces the list; empty clears it' }) })
  .meta({ id: 'SetCustomerContacts' });

const customerSignatureSchema = z.looseObject({
  name: z.string(),
  email: z.string(),
  at: z.string(),
  text: z.string(),
});

/** What a POC's state carries for the portal, beside its own fields. */
/** The case's record of reminders to the customer (issue 16): when reminding began, what fired, the last per step. */
export const customerRemindersField = z
  .object({
    from: z.string(),
    fired: z.array(z.string()),
    last: z.record(z.string(), z.object({ at: z.string(), round: z.number().int(), since: z.string() })),
  })
  .meta({ id: 'CustomerReminderBook' })
  .optional();

export const pocCustomerFields = {
  customerContacts: z.array(z.object({ name: z.string(), email: z.string(), language: z.enum(LANGUAGES) })).optional(),
  criteriaConfirmation: customerSignatureSchema.optional(),
  customerFeedback: z
    .array(
      z.object({
        at: z.string(),
        name: z.string(),
        email: z.string(),
        health: z.enum(['green', 'amber', 'red']),
        note: z.string().optional(),
      }),
    )
    .optional(),
};

/** The customer's answer to a renewal proposal, as the renewal's state carries it. */
export const renewalCustomerResponseSchema = z.object({
  kind: z.enum(['accepted', 'call-requested']),
  proposalAt: z.string(),
  proposalValue: z.number(),
  signature: customerSignatureSchema,
  note: z.string().optional(),
});

export const portalRenewalSchema = z
  .object({
    playbook: z.literal('renewal'),
    caseId: z.string(),
    account: z.string(),
    contractId: z.string(),
    contact: z.object({ name: z.string(), email: z.string(), language: z.string() }),
    keyDates: z.object({
      termStart: z.string(),
      contractEnd: z.string(),
      decisionDue: z.string().nullable().meta({ description: 'When the renewal is to be decided' }),
    }),
    currency: z.string().nullable(),
    currentValue: z.number(),
    proposal: z
      .object({ value: z.number(), sentAt: z.string(), link: z.string().nullable(), note: z.string().nullable() })
      .nullable(),
    response: z
      .object({
        kind: z.enum(['accepted', 'call-requested']),
        name: z.string(),
        at: z.string(),
        text: z.string().nullable(),
        note: z.string().nullable(),
      })
      .nullable(),
    decided: z.boolean(),
    steps: z.array(
      z.object({
        kind: z.literal('answer-proposal'),
        dueDate: z.string().nullable(),
        statement: z.object({ en: z.string(), zh: z.string() }),
      }),
    ),
    seq: z.number().int(),
  })
  .meta({ id: 'PortalRenewal' });

export const portalProposalAcceptanceSchema = z
  .strictObject({
    text: z.string().trim().min(1).max(2000).meta({ description: 'The statement the portal showed, word for word' }),
  })
  .meta({ id: 'PortalProposalAcceptance' });

export const portalCallRequestSchema = z
  .strictObject({ note: z.string().trim().min(1).max(2000).optional().meta({ description: 'When suits, what about' }) })
  .meta({ id: 'PortalCallRequest' });

export const portalPocSchema = z
  .object({
    playbook: z.literal('poc'),
    caseId: z.string(),
    account: z.string(),
    product: z.string(),
    stage: z.string(),
    contact: z.object({ name: z.string(), email: z.string(), language: z.string() }),
    plannedStart: z.string(),
    kickoffDate: z.string().nullable(),
    endDate: z.string(),
    criteria: z.array(
      z.object({ key: z.string(), description: z.string(), measuredBy: z.string(), status: z.string() }),
    ),
    criteriaConfirmation: z.object({ name: z.string(), at: z.string(), text: z.string() }).nullable(),
    feedback: z.array(z.object({ at: z.string(), name: z.string(), health: z.string(), note: z.string().nullable() })),
    extensions: z.array(
      z.object({
        days: z.number().int(),
        reason: z.string(),
        status: z.string(),
        requestedAt: z.string(),
        byCustomer: z.boolean(),
      }),
    ),
    extensionsLeft: z.object({ count: z.number().int(), days: z.number().int() }),
    steps: z.array(
      z.object({
        kind: z.enum(['confirm-criteria', 'feedback', 'request-extension']),
        dueDate: z.string().nullable(),
        statement: z.object({ en: z.string(), zh: z.string() }).nullable(),
      }),
    ),
    seq: z.number().int(),
  })
  .meta({ id: 'PortalPoc' });

export const portalCriteriaSchema = z
  .strictObject({
    text: z.string().trim().min(1).max(2000).meta({ description: 'The statement the portal showed, word for word' }),
  })
  .meta({ id: 'PortalCriteriaConfirmation' });

export const portalFeedbackSchema = z
  .strictObject({
    health: z.enum(['green', 'amber', 'red']),
    note: z.string().trim().min(1).max(4000).optional().meta({ description: 'Required for amber and red' }),
  })
  .meta({ id: 'PortalFeedback' });

export const portalExtensionSchema = z
  .strictObject({ days: z.number().int().min(1).max(365), reason: z.string().trim().min(1).max(2000) })
  .meta({ id: 'PortalExtensionRequest' });
