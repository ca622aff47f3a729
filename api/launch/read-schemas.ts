import { z } from 'zod';
import type { TimelineEventType } from '../../domain/launch/types';
import { regionSchema } from '../auth/principal';
import { cursorSchema, dateRangeCheck, pageLimit, person, queryBoolean, queryDateSchema } from '../shared/fields';
import { slug } from './schemas';
import { date, summaryPage, timelineEntry, timelinePage, timelineQueryFields } from '../shared/read-model';

/** Schemas of the read-model endpoints: launch lists, run timelines and task lists. */

export const LAUNCH_STATUSES = ['active', 'launched', 'cancelled', 'closed', 'ready'] as const;
export const OPEN_ITEM_STATUSES = ['blocked', 'ready', 'in_progress'] as const;

/** Every timeline event type, as a filter; listing them in a record makes the compiler name any type added later. */
const EVENT_TYPE_SET: Record<TimelineEventType, true> = {
  'run.started': true,
  'item.started': true,
  'item.completed': true,
  'item.skipped': true,
  'item.reopened': true,
  'item.assigned': true,
  'item.commented': true,
  'item.rescheduled': true,
  'item.signed-off': true,
  'item.unblocked': true,
  'item.overdue': true,
  'item.reminder': true,
  'item.escalation': true,
  'item.occurrence-added': true,
  'gate.signed-off': true,
  'gate.sign-offs-revoked': true,
  'gate.go': true,
  'gate.no-go': true,
  'run.launch-date-changed': true,
  'run.cancelled': true,
  'run.closed': true,
};
export const EVENT_TYPES = Object.keys(EVENT_TYPE_SET) as [TimelineEventType, ...TimelineEventType[]];

export const launchIdParamsSchema = z.object({
  id: slug('launch id').meta({ description: 'Business key of the launch', example: 'crm-v2' }),
});

export const listLaunchesQuerySchema = z
  .strictObject({
    status: z.enum(LAUNCH_STATUSES).optional(),
    overdue: queryBoolean.optional().meta({ description: 'true: runs with overdue items; false: runs without' }),
    owner: person
      .optional()
      .meta({ description: 'A person: runs where an item is assigned to them or they own a role' }),
    region: regionSchema.optional().meta({ description: 'Runs in this region (company-wide runs have none)' }),
    launchDateFrom: queryDateSchema.optional().meta({ description: 'Earliest launch date, inclusive' }),
    launchDateTo: queryDateSchema.optional().meta({ description: 'Latest launch date, inclusive' }),
    limit: pageLimit(200, 50),
    cursor: cursorSchema.optional(),
  })
  .superRefine(dateRangeCheck('launchDateFrom', 'launchDateTo'));

export const timelineQuerySchema = z.strictObject({
  ...timelineQueryFields(EVENT_TYPES),
  itemKey: slug('item key').optional().meta({ description: "Only this item's events" }),
});

export const launchSummarySchema = z
  .object({
    launchId: z.string(),
    workflowId: z.string(),
    productName: z.string(),
    launchDate: date,
    regions: z.array(z.string()),
    status: z.enum(LAUNCH_STATUSES),
    itemsTotal: z.number().int(),
    itemsDone: z.number().int(),
    itemsOverdue: z.number().int(),
    nextDueDate: date.nullable().meta({ description: 'Earliest due date among open items' }),
    template: z
      .object({ key: z.string(), version: z.number().int() })
      .nullable()
      .meta({ description: 'Null for runs of the first, fixed checklist' }),
    owners: z.record(z.string(), z.string()).meta({ description: 'The person answering for each role' }),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'LaunchSummary' });

export const launchSummaryPageSchema = summaryPage('LaunchSummaryPage', launchSummarySchema);

export const timelineEntrySchema = timelineEntry({
  id: 'TimelineEntry',
  actorDescription: 'Who acted; baton for timers',
  subject: { itemKey: z.string().nullable(), gateKey: z.string().nullable() },
  causeDescription:
    'Why a reminder, escalation or overdue flag fired: itemKey, itemTitle, rule, dueDate, calendar, scheduledFor',
});

export const timelinePageSchema = timelinePage('TimelinePage', timelineEntrySchema);
