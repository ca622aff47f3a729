import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../db/prisma';
import type { NotificationOutbox, Prisma } from '../../db/generated/client';
import type { NotifyWebhook, WebhookFormat } from '../../runtime/config';
import type { Logger } from '../../runtime/logger';

/** Where outbox rows go: the configured chat webhooks, or the log when there are none. */
export type NotificationSink = NotifyWebhook | { name: 'log'; format: 'log' };

const WEBHOOK_TIMEOUT_MS = 5_000;

export function notificationSinks(webhooks: readonly NotifyWebhook[] = []): NotificationSink[] {
  return webhooks.length > 0 ? [...webhooks] : [{ name: 'log', format: 'log' }];
}

/** The names the run projection writes one outbox row for, per notifying event. */
export function sinkNames(sinks: readonly NotificationSink[]): string[] {
  return sinks.map((sink) => sink.name);
}

/** The chat message: the event's text, then why it fired (when a timer fired it), so nobody has to guess. */
export function messageText(row: Pick<NotificationOutbox, 'text' | 'cause'>): string {
  const why = describeCause(row.cause);
  return why ? `${row.text}\n${why}` : row.text;
}

function describeCause(cause: Prisma.JsonValue): string | undefined {
  if (cause === null || typeof cause !== 'object' || Array.isArray(cause)) return undefined;
  const text = (key: string) => (typeof cause[key] === 'string' ? (cause[key] as string) : undefined);
  const parts = [
    text('rule'),
    text('dueDate') && `due ${text('dueDate')}`,
    text('calendar') && `${text('calendar')} calendar`,
  ].filter(Boolean);
  return parts.length > 0 ? `Why: ${parts.join('; ')}` : undefined;
}

export function webhookBody(format: WebhookFormat, text: string): unknown {
  return format === 'slack' ? { text } : { msgtype: 'text', text: { content: text } };
}

export interface DeliveryResult {
  /** Rows this call marked delivered. */
  delivered: number;
  /** Rows of the run still pending afterwards, including those of sinks no longer configured. */
  pending: number;
}

/**
 * The deliverNotifications activity: sends a run's pending outbox rows, in event order, to their
 * sinks. Delivery is at least once: a row is marked delivered only after its sink accepted it, and
 * only if it is still pending, so a retry or a concurrent deliverer may resend but never counts twice.
 * When a sink fails it gets nothing more in this attempt (its rows stay in order), other sinks carry
 * on, and the activity fails at the end so Temporal retries it with backoff.
 */
export function createNotificationDelivery(db: Database, sinks: readonly NotificationSink[], logger: Logger) {
  const sinksByName = new Map(sinks.map((sink) => [sink.name, sink]));

  async function send(sink: NotificationSink, row: NotificationOutbox): Promise<void> {
    if (sink.format === 'log') {
      const { launchId, eventN, role, person, cause } = row;
      logger.info({ notification: { launchId, eventN, role, person, cause } }, row.text);
      return;
    }
    const response = await fetch(sink.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookBody(sink.format, messageText(row))),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    const answer = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    // WeCom answers 200 even when it refuses a message; the refusal is in errcode.
    const errcode = sink.format === 'wecom' ? wecomErrcode(answer) : 0;
    if (errcode !== 0) throw new Error(`WeCom errcode ${errcode}`);
  }

  return {
    async deliverNotifications({ launchId }: { launchId: string }): Promise<DeliveryResult> {
      const rows = await db.notificationOutbox.findMany({
        where: { launchId, status: 'pending' },
        orderBy: [{ eventN: 'asc' }, { sink: 'asc' }],
      });
      const failed = new Map<string, string>();
      const unconfigured = new Set<string>();
      let delivered = 0;
      for (const row of rows) {
        const sink = sinksByName.get(row.sink);
        if (!sink) unconfigured.add(row.sink);
        if (!sink || failed.has(row.sink)) continue;
        const key = { launchId, eventN: row.eventN, sink: row.sink, status: 'pending' };
        try {
          await send(sink, row);
        } catch (error) {
          const reason = describeError(error, sink);
          failed.set(row.sink, reason);
          await db.notificationOutbox.updateMany({
            where: key,
            data: { attempts: { increment: 1 }, lastError: reason },
          });
          logger.warn(
            { launchId, eventN: row.eventN, sink: row.sink, error: reason },
            'notification not delivered; will retry',
          );
          continue;
        }
        const marked = await db.notificationOutbox.updateMany({
          where: key,
          data: { status: 'delivered', deliveredAt: new Date(), attempts: { increment: 1 } },
        });
        delivered += marked.count;
      }
      // Rows of a sink removed from NOTIFY_WEBHOOKS are kept, not failed: retrying cannot help, and
      // they go out if the sink comes back. Failing here would retry the activity forever.
      if (unconfigured.size > 0) {
        logger.warn(
          { launchId, sinks: [...unconfigured] },
          'notifications kept pending: their sinks are no longer configured',
        );
      }
      const left = await db.notificationOutbox.findMany({
        where: { launchId, status: 'pending' },
        select: { sink: true },
      });
      if (failed.size > 0) {
        const waiting = left.filter((row) => sinksByName.has(row.sink)).length;
        const reasons = [...failed].map(([name, reason]) => `${name}: ${reason}`).join(', ');
        throw ApplicationFailure.retryable(
          `${waiting} notification(s) of launch ${launchId} still pending (${reasons})`,
          'NotificationsPending',
        );
      }
      return { delivered, pending: left.length };
    },
  };
}

function wecomErrcode(answer: string): number {
  try {
    const parsed: unknown = JSON.parse(answer);
    const errcode = (parsed as { errcode?: unknown } | null)?.errcode;
    return typeof errcode === 'number' ? errcode : 0;
  } catch {
    return 0;
  }
}

/** What went wrong, for last_error and logs: never the webhook URL, which is a secret. */
function describeError(error: unknown, sink: NotificationSink): string {
  // Read by shape, not instanceof: fetch's errors may come from another realm (e.g. under jest).
  const {
    name,
    message = String(error),
    cause,
  } = (error ?? {}) as { name?: unknown; message?: string; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause.
  const described = typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
  return sink.format === 'log' ? described : described.split(sink.url).join('<webhook url>');
}
