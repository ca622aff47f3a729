import { z } from 'zod';
import { templateChoiceSchema } from '../shared/template-choice';
import {
  customerContactsSchema,
  customerRemindersField,
  pocCustomerFields,
  renewalCustomerResponseSchema,
} from '../portal/schemas';
import { lifecycleSourceSchema, liveLogFields, liveTimelineEventSchema, timestamp } from '../shared/case-state-schemas';
import { healthFiguresSchema } from '../../domain/renewal/health-schema';
import {
  CHURN_REASONS,
  HEALTH_BANDS,
  RENEWAL_OUTCOMES,
  RENEWAL_STAGES,
  RENEWAL_STEP_KEYS,
} from '../../domain/renewal/types';
import { ROLES } from '../../domain/shared/roles';
import { regionSchema, roleSchema } from '../auth/principal';
import { planningDate } from '../shared/fields';
import { caseProfileSchema, profileFields } from '../insights/profile-fields';

const text = (max: number) => z.string().trim().min(1).max(max);
const person = text(200);
const note = text(2000).optional();
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug');
const amount = z.number().min(0).max(1e12);
const days = (description: string) => z.number().int().min(1).max(3660).optional().meta({ description });

/** The rules a renewal may set at its start; every one left out takes its default (see the README). */
const renewalRulesSchema = z
  .strictObject({
    healthReviewDaysBefore: days('Days before the contract end the health review is due (default 120)'),
    proposalDaysBefore: days('... the renewal proposal (default 90)'),
    negotiationDaysBefore: days('... the negotiation (default 60)'),
    outcomeDaysBefore: days('... the outcome (default 30)'),
    lastCallDaysBefore: days('Days before the contract end an undecided renewal escalates as a last call (default 7)'),
    stepRemindersBefore: z
      .array(z.number().int().min(0).max(60))
      .max(5)
      .optional()
      .meta({ description: 'Business days before each step a reminder goes out (default [5, 1])' }),
    stepEscalationDaysAfter: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .meta({ description: 'Business days after a step was due it escalates to the ops manager (default 3)' }),
    watchBelow: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Health scores below this are "watch" (default 70)' }),
    atRiskBelow: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Health scores below this are "at-risk" and escalate at once (default 50)' }),
    stepOwners: z
      .partialRecord(z.enum(RENEWAL_STEP_KEYS), roleSchema)
      .optional()
      .meta({ description: 'The role owning each step (default customer_success)' }),
  })
  .meta({ id: 'RenewalRules' });

export const startRenewalSchema = z
  .strictObject({
    account: text(200),
    region: regionSchema,
    contractId: text(100).meta({ description: "The contract's business key" }),
    termStart: planningDate.meta({ description: 'First day of the current term' }),
    contractEnd: planningDate.meta({ description: 'Last day of the current term; not before today' }),
    value: amount.meta({ description: 'Annual contract value' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. CNY')
      .optional(),
    tier: slug.optional().meta({ description: 'Customer tier, e.g. strategic, key, standard (default standard)' }),
    customerSuccessOwner: person.optional(),
    opsManager: person
      .optional()
      .meta({ description: 'The ops manager escalations name; the role is told when omitted' }),
    calendar: slug.optional().meta({
      description:
        'Working-day calendar reminders and escalations count on. Omitted: the calendar mapped to the region on the board, else mon-fri.',
    }),
    rules: renewalRulesSchema.optional().meta({
      description: 'Rules this renewal sets itself, over those of its template; left out: the template decides',
    }),
    template: templateChoiceSchema(
      'renewal',
      "the template mapped to the customer's tier on the board, else the latest version of renewal",
    ),
    customerContacts: customerContactsSchema
      .optional()
      .meta({ description: "The customer's people, whom staff may invite to the portal (editable later)" }),
    ...profileFields,
  })
  .superRefine((body, context) => {
    if (body.contractEnd < body.termStart) {
      context.addIssue({
        code: 'custom',
        path: ['contractEnd'],
        message: `contractEnd (${body.contractEnd}) is before termStart (${body.termStart})`,
      });
    }
    const today = new Date().toISOString().slice(0, 10);
    if (body.contractEnd < today) {
      context.addIssue({
        code: 'custom',
        path: ['contractEnd'],
        message: `contractEnd (${body.contractEnd}) has passed (today is ${today}): record that contract's outcome where it was decided`,
      });
    }
  })
  .meta({ id: 'StartRenewal' });

export const renewalParamsSchema = z.object({
  id: z.string().min(1).max(500).meta({ description: 'The renewal id (renewal:<account>:<contract>), URL-encoded' }),
});

export const healthCheckBodySchema = z.strictObject({ note }).meta({ id: 'RenewalHealthCheck' });
export const proposalSchema = z
  .strictObject({
    value: amount.meta({ description: 'The proposed annual value' }),
    note,
    link: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .meta({ id: 'RenewalProposal' });
export const negotiationSchema = z
  .strictObject({
    note: text(4000),
    expectedValue: amount.optional().meta({ description: 'The value the customer is now expected to sign' }),
  })
  .meta({ id: 'RenewalNegotiationNote' });
export const outcomeSchema = z
  .strictObject({
    outcome: z.enum(RENEWAL_OUTCOMES),
    newValue: amount.optional().meta({
      description:
        'The next term’s annual value: required for expanded (higher) and downgraded (lower); a renewal keeps the value',
    }),
    nextContractEnd: planningDate
      .optional()
      .meta({ description: 'Last day of the next term; by default the next term is as long as this one' }),
    churnReason: z.enum(CHURN_REASONS).optional().meta({ description: 'Required for churned' }),
    note: text(2000).optional().meta({ description: 'Required for churned: what happened' }),
  })
  .superRefine((body, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if ((body.outcome === 'expanded' || body.outcome === 'downgraded') && body.newValue === undefined)
      issue('newValue', `${body.outcome} needs the new value`);
    if (body.outcome === 'churned') {
      if (!body.churnReason) issue('churnReason', 'a churn needs its reason');
      if (!body.note) issue('note', 'a churn needs a note saying what happened');
      if (body.newValue !== undefined) issue('newValue', 'a churned contract has no new value');
      if (body.nextContractEnd !== undefined) issue('nextContractEnd', 'a churned contract has no next term');
    } else if (body.churnReason) {
      issue('churnReason', 'only a churn has a churn reason');
    }
  })
  .meta({ id: 'RenewalOutcome' });
export const assignRenewalSchema = z.strictObject({ customerSuccessOwner: person, note }).meta({ id: 'AssignRenewal' });
export { healthFiguresSchema };

const date = z.iso.date();

const assessmentSchema = z.object({
  figures: z.looseObject({ seatsPurchased: z.number(), activeUsers: z.number(), openCriticalTickets: z.number() }),
  score: z.number().int().min(0).max(100),
  band: z.enum(HEALTH_BANDS),
  components: z.array(z.object({ key: z.string(), points: z.number(), max: z.number(), detail: z.string() })),
  source: z.enum(['health-source', 'posted']),
  at: timestamp,
  by: z.string(),
});

export const renewalStateSchema = z
  .object({
    renewalId: z.string(),
    profile: caseProfileSchema.optional(),
    account: z.string(),
    region: z.string(),
    contractId: z.string(),
    currency: z.string().optional(),
    tier: z.string(),
    customerSuccessOwner: z.string().optional(),
    source: lifecycleSourceSchema,
    contacts: z.object({ opsManager: z.string().optional(), sales: z.string().optional() }),
    rules: z.looseObject({}).meta({ description: 'The rules this renewal runs by, pinned when it started' }),
    template: z.object({ key: z.string(), version: z.number().int(), name: z.string() }).optional().meta({
      description: 'The renewal template version its rules came from; absent before templates',
    }),
    calendar: z.string(),
    startedAt: timestamp,
    startedBy: z.string(),
    stage: z.enum(RENEWAL_STAGES),
    stageEnteredAt: timestamp,
    term: z.object({
      number: z.number().int(),
      termStart: date,
      contractEnd: date,
      value: z.number(),
      plannedAt: timestamp,
      compressed: z
        .boolean()
        .meta({ description: 'The contract end was too close for every step when the term was planned' }),
      steps: z.array(
        z.object({
          key: z.enum(RENEWAL_STEP_KEYS),
          title: z.string(),
          ownerRole: z.enum(ROLES),
          dueDate: date,
          status: z.enum(['open', 'done', 'skipped']),
          scheduledAt: timestamp,
          overdue: z.boolean(),
          escalated: z.boolean(),
          doneAt: timestamp.optional(),
          doneBy: z.string().optional(),
          note: z.string().optional(),
        }),
      ),
      proposal: z
        .object({
          value: z.number(),
          at: timestamp,
          by: z.string(),
          note: z.string().optional(),
          link: z.string().optional(),
        })
        .optional(),
      negotiation: z.array(
        z.object({ at: timestamp, by: z.string(), note: z.string(), expectedValue: z.number().optional() }),
      ),
      lastCall: z.boolean(),
      lapsed: z.boolean(),
      health: assessmentSchema.optional(),
      atRisk: z.boolean(),
      decision: z
        .object({
          outcome: z.enum(RENEWAL_OUTCOMES),
          at: timestamp,
          by: z.string(),
          newValue: z.number(),
          churnReason: z.enum(CHURN_REASONS).optional(),
          note: z.string().optional(),
        })
        .optional(),
      customerResponse: renewalCustomerResponseSchema.optional(),
    }),
    pastTerms: z.array(
      z.object({
        number: z.number().int(),
        termStart: date,
        contractEnd: date,
        value: z.number(),
        outcome: z.enum(RENEWAL_OUTCOMES),
        newValue: z.number(),
        churnReason: z.enum(CHURN_REASONS).optional(),
        note: z.string().optional(),
        decidedAt: timestamp,
        decidedBy: z.string(),
        healthScore: z.number().optional(),
        healthBand: z.enum(HEALTH_BANDS).optional(),
        atRisk: z.boolean(),
        overdueSteps: z.array(z.enum(RENEWAL_STEP_KEYS)),
      }),
    ),
    healthCheck: z.object({
      round: z.number().int(),
      status: z.enum(['idle', 'requested', 'succeeded', 'failed', 'by-hand']),
      requestedAt: timestamp.optional(),
      requestedBy: z.string().optional(),
      lastError: z.string().optional(),
      failedAt: timestamp.optional(),
    }),
    endedAt: timestamp.optional(),
    customerContacts: pocCustomerFields.customerContacts,
    customerReminders: customerRemindersField,
    ...liveLogFields(
      'renewal',
      z.array(liveTimelineEventSchema({ term: z.number().int(), stepKey: z.enum(RENEWAL_STEP_KEYS).optional() })),
    ),
  })
  .meta({ id: 'RenewalState' });
