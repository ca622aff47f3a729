import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { recordAudit } from './audit';
import { hashApiToken, newApiTokenSecret } from '../auth/api-tokens';
import { regionSchema, roleSchema } from '../auth/principal';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';

const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    subject: z.string(),
    roles: z.array(z.string()),
    regions: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });

type TokenRow = Awaited<ReturnType<Database['apiToken']['findFirstOrThrow']>>;

function present(row: TokenRow): z.infer<typeof tokenSchema> {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    roles: row.roles,
    regions: row.regions,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** API tokens for machine clients (CRM, chat, BI): created and revoked by admins; the secret is shown once. */
export function tokenRoutes(db: Database) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/tokens',
      operationId: 'createApiToken',
      summary: 'Create an API token',
      tag: 'API tokens',
      permission: 'token:manage',
      idempotent: true,
      body: z
        .strictObject({
          name: z.string().trim().min(1).max(100),
          subject: z.string().trim().min(1).max(200).meta({ description: 'Who the token acts as, e.g. crm-sync' }),
          roles: z.array(roleSchema).min(1).max(10),
          regions: z.array(regionSchema).max(50).default([]),
        })
        .meta({ id: 'CreateApiToken' }),
      responses: {
        201: {
          description: 'Created; `token` is shown only in this response',
          schema: tokenSchema.extend({ token: z.string() }),
        },
      },
      async handle(context) {
        const secret = newApiTokenSecret();
        const row = await db.apiToken.create({
          data: {
            id: randomUUID(),
            ...context.body,
            tokenHash: hashApiToken(secret),
            createdBy: context.principal.subject,
          },
        });
        await recordAudit(db, context, { action: 'token.create', target: `token:${row.id}`, after: present(row) });
        return {
          status: 201,
          body: { ...present(row), token: secret },
          headers: { Location: `/api/tokens/${row.id}` },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/tokens',
      operationId: 'listApiTokens',
      summary: 'List API tokens',
      tag: 'API tokens',
      permission: 'token:manage',
      responses: {
        200: { description: 'Newest first, secrets never included', schema: z.object({ items: z.array(tokenSchema) }) },
      },
      async handle() {
        const rows = await db.apiToken.findMany({ orderBy: { createdAt: 'desc' } });
        return { status: 200, body: { items: rows.map(present) } };
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/tokens/:id',
      operationId: 'revokeApiToken',
      summary: 'Revoke an API token',
      tag: 'API tokens',
      permission: 'token:manage',
      params: z.object({ id: z.uuid() }),
      responses: { 204: { description: 'Revoked (revoking twice is fine)' }, 404: { description: 'No such token' } },
      async handle(context) {
        const before = await db.apiToken.findUnique({ where: { id: context.params.id } });
        if (!before) throw new Problem(404, 'Not found', `No API token ${context.params.id}`);
        if (!before.revokedAt) {
          const after = await db.apiToken.update({ where: { id: before.id }, data: { revokedAt: new Date() } });
          await recordAudit(db, context, {
            action: 'token.revoke',
            target: `token:${before.id}`,
            before: present(before),
            after: present(after),
          });
        }
        return { status: 204 };
      },
    }),
  ];
}
