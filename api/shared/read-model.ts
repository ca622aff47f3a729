import { z } from 'zod';
import { commaList, pageLimit } from './fields';

/** Parts every playbook's read-model responses and queries share: lists, timelines and their paging. */

export const date = z.iso.date();
export const datetime = z.iso.datetime();
export const nullableJsonObject = (description: string) =>
  z.record(z.string(), z.unknown()).nullable().meta({ description });

/**
 * A text as a catalog key and the facts that fill it (domain/shared/text.ts): the board words it in
 * the reader's language. A fact may itself be a text (a case's name).
 */
export const textSchema = z
  .object({
    key: z.string(),
    params: z.record(z.string(), z.unknown()),
  })
  .meta({
    id: 'Text',
    description: "A summary's catalog key and its facts, to word it in the reader's language; absent on older events",
  });

/** One page of a list read from the read model, behind a keyset cursor. */
export function summaryPage<Item extends z.ZodType>(id: string, item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });
}

/** The paging and event-type filter of every timeline query; `eventTypes` are the playbook's own. */
export function timelineQueryFields<T extends readonly [string, ...string[]]>(eventTypes: T) {
  return {
    after: z.coerce
      .number()
      .int()
      .min(0)
      .max(2_147_483_647)
      .default(0)
      .meta({ description: 'The n of the last event seen; events after it' }),
    limit: pageLimit(500, 100),
    type: commaList(eventTypes)
      .optional()
      .meta({ description: `Comma-separated event types: ${eventTypes.join(', ')}` }),
  };
}

/** What the workflow stamps on the events an action wrote (issue 21), in the read model and the live state alike. */
export const actionEffortFields = {
  actorRole: z
    .string()
    .optional()
    .meta({ description: 'The role the actor acted in (issue 21); absent on system events' }),
  effortMinutes: z
    .int()
    .optional()
    .meta({ description: 'Minutes the actor recorded on this action, on its first event' }),
};

/** One timeline event as the read model stores it; `subject` names what it is about (a criterion, a step...). */
export function timelineEntry<Subject extends z.ZodRawShape>(spec: {
  id: string;
  actorDescription: string;
  subject: Subject;
  causeDescription?: string;
}) {
  return z
    .object({
      n: z.number().int(),
      at: datetime,
      type: z.string(),
      actor: z.string().meta({ description: spec.actorDescription }),
      ...actionEffortFields,
      ...spec.subject,
      summary: z.string(),
      message: textSchema.optional(),
      before: nullableJsonObject('What changed, before'),
      after: nullableJsonObject('What changed, after'),
      cause: nullableJsonObject(
        spec.causeDescription ?? 'Why a reminder or escalation fired: subject, rule, dueDate, calendar, scheduledFor',
      ),
    })
    .meta({ id: spec.id });
}

/** One page of a timeline: events after a sequence number, in order. */
export function timelinePage<Entry extends z.ZodType>(id: string, entry: Entry) {
  return z
    .object({
      items: z.array(entry),
      nextAfter: z
        .number()
        .int()
        .nullable()
        .meta({ description: 'Pass as `after` for the next page; null when this was the last' }),
    })
    .meta({ id });
}
