import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { CASE_EVENT_KINDS } from '../../domain/integrations/case-events';
import { recordAudit } from '../admin/audit';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { integrationSays } from './text';

/**
 * Subscriptions to case events (issue 18), for admins: make one (its secret is shown once), list
 * them, read a subscription's delivery log, redeliver one event, and enable one that a long failure
 * streak disabled.
 */

const TAG = 'Integrations';
const idParams = z.object({ id: z.string().regex(/^sub_[0-9a-f-]{36}$/, 'a subscription id (sub_<uuid>)') });
const subscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    kinds: z.array(z.enum(CASE_EVENT_KINDS)),
    enabled: z.boolean(),
    failureStreak: z.number().int(),
    disabledAt: z.iso.datetime().nullable(),
    disabledWhy: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookSubscription' });
const deliverySchema = z
  .object({
    messageId: z.string(),
    caseId: z.string(),
    eventN: z.number().int(),
    kind: z.string(),
    status: z.enum(['pending', 'sending', 'delivered']),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable(),
    payload: z.unknown(),
  })
  .meta({ id: 'WebhookDelivery' });

type SubscriptionRow = Awaited<ReturnType<Database['webhookSubscription']['findFirstOrThrow']>>;
type DeliveryRow = Awaited<ReturnType<Database['webhookDelivery']['findFirstOrThrow']>>;

const present = (row: SubscriptionRow): z.infer<typeof subscriptionSchema> => ({
  id: row.id,
  url: row.url,
  kinds: row.kinds as z.infer<typeof subscriptionSchema>['kinds'],
  enabled: row.enabled,
  failureStreak: row.failureStreak,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  disabledWhy: row.disabledWhy,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});
const presentDelivery = (row: DeliveryRow): z.infer<typeof deliverySchema> => ({
  messageId: row.messageId,
  caseId: row.caseId,
  eventN: row.eventN,
  kind: row.kind,
  status: row.status as z.infer<typeof deliverySchema>['status'],
  attempts: row.attempts,
  nextAttemptAt: row.status === 'delivered' ? null : (row.claimedUntil?.toISOString() ?? null),
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  payload: row.payload,
});

export function subscriptionRoutes(db: Database) {
  const find = async (id: string) => {
    const row = await db.webhookSubscription.findUnique({ where: { id } });
    if (!row) throw new Problem(404, 'Not found', integrationSays('integrations.subscription-not-found', { id }));
    return row;
  };
  /** Turning a subscription off or on by hand: the same route shape, audited under `webhook.<action>`. */
  const switchRoute = (
    action: 'enable' | 'disable',
    what: {
      operationId: string;
      summary: string;
      description: string;
      data: Partial<Pick<SubscriptionRow, 'enabled' | 'failureStreak' | 'disabledAt' | 'disabledWhy'>>;
    },
  ) =>
    defineRoute({
      method: 'post',
      path: `/api/integrations/subscriptions/:id/${action}`,
      operationId: what.operationId,
      summary: what.summary,
      tag: TAG,
      permission: 'integration:manage',
      params: idParams,
      responses: {
        200: { description: what.description, schema: subscriptionSchema },
        404: { description: 'No such subscription' },
      },
      async handle(context) {
        await find(context.params.id);
        const row = await db.webhookSubscription.update({
          where: { id: context.params.id },
          // Disabled now; enabled clears it.
          data: action === 'disable' ? { ...what.data, disabledAt: new Date() } : what.data,
        });
        await recordAudit(db, context, { action: `webhook.${action}`, target: `webhook:${row.id}` });
        return { status: 200, body: present(row) };
      },
    });
  return [
    defineRoute({
      method: 'post',
      path: '/api/integrations/subscriptions',
      operationId: 'createWebhookSubscription',
      summary: 'Subscribe a URL to case events, delivered as Standard Webhooks-signed POSTs',
      tag: TAG,
      permission: 'integration:manage',
      idempotent: true,
      body: z.strictObject({
        url: z.url({ protocol: /^https?$/ }).max(2000),
        kinds: z.array(z.enum(CASE_EVENT_KINDS)).min(1).max(CASE_EVENT_KINDS.length),
      }),
      responses: {
        201: {
          description: 'Subscribed; `secret` (whsec_...) is shown only in this answer',
          schema: subscriptionSchema.extend({ secret: z.string() }),
        },
      },
      async handle(context) {
        const row = await db.webhookSubscription.create({
          data: {
            id: `sub_${randomUUID()}`,
            url: context.body.url,
            kinds: [...new Set(context.body.kinds)],
            secret: `whsec_${randomBytes(24).toString('base64')}`,
            createdBy: context.principal.subject,
          },
        });
        await recordAudit(db, context, {
          action: 'webhook.subscribe',
          target: `webhook:${row.id}`,
          after: present(row),
        });
        return { status: 201, body: { ...present(row), secret: row.secret } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/integrations/subscriptions',
      operationId: 'listWebhookSubscriptions',
      summary: 'Every subscription, enabled or not',
      tag: TAG,
      permission: 'integration:manage',
      responses: {
        200: { description: 'The subscriptions', schema: z.object({ subscriptions: z.array(subscriptionSchema) }) },
      },
      async handle() {
        const rows = await db.webhookSubscription.findMany({ orderBy: { createdAt: 'asc' } });
        return { status: 200, body: { subscriptions: rows.map(present) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/integrations/subscriptions/:id/deliveries',
      operationId: 'listWebhookDeliveries',
      summary: 'A subscription’s delivery log, newest first',
      tag: TAG,
      permission: 'integration:manage',
      params: idParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      responses: {
        200: { description: 'The deliveries', schema: z.object({ deliveries: z.array(deliverySchema) }) },
        404: { description: 'No such subscription' },
      },
      async handle({ params, query }) {
        await find(params.id);
        const rows = await db.webhookDelivery.findMany({
          where: { subscriptionId: params.id },
          orderBy: [{ createdAt: 'desc' }, { messageId: 'desc' }],
          take: query.limit,
        });
        return { status: 200, body: { deliveries: rows.map(presentDelivery) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/integrations/subscriptions/:id/deliveries/:messageId/redeliver',
      operationId: 'redeliverWebhook',
      summary: 'Send one event again (same webhook-id), now',
      tag: TAG,
      permission: 'integration:manage',
      params: idParams.extend({ messageId: z.string().min(1).max(400) }),
      responses: {
        202: { description: 'Queued; the next sender round sends it', schema: deliverySchema },
        404: { description: 'No such subscription or delivery' },
      },
      async handle(context) {
        const { id, messageId } = context.params;
        await find(id);
        const updated = await db.webhookDelivery.updateMany({
          where: { subscriptionId: id, messageId },
          data: { status: 'pending', claimedUntil: null },
        });
        if (updated.count === 0)
          throw new Problem(404, 'Not found', integrationSays('integrations.delivery-not-found', { id, messageId }));
        await recordAudit(db, context, { action: 'webhook.redeliver', target: `webhook:${id}`, after: { messageId } });
        const row = await db.webhookDelivery.findUniqueOrThrow({
          where: { subscriptionId_messageId: { subscriptionId: id, messageId } },
        });
        return { status: 202, body: presentDelivery(row) };
      },
    }),
    switchRoute('disable', {
      operationId: 'disableWebhookSubscription',
      summary:
        'Stop a subscription until it is enabled again: nothing is sent to it and later events are not queued for it',
      description: 'Disabled (by an admin: no automatic reason)',
      data: { enabled: false, disabledWhy: null },
    }),
    switchRoute('enable', {
      operationId: 'enableWebhookSubscription',
      summary: 'Enable a subscription again (after a failure streak disabled it); what waited is sent',
      description: 'Enabled',
      data: { enabled: true, failureStreak: 0, disabledAt: null, disabledWhy: null },
    }),
  ];
}
