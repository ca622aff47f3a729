import type { Database } from '../../db/prisma';
import type { LaunchProjection } from '../../domain/launch/projection';
import type { Role } from '../../domain/shared/roles';
import { titleIn } from '../../domain/launch/shipped-titles';
import { insertNotices, noticeCase, type NoticeCase } from '../shared/notices/write';
import { insertOutboxRows, jsonColumn } from '../shared/outbox';
import { refreshWorkTasks } from '../shared/work-tasks';
import { enqueueCaseEventsOut } from '../integrations/webhook-outbox';
import { entryStageEvents, timelineCaseEvents } from '../../domain/integrations/case-events';

/**
 * Writes a run's read model in one transaction: the run row and its items (only when this
 * projection is newer than the stored one, so a retried older write never wins), its new
 * timeline events, and one outbox row per notifying event and sink. Events and outbox rows
 * are keyed by the event's number, so a retry stores nothing twice.
 */
export function createLaunchProjection(db: Database, sinkNames: readonly string[]) {
  return {
    async projectRun(projection: LaunchProjection): Promise<void> {
      await db.$transaction(async (tx) => {
        const updated = await tx.$executeRaw`
          INSERT INTO launch_run (id, workflow_id, product_name, regions, launch_date, status, items_total, items_done,
                                  items_overdue, template_key, template_version, calendar, owners, next_due_date,
                                  projection_seq, started_at, updated_at)
          VALUES (${projection.launchId}, ${projection.workflowId}, ${projection.productName}, ${projection.regions}::text[],
                  ${projection.launchDate}::date, ${projection.status}, ${projection.itemsTotal}, ${projection.itemsDone},
                  ${projection.itemsOverdue}, ${projection.template.key}, ${projection.template.version}, ${projection.calendar},
                  ${JSON.stringify(projection.owners)}::jsonb, ${projection.nextDueDate}::date, ${projection.seq},
                  ${new Date(projection.startedAt)}, now())
          ON CONFLICT (id) DO UPDATE SET
            product_name = EXCLUDED.product_name, regions = EXCLUDED.regions, launch_date = EXCLUDED.launch_date,
            status = EXCLUDED.status, items_total = EXCLUDED.items_total, items_done = EXCLUDED.items_done,
            items_overdue = EXCLUDED.items_overdue, template_key = EXCLUDED.template_key,
            template_version = EXCLUDED.template_version, calendar = EXCLUDED.calendar, owners = EXCLUDED.owners,
            next_due_date = EXCLUDED.next_due_date, projection_seq = EXCLUDED.projection_seq, updated_at = EXCLUDED.updated_at
          WHERE launch_run.projection_seq < EXCLUDED.projection_seq`;
        if (updated > 0 && projection.changesOnly) {
          // Only what changed since the previous projection, which this one follows (one writer, in seq order).
          for (const item of projection.items) {
            const row = { ...item, dueDate: new Date(`${item.dueDate}T00:00:00Z`) };
            await tx.launchItem.upsert({
              where: { launchId_key: { launchId: projection.launchId, key: item.key } },
              create: { ...row, launchId: projection.launchId },
              update: row,
            });
          }
          for (const gate of projection.gates ?? []) {
            const row = { ...gate, dueDate: new Date(`${gate.dueDate}T00:00:00Z`) };
            await tx.launchGate.upsert({
              where: { launchId_key: { launchId: projection.launchId, key: gate.key } },
              create: { ...row, launchId: projection.launchId },
              update: row,
            });
          }
        } else if (updated > 0) {
          await tx.launchItem.deleteMany({ where: { launchId: projection.launchId } });
          await tx.launchItem.createMany({
            data: projection.items.map((item) => ({
              ...item,
              launchId: projection.launchId,
              dueDate: new Date(`${item.dueDate}T00:00:00Z`),
            })),
          });
          // Projections scheduled before gates were projected carry none: the stored gates stay as they were.
          if (projection.gates) {
            await tx.launchGate.deleteMany({ where: { launchId: projection.launchId } });
            await tx.launchGate.createMany({
              data: projection.gates.map((gate) => ({
                ...gate,
                launchId: projection.launchId,
                dueDate: new Date(`${gate.dueDate}T00:00:00Z`),
              })),
            });
          }
        }
        await refreshWorkTasks(tx, 'launch', projection.launchId);
        if (projection.events.length === 0) return;
        await tx.launchEvent.createMany({
          data: projection.events.map((event) => ({
            launchId: projection.launchId,
            n: event.n,
            at: new Date(event.at),
            type: event.type,
            actor: event.actor,
            itemKey: event.itemKey ?? null,
            gateKey: event.gateKey ?? null,
            actorRole: event.actorRole ?? null,
            effortMinutes: event.effortMinutes ?? null,
            summary: event.summary,
            before: jsonColumn(event.before),
            after: jsonColumn(event.after),
            cause: jsonColumn(event.cause),
          })),
          skipDuplicates: true,
        });
        await insertOutboxRows(tx, projection.launchId, projection.events, sinkNames);
        await insertNotices(tx, launchNoticeCase(projection), projection.events);
        // Subscribers hear of the run's start, its status moves (launched, cancelled, closed) and
        // overdue or escalated items (issue 18); a run spans regions, so the message names them all.
        const owner = {
          playbook: 'launch',
          caseId: projection.launchId,
          region: projection.regions.join(','),
          account: projection.productName,
        };
        await enqueueCaseEventsOut(tx, projection.launchId, [
          ...entryStageEvents(owner, projection.events, 'active', (entry) => /^(run|gate)\./.test(entry.type)),
          ...timelineCaseEvents(owner, projection.events),
        ]);
      });
    },
  };
}

/** A run as its notices name it: the product, its items' titles, and everyone named on it. */
function launchNoticeCase(projection: LaunchProjection): NoticeCase {
  const named = [
    ...Object.values(projection.owners),
    ...projection.items.flatMap((item) => (item.assignee ? [item.assignee] : [])),
  ].filter((person): person is string => typeof person === 'string');
  return {
    ...noticeCase('launch', projection.launchId, projection.productName, projection.regions),
    itemTitles: Object.fromEntries(projection.items.map((item) => [item.key, item.title])),
    itemTitlesZh: Object.fromEntries(projection.items.map((item) => [item.key, titleIn(item.title, 'zh')])),
    namedOnCase: [...new Set(named)],
    itemOwners: Object.fromEntries(
      projection.items.map((item) => {
        const person = item.assignee ?? projection.owners[item.ownerRole as Role];
        return [item.key, { role: item.ownerRole as Role, ...(person ? { person } : {}) }];
      }),
    ),
  };
}
