import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { chosenTemplateVersion } from '../shared/template-choice';
import { recordAudit } from './audit';
import { lockMapping, mappingHistoryRoute, mappingReasonSchema, recordMappingChange } from './mapping-history';
import { mappingSays } from '../../domain/shared/mapping-history-text';

const tierSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lowercase letters, digits or dashes')
  .meta({ description: 'A customer tier, e.g. strategic, key, standard' });

const tierTemplateSchema = z
  .object({ tier: z.string(), templateKey: z.string(), updatedBy: z.string(), updatedAt: z.iso.datetime() })
  .meta({ id: 'RenewalTierTemplate' });

type TierTemplateRow = Awaited<ReturnType<Database['renewalTierTemplate']['findFirstOrThrow']>>;

const present = (row: TierTemplateRow) => ({ ...row, updatedAt: row.updatedAt.toISOString() });
const target = (tier: string) => `renewal-tier-template:${tier}`;

/**
 * Renewal templates by customer tier (issue 20): which renewal template each tier's new renewals run on
 * when their start names none (its latest version when the renewal starts; a tier not listed runs on
 * `renewal`). Read by everyone who reads templates, set by ops managers and admins, each change
 * audited and versioned (each change numbered per tier, with its reason: GET .../history). A renewal pins its plan at its start (api/renewal/template-plan.ts), so a change reaches only later starts.
 */
export function renewalTierTemplateRoutes(db: Database) {
  return [
    mappingHistoryRoute(db, {
      path: '/api/renewal-tier-templates/history',
      operationId: 'listRenewalTierTemplateChanges',
      summary: "The history of the tiers' renewal templates: who changed which, to what, and why",
      tag: 'Templates',
      permission: 'template:read',
      mapping: 'renewal-tier-template',
    }),
    defineRoute({
      method: 'get',
      path: '/api/renewal-tier-templates',
      operationId: 'listRenewalTierTemplates',
      summary: "List the customer tiers' renewal templates",
      tag: 'Templates',
      permission: 'template:read',
      responses: {
        200: {
          description: 'Every tier mapped to a renewal template; a tier not listed runs on the template `renewal`',
          schema: z.object({ items: z.array(tierTemplateSchema) }),
        },
      },
      async handle() {
        const rows = await db.renewalTierTemplate.findMany({ orderBy: { tier: 'asc' } });
        return { status: 200, body: { items: rows.map(present) } };
      },
    }),

    defineRoute({
      method: 'put',
      path: '/api/renewal-tier-templates/:tier',
      operationId: 'putRenewalTierTemplate',
      summary: "Set a customer tier's renewal template",
      tag: 'Templates',
      permission: 'template:manage',
      params: z.object({ tier: tierSchema }),
      body: z
        .strictObject({
          templateKey: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug'),
          reason: mappingReasonSchema,
        })
        .meta({ id: 'SetRenewalTierTemplate' }),
      responses: {
        201: { description: 'The tier had none', schema: tierTemplateSchema },
        200: { description: 'Replaced', schema: tierTemplateSchema },
        422: { description: 'No such template, or not a renewal template' },
      },
      async handle(context) {
        const { params, body } = context;
        await chosenTemplateVersion(db, { key: body.templateKey }, 'renewal');
        const by = context.principal.subject;
        // Versioned: the change and its history entry in one transaction.
        const [before, row] = await db.$transaction(async (tx) => {
          await lockMapping(tx, 'renewal-tier-template', params.tier);
          const found = await tx.renewalTierTemplate.findUnique({ where: { tier: params.tier } });
          const data = { templateKey: body.templateKey, updatedBy: by, updatedAt: new Date() };
          const saved = await tx.renewalTierTemplate.upsert({
            where: { tier: params.tier },
            create: { tier: params.tier, ...data },
            update: data,
          });
          const change = { before: found?.templateKey ?? null, after: saved.templateKey, reason: body.reason, by };
          await recordMappingChange(tx, { mapping: 'renewal-tier-template', subject: params.tier, ...change });
          return [found, saved] as const;
        });
        await recordAudit(db, context, {
          action: 'renewal-tier-template.set',
          target: target(params.tier),
          before: before?.templateKey,
          after: row.templateKey,
        });
        return {
          status: before ? 200 : 201,
          body: present(row),
          headers: { Location: `/api/renewal-tier-templates/${params.tier}` },
        };
      },
    }),

    defineRoute({
      method: 'delete',
      path: '/api/renewal-tier-templates/:tier',
      operationId: 'deleteRenewalTierTemplate',
      summary: "Remove a customer tier's renewal template (its new renewals run on `renewal` again)",
      tag: 'Templates',
      permission: 'template:manage',
      params: z.object({ tier: tierSchema }),
      query: z.object({ reason: mappingReasonSchema }),
      responses: { 204: { description: 'Removed' }, 404: { description: 'The tier has no renewal template' } },
      async handle(context) {
        const { tier } = context.params;
        const before = await db.$transaction(async (tx) => {
          await lockMapping(tx, 'renewal-tier-template', tier);
          const found = await tx.renewalTierTemplate.findUnique({ where: { tier } });
          if (!found)
            throw new Problem(
              404,
              'Not found',
              mappingSays('mapping.renewal-tier-template-not-set', { subject: tier }),
            );
          await tx.renewalTierTemplate.delete({ where: { tier } });
          const change = {
            before: found.templateKey,
            after: null,
            reason: context.query.reason,
            by: context.principal.subject,
          };
          await recordMappingChange(tx, { mapping: 'renewal-tier-template', subject: tier, ...change });
          return found;
        });
        await recordAudit(db, context, {
          action: 'renewal-tier-template.remove',
          target: target(before.tier),
          before: before.templateKey,
        });
        return { status: 204 };
      },
    }),
  ];
}
