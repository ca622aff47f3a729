import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { crmMappingSchema } from '../../domain/integrations/mapping';
import { translate } from '../../domain/integrations/translate';
import { pocWorkflowId } from '../../domain/poc/transitions';
import { renewalWorkflowId } from '../../domain/shared/lifecycle';
import { recordAudit } from '../admin/audit';
import { Problem } from '../http/problem';
import { headersLanguage } from '../http/reader-language';
import { wordText, type Language, type Text } from '../../domain/shared/text';
import { defineRoute, type PlaybookRoutesDeps } from '../http/route';
import type { PocRules } from '../../domain/poc/types';
import { crmCommandRunner } from './commands';
import { eventReceiver, isFailure, type Failure } from './receive';
import { verifyEvent } from './signature';
import { integrationStore } from './store';
import { INTEGRATION_TEXT, integrationSays } from './text';
import { sourceParams } from './params';
import { subscriptionRoutes } from './subscriptions';
import { mappingReadRoutes } from './mapping-reads';

/**
 * CRM events in (issue 18): the signed events route each CRM posts to, and the admin routes that set
 * a source's secret, version its mapping, dry-run a payload through a mapping, and read and replay
 * the dead letters.
 */

const TAG = 'Integrations';

const deadLetterParams = z.object({ id: z.string().regex(/^dl_[0-9a-f-]{36}$/, 'a dead letter id (dl_<uuid>)') });

const outcomeSchema = z
  .object({
    command: z.enum(['request-poc', 'update-poc', 'win-poc', 'update-deal', 'win-deal', 'renew-contract']),
    workflowId: z.string(),
    outcome: z.enum(['started', 'updated', 'converted', 'won', 'ignored']),
    applied: z.array(z.string()).optional(),
    ignored: z.array(z.string()).optional(),
    why: z.string().optional(),
  })
  .meta({ id: 'CrmCommandOutcome' });
const appliedSchema = z
  .object({
    eventId: z.string(),
    mappingVersion: z.number().int(),
    duplicate: z.boolean(),
    outcomes: z.array(outcomeSchema),
  })
  .meta({ id: 'CrmEventApplied' });
const deadLetterSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    eventId: z.string().nullable(),
    receivedAt: z.iso.datetime(),
    reason: z.enum(['signature', 'timestamp', 'malformed', 'unmappable', 'refused']),
    problem: z.string(),
    payload: z.string(),
    verified: z.boolean(),
    replayedAt: z.iso.datetime().nullable(),
    replayedBy: z.string().nullable(),
    replayOutcome: z.string().nullable(),
  })
  .meta({ id: 'CrmDeadLetter' });

type DeadLetterRow = Awaited<ReturnType<Database['integrationDeadLetter']['findFirstOrThrow']>>;
/** A dead letter as listed: its problem worded in the reader's language where the letter kept it as a text. */
const present = ({ problemText, ...row }: DeadLetterRow, language: Language): z.infer<typeof deadLetterSchema> => ({
  ...row,
  problem: (problemText && wordText(INTEGRATION_TEXT, problemText as unknown as Text, language)) || row.problem,
  reason: row.reason as z.infer<typeof deadLetterSchema>['reason'],
  receivedAt: row.receivedAt.toISOString(),
  replayedAt: row.replayedAt?.toISOString() ?? null,
});

export interface IntegrationRoutesDeps extends PlaybookRoutesDeps {
  pocRules: Partial<PocRules>;
}

export function integrationRoutes(deps: IntegrationRoutesDeps) {
  const { db } = deps;
  const store = integrationStore(db);
  const receive = eventReceiver(store, crmCommandRunner(deps));
  const failed = (failure: Failure, id: string) =>
    new Problem(
      failure.status,
      failure.reason === 'refused' ? 'Event refused' : 'Event not mappable',
      failure.detail(id),
      {
        deadLetter: id,
        ...(failure.errors ? { errors: failure.errors.map((message) => ({ path: '', message, code: 'custom' })) } : {}),
      },
    );

  const events = defineRoute({
    method: 'post',
    path: '/api/integrations/:source/events',
    operationId: 'receiveCrmEvent',
    summary:
      'Receive a CRM event signed as Standard Webhooks specifies (webhook-id, webhook-timestamp, webhook-signature headers); the body is the CRM payload as JSON',
    tag: TAG,
    permission: 'public',
    params: sourceParams,
    responses: {
      200: { description: 'Applied (or applied before under the same webhook-id: `duplicate`)', schema: appliedSchema },
      401: { description: 'The signature or the timestamp does not verify; kept as a dead letter' },
      404: { description: 'No such source' },
      409: { description: 'The case refuses it as things stand (e.g. won before the trial is active); dead-lettered' },
      422: { description: 'The mapping cannot read it (each problem named); dead-lettered' },
      503: { description: 'Temporal did not answer in time; nothing was recorded, send it again' },
    },
    async handle({ params, request }) {
      const { source } = params;
      const secret = await store.secretOf(source);
      if (!secret) throw new Problem(404, 'Not found', integrationSays('integrations.unknown-source', { source }));
      const rawBody = request?.rawBody ?? Buffer.alloc(0);
      const headers = request?.headers ?? {};
      const headerId = headers['webhook-id'];
      const eventId = (Array.isArray(headerId) ? headerId[0] : headerId)?.slice(0, 200);
      const payload = rawBody.toString('utf8');
      const verification = verifyEvent(secret, rawBody, headers);
      if (!verification.ok) {
        const id = await store.deadLetter({
          source,
          eventId,
          reason: verification.reason,
          problem: verification.message,
          payload,
          verified: false,
        });
        const detail =
          verification.reason === 'timestamp'
            ? integrationSays('integrations.timestamp', { id })
            : integrationSays('integrations.signature', { reason: verification.message, id });
        throw new Problem(401, 'Signature not verified', detail, { deadLetter: id });
      }
      const result = await receive(source, eventId!, payload);
      if (!isFailure(result)) return { status: 200, body: result };
      const id = await store.deadLetter({
        source,
        eventId,
        reason: result.reason,
        problem: result.problem,
        problemText: result.problemText,
        payload,
        verified: true,
      });
      throw failed(result, id);
    },
  });

  const admin = [
    defineRoute({
      method: 'post',
      path: '/api/integrations/:source/secret',
      operationId: 'setCrmSourceSecret',
      summary: 'Set up a CRM source, or replace its secret: a new Standard Webhooks secret, shown only in this answer',
      tag: TAG,
      permission: 'integration:manage',
      params: sourceParams,
      responses: {
        201: {
          description: 'The secret the CRM signs its events with (whsec_...)',
          schema: z.object({ source: z.string(), secret: z.string() }).meta({ id: 'CrmSourceSecret' }),
        },
      },
      async handle(context) {
        const secret = await store.newSecret(context.params.source);
        await recordAudit(db, context, {
          action: 'integration.secret',
          target: `integration:${context.params.source}`,
        });
        return { status: 201, body: { source: context.params.source, secret } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/integrations/:source/mapping',
      operationId: 'getCrmMapping',
      summary: 'The mapping events from this source are read with now (version 0: the one Baton ships)',
      tag: TAG,
      permission: 'integration:manage',
      params: sourceParams,
      responses: {
        200: {
          description: 'The latest version',
          schema: z.object({ source: z.string(), version: z.number().int(), mapping: crmMappingSchema }),
        },
        404: { description: 'No mapping saved and none shipped under this name' },
      },
      async handle({ params }) {
        const found = await store.mappingOf(params.source);
        if (!found)
          throw new Problem(404, 'Not found', integrationSays('integrations.no-mapping', { source: params.source }));
        return { status: 200, body: { source: params.source, version: found.version, mapping: found.mapping } };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/integrations/:source/mapping',
      operationId: 'saveCrmMapping',
      summary: 'Save a mapping as the source’s next version (validated; later events and replays use it)',
      tag: TAG,
      permission: 'integration:manage',
      idempotent: true,
      params: sourceParams,
      body: z.strictObject({ mapping: crmMappingSchema }),
      responses: {
        201: {
          description: 'Saved as this version',
          schema: z.object({ source: z.string(), version: z.number().int() }),
        },
      },
      async handle(context) {
        const { source } = context.params;
        const version = await store.saveMapping(source, context.body.mapping, context.principal.subject);
        await recordAudit(db, context, {
          action: 'integration.mapping',
          target: `integration:${source}`,
          after: { version },
        });
        return { status: 201, body: { source, version } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/integrations/:source/mapping/dry-run',
      operationId: 'dryRunCrmMapping',
      summary: 'What an event would do, through the latest mapping or one given here; nothing is changed',
      tag: TAG,
      permission: 'integration:manage',
      params: sourceParams,
      body: z.strictObject({
        payload: z.record(z.string(), z.unknown()).meta({ description: 'A CRM payload, as the CRM sends it' }),
        mapping: crmMappingSchema.optional().meta({ description: 'A mapping to try instead of the saved one' }),
      }),
      responses: {
        200: {
          description: 'The facts read and the commands they make, or the problems naming each path',
          schema: z.object({
            version: z.number().int().nullable(),
            ok: z.boolean(),
            problems: z.array(z.string()),
            facts: z.record(z.string(), z.unknown()).optional(),
            commands: z.array(z.string()),
            workflowId: z.string().optional(),
          }),
        },
        404: { description: 'No mapping given, saved or shipped under this name' },
      },
      async handle({ params, body, request }) {
        const found = body.mapping ? { version: null, mapping: body.mapping } : await store.mappingOf(params.source);
        if (!found)
          throw new Problem(404, 'Not found', integrationSays('integrations.no-mapping', { source: params.source }));
        const translation = translate(found.mapping, body.payload);
        if (!translation.ok)
          return {
            status: 200,
            body: {
              version: found.version,
              ok: false,
              problems: translation.problems.map(
                (problem) =>
                  wordText(INTEGRATION_TEXT, problem.text, headersLanguage(request?.headers)) ?? problem.message,
              ),
              commands: [],
            },
          };
        return {
          status: 200,
          body: {
            version: found.version,
            ok: true,
            problems: [],
            facts: { ...translation.facts },
            commands: translation.commands.map((command) => command.type),
            workflowId:
              translation.kind === 'contract'
                ? renewalWorkflowId(translation.facts.account, translation.facts.id)
                : pocWorkflowId(translation.facts.account, translation.facts.id),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/integrations/dead-letters',
      operationId: 'listCrmDeadLetters',
      summary: 'CRM events Baton could not apply, newest first',
      tag: TAG,
      permission: 'integration:manage',
      query: z.object({
        source: sourceParams.shape.source.optional(),
        open: z.enum(['true', 'false']).optional().meta({ description: 'true: only those not replayed yet' }),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: {
        200: {
          description: 'The dead letters',
          schema: z.object({ deadLetters: z.array(deadLetterSchema) }),
        },
      },
      async handle({ query, request }) {
        const language = headersLanguage(request?.headers);
        const rows = await db.integrationDeadLetter.findMany({
          where: {
            ...(query.source ? { source: query.source } : {}),
            ...(query.open === 'true' ? { replayedAt: null } : {}),
          },
          orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
          take: query.limit,
        });
        return { status: 200, body: { deadLetters: rows.map((row) => present(row, language)) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/integrations/dead-letters/:id/replay',
      operationId: 'replayCrmDeadLetter',
      summary:
        'Apply a dead letter again through its source’s latest mapping (after the mapping or the case was fixed)',
      tag: TAG,
      permission: 'integration:manage',
      idempotent: true,
      params: deadLetterParams,
      responses: {
        200: { description: 'Applied', schema: appliedSchema },
        404: { description: 'No such dead letter' },
        409: {
          description:
            'Replayed already, never verified (a bad signature or timestamp), or the case still refuses it (the letter keeps the outcome)',
        },
        422: { description: 'The mapping still cannot read it (the letter keeps the outcome)' },
      },
      async handle(context) {
        const { id } = context.params;
        const letter = await db.integrationDeadLetter.findUnique({ where: { id } });
        if (!letter) throw new Problem(404, 'Not found', integrationSays('integrations.dead-letter-not-found', { id }));
        if (!letter.verified || !letter.eventId)
          throw new Problem(409, 'Conflict', integrationSays('integrations.dead-letter-unverified', { id }));
        if (letter.replayedAt && letter.replayOutcome === 'applied')
          throw new Problem(409, 'Conflict', integrationSays('integrations.dead-letter-replayed', { id }));
        const result = await receive(letter.source, letter.eventId, letter.payload);
        const outcome = isFailure(result) ? `${result.reason}: ${result.problem}` : 'applied';
        await db.integrationDeadLetter.update({
          where: { id },
          data: { replayedAt: new Date(), replayedBy: context.principal.subject, replayOutcome: outcome },
        });
        await recordAudit(db, context, {
          action: 'integration.replay',
          target: `integration:${letter.source}`,
          after: { id, outcome },
        });
        if (isFailure(result)) throw failed(result, id);
        return { status: 200, body: result };
      },
    }),
  ];
  // Dead-letter routes before /:source/... so "dead-letters" is never read as a source name.
  return [...subscriptionRoutes(db), ...mappingReadRoutes(db), ...admin.slice(4), events, ...admin.slice(0, 4)];
}
