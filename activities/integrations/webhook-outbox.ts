import { Webhook } from 'standardwebhooks';
import type { Prisma, WebhookDelivery } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import {
  caseEventsOf,
  type CaseEventOut,
  type CaseOwner,
  type TimelineEntry,
} from '../../domain/integrations/case-events';

/**
 * Case events out (issue 18) through an outbox, the way mail notices go out: the projection writes
 * one row per event and subscription in the transaction that stores the case (keyed by a message id
 * fixed per event, so a retried projection adds nothing); a sender claims due rows (a lease, so
 * several workers never send one at once and a sender that died hands it on), POSTs each signed as
 * Standard Webhooks specifies with the same webhook-id on every attempt, and marks it delivered.
 * A failure retries with backoff (5 s doubling, up to 10 min); a subscription failing
 * DISABLE_AFTER_FAILURES times in a row is disabled and the admins are told.
 */

const CLAIM_SECONDS = 60;
const MAX_BACKOFF_SECONDS = 600;
const TIMEOUT_MS = 10_000;
export const DISABLE_AFTER_FAILURES = 50;

export async function enqueueCaseEvents(
  tx: Prisma.TransactionClient,
  owner: CaseOwner,
  stageHistory: readonly { stage: string; enteredAt: string }[],
  entries: readonly TimelineEntry[],
): Promise<void> {
  await enqueueCaseEventsOut(tx, owner.caseId, caseEventsOf(owner, stageHistory, entries));
}

/**
 * Writes these case events for each subscription that asked for their kind (once per message id):
 * enabled ones, and ones a failure streak disabled, whose events wait for an admin to enable them
 * again (an admin's own disable stops them).
 */
export async function enqueueCaseEventsOut(
  tx: Prisma.TransactionClient,
  caseId: string,
  events: readonly CaseEventOut[],
): Promise<void> {
  if (events.length === 0) return;
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { OR: [{ enabled: true }, { disabledWhy: { not: null } }] },
  });
  if (subscriptions.length === 0) return;
  const data = subscriptions.flatMap((subscription) =>
    events
      // A subscriber hears what happens from its subscription on, not a case's past when that case next changes.
      .filter(
        (event) => subscription.kinds.includes(event.kind) && !(Date.parse(event.message.at) < +subscription.createdAt),
      )
      .map((event) => ({
        subscriptionId: subscription.id,
        messageId: event.messageId,
        caseId,
        eventN: event.eventN,
        kind: event.kind,
        payload: event.message as unknown as Prisma.InputJsonValue,
      })),
  );
  if (data.length > 0) await tx.webhookDelivery.createMany({ data, skipDuplicates: true });
}

export interface WebhookRound {
  delivered: number;
  failed: number;
  disabled: string[];
}

export async function deliverDueWebhooks(
  db: Database,
  { limit = 100, disableAfter = DISABLE_AFTER_FAILURES }: { limit?: number; disableAfter?: number } = {},
): Promise<WebhookRound> {
  const round: WebhookRound = { delivered: 0, failed: 0, disabled: [] };
  const claimed = await claim(db, limit);
  if (claimed.length === 0) return round;
  const subscriptions = new Map(
    (
      await db.webhookSubscription.findMany({
        where: { id: { in: [...new Set(claimed.map((row) => row.subscriptionId))] } },
      })
    ).map((subscription) => [subscription.id, subscription]),
  );
  // Each subscription hears its events in order: while an older one waits out its backoff (or
  // another sender holds it), the newer ones wait too; one that fails in this round stops the rest.
  const claimedIds = new Set(claimed.map((row) => `${row.subscriptionId}\n${row.messageId}`));
  const failedNow = new Set<string>();
  for (const subscriptionId of subscriptions.keys()) {
    const oldest = await db.webhookDelivery.findFirst({
      where: { subscriptionId, status: { not: 'delivered' } },
      orderBy: [{ createdAt: 'asc' }, { caseId: 'asc' }, { eventN: 'asc' }],
    });
    if (oldest && !claimedIds.has(`${subscriptionId}\n${oldest.messageId}`)) failedNow.add(subscriptionId);
  }
  for (const row of claimed) {
    const subscription = subscriptions.get(row.subscriptionId);
    if (!subscription || !subscription.enabled || failedNow.has(row.subscriptionId)) {
      await release(db, row, { status: 'pending', claimedUntil: null });
      continue;
    }
    try {
      await post(subscription.url, subscription.secret, row);
    } catch (error) {
      failedNow.add(row.subscriptionId);
      const backoff = Math.min(5 * 2 ** row.attempts, MAX_BACKOFF_SECONDS);
      await release(db, row, {
        status: 'pending',
        attempts: { increment: 1 },
        claimedUntil: new Date(Date.now() + backoff * 1000),
        lastError: describe(error),
      });
      round.failed += 1;
      const streak = await db.webhookSubscription.update({
        where: { id: subscription.id },
        data: { failureStreak: { increment: 1 } },
      });
      if (streak.failureStreak >= disableAfter && streak.enabled) {
        await disable(
          db,
          subscription.id,
          `${streak.failureStreak} failed attempts in a row; last: ${describe(error)}`,
        );
        round.disabled.push(subscription.id);
      }
      continue;
    }
    await release(db, row, {
      status: 'delivered',
      deliveredAt: new Date(),
      attempts: { increment: 1 },
      claimedUntil: null,
      lastError: null,
    });
    await db.webhookSubscription.update({ where: { id: subscription.id }, data: { failureStreak: 0 } });
    round.delivered += 1;
  }
  return round;
}

async function post(url: string, secret: string, row: WebhookDelivery): Promise<void> {
  const body = JSON.stringify(row.payload);
  const at = new Date();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': row.messageId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(row.messageId, at, body),
    },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

/** The subscription stops receiving; each admin gets an inbox notice saying which and why. */
async function disable(db: Database, id: string, why: string): Promise<void> {
  await db.webhookSubscription.update({
    where: { id },
    data: { enabled: false, disabledAt: new Date(), disabledWhy: why },
  });
  const admins = await db.person.findMany({
    where: { roles: { has: 'admin' } },
    select: { email: true, language: true },
  });
  if (admins.length === 0) return;
  const said = {
    en: `Webhook subscription ${id} was disabled: ${why}. Fix the receiver, then enable it again; nothing was lost.`,
    zh: `Webhook 订阅 ${id} 已停用：${why}。请修复接收方后重新启用；没有丢失任何事件。`,
  };
  await db.notice.createMany({
    data: admins.map(({ email, language }) => ({
      id: `webhook-disabled:${id}:${Date.now()}:${email}`,
      caseId: `webhook:${id}`,
      eventN: 0,
      person: email,
      channel: 'inbox',
      kind: 'escalated',
      playbook: 'launch',
      link: '/integrations',
      language: language === 'zh' ? 'zh' : 'en',
      subject: language === 'zh' ? `Webhook 订阅 ${id} 已停用` : `Webhook subscription ${id} disabled`,
      text: language === 'zh' ? said.zh : said.en,
      status: 'delivered',
      deliveredAt: new Date(),
    })),
    skipDuplicates: true,
  });
}

async function claim(db: Database, limit: number): Promise<WebhookDelivery[]> {
  const keys = await db.$queryRaw<{ subscription_id: string; message_id: string }[]>`
    UPDATE webhook_delivery SET status = 'sending', claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
    WHERE (subscription_id, message_id) IN (
      SELECT subscription_id, message_id FROM webhook_delivery
      WHERE status IN ('pending', 'sending') AND (claimed_until IS NULL OR claimed_until < now())
        -- A disabled subscription's backlog waits without taking the round's places from the others.
        AND subscription_id IN (SELECT id FROM webhook_subscription WHERE enabled)
      ORDER BY created_at, case_id, event_n
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING subscription_id, message_id`;
  if (keys.length === 0) return [];
  return db.webhookDelivery.findMany({
    where: { OR: keys.map((key) => ({ subscriptionId: key.subscription_id, messageId: key.message_id })) },
    orderBy: [{ createdAt: 'asc' }, { caseId: 'asc' }, { eventN: 'asc' }],
  });
}

/** Ends this sender's claim; one another sender took over meanwhile is left to it. */
async function release(db: Database, row: WebhookDelivery, data: Prisma.WebhookDeliveryUpdateManyMutationInput) {
  await db.webhookDelivery.updateMany({
    where: {
      subscriptionId: row.subscriptionId,
      messageId: row.messageId,
      status: 'sending',
      claimedUntil: row.claimedUntil,
    },
    data,
  });
}

function describe(error: unknown): string {
  const {
    name,
    message = String(error),
    cause,
  } = (error ?? {}) as {
    name?: unknown;
    message?: string;
    cause?: { code?: unknown };
  };
  if (name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return (typeof cause?.code === 'string' ? `${message} (${cause.code})` : message).slice(0, 500);
}
