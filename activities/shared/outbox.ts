import { Prisma } from '../../db/generated/client';
import type { Role } from '../../domain/shared/roles';

/** A JSON column's value: SQL NULL when there is none. */
export const jsonColumn = (value: unknown) => (value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** What a playbook's timeline event carries that the outbox needs (run and POC events alike). */
export interface NotifyingEvent {
  n: number;
  summary: string;
  cause?: object;
  notify?: { role: Role; person?: string };
}

/**
 * One outbox row per notifying event and sink, in the caller's transaction, so the event and its
 * notifications are stored together. Rows are keyed by (owner, event number, sink): a retried
 * projection adds nothing twice. `ownerId` is what deliverNotifications is called with (a run's
 * launch id, a trial's id).
 */
export async function insertOutboxRows(
  tx: Prisma.TransactionClient,
  ownerId: string,
  events: readonly NotifyingEvent[],
  sinkNames: readonly string[],
): Promise<void> {
  const data = events.flatMap(({ n, summary, cause, notify }) =>
    notify
      ? sinkNames.map((sink) => ({
          launchId: ownerId,
          eventN: n,
          sink,
          role: notify.role,
          person: notify.person ?? null,
          text: summary,
          cause: jsonColumn(cause),
        }))
      : [],
  );
  if (data.length === 0) return;
  await tx.notificationOutbox.createMany({ data, skipDuplicates: true });
}
