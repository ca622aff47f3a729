import { z } from 'zod';
import { ROLES } from '../../domain/shared/roles';
import { regionSchema, roleSchema } from '../auth/principal';
import { planningDate } from '../shared/fields';
import { liveLogFields } from '../shared/case-state-schemas';
import { actionEffortFields } from '../shared/read-model';

export const slug = (what: string) =>
  z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      `${what} must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit`,
    );

export const launchIdSchema = slug('launch id').meta({ description: 'Business key of the launch', example: 'crm-v2' });
const person = z.string().trim().min(1).max(200);
const reason = z.string().trim().min(1).max(2000);
export const startLaunchSchema = z
  .strictObject({
    launchId: launchIdSchema,
    productName: z.string().trim().min(1).max(200),
    launchDate: planningDate,
    regions: z
      .array(regionSchema)
      .max(50)
      .refine((regions) => new Set(regions).size === regions.length, 'regions must be unique')
      .default([])
      .meta({ description: 'Regions the launch belongs to; omit for a company-wide launch' }),
    owners: z
      .partialRecord(roleSchema, person)
      .default({})
      .meta({ description: 'The person answering for each role, e.g. {"product_manager": "pat@hq.example"}' }),
    template: z
      .strictObject({
        key: slug('template key').default('launch-readiness'),
        version: z.number().int().min(1).max(1_000_000).optional().meta({ description: 'The latest when omitted' }),
      })
      .default({ key: 'launch-readiness' })
      .meta({ description: 'The playbook template; the run pins this exact version' }),
    calendar: slug('calendar key').optional().meta({
      description:
        'Working-day calendar for business-day offsets. Omitted: the calendar its regions map to on the board (422 when they map to different ones), else mon-fri.',
    }),
  })
  .meta({ id: 'StartLaunch' });

export const launchParamsSchema = z.object({ id: launchIdSchema });
// Item keys of recurring occurrences carry a `--N` suffix.
export const itemParamsSchema = z.object({ id: launchIdSchema, key: slug('item key') });
export const gateParamsSchema = z.object({ id: launchIdSchema, gate: slug('gate key') });

export const completeItemSchema = z
  .strictObject({
    link: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .meta({ description: 'Evidence link (required when the item asks for one)' }),
    note: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .optional()
      .meta({ description: 'Evidence note (required when the item asks for one)' }),
  })
  .meta({ id: 'CompleteItem' });
export const emptyBodySchema = z.strictObject({}).meta({ id: 'NoBody' });
export const reasonSchema = z.strictObject({ reason }).meta({ id: 'Reason' });
export const optionalReasonSchema = z.strictObject({ reason: reason.optional() }).meta({ id: 'OptionalReason' });
export const assignSchema = z.strictObject({ assignee: person }).meta({ id: 'AssignItem' });
export const commentSchema = z.strictObject({ text: z.string().trim().min(1).max(4000) }).meta({ id: 'CommentOnItem' });
export const signOffSchema = z
  .strictObject({
    role: roleSchema
      .optional()
      .meta({ description: 'The role you sign as; needed only when you hold several that could sign' }),
  })
  .meta({ id: 'SignOff' });
export const decisionSchema = z
  .strictObject({
    outcome: z.enum(['go', 'no-go']),
    reasons: reason.optional().meta({ description: 'Required for no-go' }),
    newLaunchDate: planningDate.optional().meta({ description: 'Required for no-go' }),
  })
  .superRefine((decision, context) => {
    if (decision.outcome !== 'no-go') return;
    if (!decision.reasons)
      context.addIssue({ code: 'custom', path: ['reasons'], message: 'a no-go decision needs its reasons' });
    if (!decision.newLaunchDate)
      context.addIssue({
        code: 'custom',
        path: ['newLaunchDate'],
        message: 'a no-go decision needs a new launch date',
      });
  })
  .meta({ id: 'GateDecision' });
export const launchDateChangeSchema = z
  .strictObject({ launchDate: planningDate, reason })
  .meta({ id: 'LaunchDateChange' });
export const itemDueDateChangeSchema = z
  .strictObject({
    dueDate: planningDate.meta({
      description: 'The new due date: an earlier or later day, or a snooze to a later one',
    }),
    reason,
  })
  .meta({ id: 'ItemDueDateChange' });

const alarmCauseSchema = z.object({
  itemKey: z.string(),
  itemTitle: z.string(),
  rule: z.string(),
  dueDate: z.iso.date(),
  calendar: z.string(),
  scheduledFor: z.iso.datetime(),
});

export const timelineEventSchema = z
  .object({
    n: z.number().int(),
    at: z.iso.datetime(),
    type: z.string(),
    actor: z.string(),
    ...actionEffortFields,
    itemKey: z.string().optional(),
    gateKey: z.string().optional(),
    summary: z.string(),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
    cause: alarmCauseSchema.optional().meta({ description: 'Why a reminder or escalation fired' }),
    notify: z.object({ role: z.enum(ROLES), person: z.string().optional() }).optional(),
  })
  .meta({ id: 'TimelineEvent' });

const itemStateSchema = z.object({
  key: z.string(),
  templateKey: z.string(),
  occurrence: z.number().int(),
  title: z.string(),
  phase: z.string(),
  ownerRole: z.enum(ROLES),
  assignee: z.string().optional(),
  dependsOn: z.array(z.string()),
  required: z.boolean(),
  evidenceRequired: z.enum(['none', 'link', 'note']),
  signOffBy: z.enum(ROLES).optional(),
  status: z.enum(['blocked', 'ready', 'in_progress', 'done', 'skipped']),
  waitingOn: z.array(z.string()),
  dueDate: z.iso.date(),
  dueApproximate: z.boolean(),
  dueShiftDays: z
    .number()
    .int()
    .optional()
    .meta({ description: "Days an ops manager moved the due date by, from the template's date" }),
  scheduledAt: z.iso.datetime(),
  overdue: z.boolean(),
  startedAt: z.iso.datetime().optional(),
  completedAt: z.iso.datetime().optional(),
  completedBy: z.string().optional(),
  evidence: z.object({ link: z.string().optional(), note: z.string().optional() }).optional(),
  awaitingSignOff: z.boolean(),
  signedOff: z.object({ by: z.string(), role: z.enum(ROLES), at: z.iso.datetime() }).optional(),
  skipReason: z.string().optional(),
  reopenCount: z.number().int(),
});

const gateStateSchema = z.object({
  key: z.string(),
  title: z.string(),
  dueDate: z.iso.date(),
  requiredItems: z.array(z.string()),
  signOffs: z.array(z.enum(ROLES)),
  signedOff: z.array(z.object({ role: z.enum(ROLES), by: z.string(), at: z.iso.datetime() })),
  decision: z
    .object({
      outcome: z.enum(['go', 'no-go']),
      by: z.string(),
      at: z.iso.datetime(),
      reasons: z.string().optional(),
      newLaunchDate: z.iso.date().optional(),
    })
    .optional(),
});

export const launchStateSchema = z
  .object({
    launchId: z.string(),
    productName: z.string(),
    launchDate: z.iso.date(),
    regions: z.array(z.string()),
    owners: z.partialRecord(z.enum(ROLES), z.string()),
    template: z.object({ key: z.string(), version: z.number().int(), name: z.string() }),
    calendar: z.string(),
    status: z.enum(['active', 'launched', 'cancelled', 'closed']),
    statusReason: z.string().optional(),
    startedAt: z.iso.datetime(),
    startedBy: z.string(),
    launchedAt: z.iso.datetime().optional(),
    endedAt: z.iso.datetime().optional(),
    items: z.array(itemStateSchema),
    gates: z.array(gateStateSchema),
    ...liveLogFields(
      'run',
      z.array(timelineEventSchema).meta({ description: 'The latest events; GET .../timeline has them all' }),
    ),
  })
  .meta({ id: 'LaunchState' });

export const whatIfRequestSchema = z
  .strictObject({
    launchDate: planningDate.optional().meta({ description: 'A launch date to try' }),
    slips: z
      .array(
        z.strictObject({
          itemKey: slug('item key'),
          to: planningDate.meta({ description: 'The day the item would be finished' }),
        }),
      )
      .max(100)
      .optional()
      .meta({ description: 'Open items that would finish late' }),
  })
  .meta({ id: 'WhatIfRequest' });

const whatIfItemSchema = z.object({
  key: z.string(),
  title: z.string(),
  status: z.enum(['blocked', 'ready', 'in_progress', 'done', 'skipped']),
  ownerRole: z.enum(ROLES),
  assignee: z.string().nullable(),
  dueDate: z.iso.date(),
  newDueDate: z.iso.date(),
  projectedFinish: z.iso.date().nullable().meta({
    description:
      'The day it is projected done: the first working day from today, or the working day after its last open dependency (or its gate); null once settled',
  }),
  latestFinish: z.iso.date().nullable().meta({
    description: 'The latest day it may finish without making anything late; null once settled or behind a gate',
  }),
  slackDays: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Calendar days from projectedFinish to latestFinish; negative is late' }),
  behindGate: z.string().nullable(),
  wouldBeOverdue: z.boolean(),
  becomesOverdue: z.boolean().meta({ description: 'Late because of this change' }),
});

export const whatIfResultSchema = z
  .object({
    today: z.iso.date(),
    currentLaunchDate: z.iso.date(),
    launchDate: z.iso.date(),
    items: z.array(whatIfItemSchema),
    gates: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        dueDate: z.iso.date(),
        newDueDate: z.iso.date(),
        decision: z.literal('go').nullable(),
        openItems: z.array(z.string()),
        atRisk: z.boolean().meta({ description: 'Its slack is negative' }),
        projectedReadyDate: z.iso.date(),
        slackDays: z.number().int().nullable().meta({
          description: 'The least slack of the open work it waits on; null once it said go or waits on nothing',
        }),
      }),
    ),
    atRisk: z.boolean().meta({ description: 'Some gate is at risk: the launch date is before the earliest possible' }),
    criticalPathGate: z.string().nullable(),
    criticalPath: z
      .array(
        z.object({
          key: z.string(),
          title: z.string(),
          dueDate: z.iso.date(),
          projectedFinish: z.iso.date(),
          latestFinish: z.iso.date(),
          slackDays: z.number().int(),
        }),
      )
      .meta({
        description: 'The dependency chain with the least slack towards the gate, earliest first; negative is late',
      }),
    newlyOverdue: z.array(z.string()),
    earliestLaunchDate: z
      .object({ date: z.iso.date(), decidingItem: z.string().nullable() })
      .nullable()
      .meta({ description: 'The earliest launch date on which no slack is negative' }),
  })
  .meta({ id: 'WhatIfResult' });
