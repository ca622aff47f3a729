import { z } from 'zod';
import { ROLES } from '../../domain/shared/roles';
import { actionEffortFields, textSchema } from './read-model';

/** Parts every playbook's live state shares in its responses (POC trials, deals, handoffs, renewals). */

export const timestamp = z.iso.datetime();

/** One event of a case's live timeline; `subject` names what it is about (a criterion, a milestone, a term...). */
export function liveTimelineEventSchema<Subject extends z.ZodRawShape>(subject: Subject) {
  return z.object({
    n: z.number().int(),
    at: timestamp,
    type: z.string(),
    actor: z.string(),
    ...actionEffortFields,
    ...subject,
    summary: z.string(),
    message: textSchema.optional(),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
    cause: z.looseObject({}).optional().meta({ description: 'Why a reminder or escalation fired' }),
    notify: z.object({ role: z.enum(ROLES), person: z.string().optional() }).optional(),
  });
}

/** The next playbook of the customer lifecycle a case started (or found already there). */
export const nextPlaybookSchema = z
  .object({
    workflowType: z.enum(['dealSupport', 'deliveryHandoff', 'renewalFollowUp']),
    workflowId: z.string(),
    status: z.enum(['started', 'already-started']),
    at: timestamp,
  })
  .meta({ id: 'NextPlaybookStarted' });

/** What every live state ends with: its latest events and its version; `noun` names the case, e.g. "trial". */
export function liveLogFields<Timeline extends z.ZodType>(noun: string, timeline: Timeline) {
  return {
    timeline,
    eventCount: z.number().int(),
    firedAlarms: z.array(z.string()),
    seq: z
      .number()
      .int()
      .meta({ description: `Version of the ${noun}; send it back as If-Match to act only on what you saw` }),
  };
}

/** The case a case came from in the customer lifecycle (`api` when started through the API). */
export const lifecycleSourceSchema = z
  .object({ playbook: z.enum(['poc-trial', 'deal-support', 'delivery-handoff', 'api']), id: z.string().optional() })
  .meta({ id: 'LifecycleSource' });

/** The lifecycle step a closing deal-support case or POC trial took. */
export const nextPlaybookField = nextPlaybookSchema
  .optional()
  .meta({ description: 'The next playbook of the customer lifecycle this case started' });
