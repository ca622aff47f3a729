import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { chosenTemplateVersion } from '../shared/template-choice';
import { versionedMappingRoutes } from './versioned-mapping-routes';

const tierSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lowercase letters, digits or dashes')
  .meta({ description: 'A customer tier, e.g. strategic, key, standard' });

/**
 * Renewal templates by customer tier (issue 20): which renewal template each tier's new renewals run on
 * when their start names none (its latest version when the renewal starts; a tier not listed runs on
 * `renewal`). Read by everyone who reads templates, set by ops managers and admins, each change audited and
 * versioned. A renewal pins its plan at its start (api/renewal/template-plan.ts), so a change reaches only later starts.
 */
export function renewalTierTemplateRoutes(db: Database) {
  const row = (found: { tier: string; templateKey: string; updatedBy: string; updatedAt: Date }) => ({
    subject: found.tier,
    value: found.templateKey,
    updatedBy: found.updatedBy,
    updatedAt: found.updatedAt,
  });
  return versionedMappingRoutes(db, {
    mapping: 'renewal-tier-template',
    path: '/api/renewal-tier-templates',
    name: 'RenewalTierTemplate',
    tag: 'Templates',
    read: 'template:read',
    manage: 'template:manage',
    subject: { field: 'tier', schema: tierSchema },
    value: { field: 'templateKey', schema: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug') },
    async check(_tier, templateKey) {
      await chosenTemplateVersion(db, { key: templateKey }, 'renewal');
    },
    table: {
      list: async (client) => (await client.renewalTierTemplate.findMany({ orderBy: { tier: 'asc' } })).map(row),
      find: async (tx, tier) => {
        const found = await tx.renewalTierTemplate.findUnique({ where: { tier } });
        return found ? row(found) : null;
      },
      save: async (tx, tier, templateKey, by) => {
        const data = { templateKey, updatedBy: by, updatedAt: new Date() };
        return row(await tx.renewalTierTemplate.upsert({ where: { tier }, create: { tier, ...data }, update: data }));
      },
      remove: async (tx, tier) => {
        await tx.renewalTierTemplate.delete({ where: { tier } });
      },
    },
    summaries: {
      history: "The history of the tiers' renewal templates: who changed which, to what, and why",
      list: "List the customer tiers' renewal templates",
      put: "Set a customer tier's renewal template",
      delete: "Remove a customer tier's renewal template (its new renewals run on `renewal` again)",
    },
    descriptions: {
      list: 'Every tier mapped to a renewal template; a tier not listed runs on the template `renewal`',
      refused: { 422: 'No such template, or not a renewal template' },
      notSet: 'The tier has no renewal template',
    },
  });
}
