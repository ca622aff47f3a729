import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { crmMappingSchema, type CrmMapping } from '../../domain/integrations/mapping';
import { SHIPPED_MAPPINGS } from '../../domain/integrations/shipped-mappings';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { integrationSays } from './text';
import { sourceParams } from './params';

/**
 * What the admin board's integration pages read beside the mapping itself (issue 18): every source an
 * admin can look after, and one source's mapping versions, so a change can be read back and compared.
 */

const TAG = 'Integrations';

const sourceSummarySchema = z
  .object({
    source: z.string(),
    configured: z.boolean().meta({ description: 'A secret is set: the source can post events' }),
    shipped: z.boolean().meta({ description: 'Baton ships a mapping under this name (version 0)' }),
    latestVersion: z.number().int().nullable(),
    openDeadLetters: z.number().int(),
  })
  .meta({ id: 'CrmSourceSummary' });

const versionSchema = z
  .object({
    version: z.number().int(),
    createdBy: z.string(),
    createdAt: z.iso.datetime().nullable(),
    mapping: crmMappingSchema,
  })
  .meta({ id: 'CrmMappingVersion' });

export function mappingReadRoutes(db: Database) {
  const shipped: Partial<Record<string, CrmMapping>> = SHIPPED_MAPPINGS;
  return [
    defineRoute({
      method: 'get',
      path: '/api/integrations/sources',
      operationId: 'listCrmSources',
      summary:
        'Every CRM source: set up with a secret, shipped with a mapping, or both; its latest mapping and open dead letters',
      tag: TAG,
      permission: 'integration:manage',
      responses: {
        200: { description: 'The sources, by name', schema: z.object({ sources: z.array(sourceSummarySchema) }) },
      },
      async handle() {
        const [configured, versions, open] = await Promise.all([
          db.integrationSource.findMany({ select: { name: true } }),
          db.integrationMapping.groupBy({ by: ['source'], _max: { version: true } }),
          db.integrationDeadLetter.groupBy({ by: ['source'], where: { replayedAt: null }, _count: { _all: true } }),
        ]);
        const latest = new Map(versions.map((row) => [row.source, row._max.version]));
        const openCount = new Map(open.map((row) => [row.source, row._count._all]));
        const names = new Set([...Object.keys(shipped), ...configured.map((row) => row.name), ...latest.keys()]);
        const sources = [...names].sort().map((source) => ({
          source,
          configured: configured.some((row) => row.name === source),
          shipped: source in shipped,
          latestVersion: latest.get(source) ?? (source in shipped ? 0 : null),
          openDeadLetters: openCount.get(source) ?? 0,
        }));
        return { status: 200, body: { sources } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/integrations/:source/mapping/versions',
      operationId: 'listCrmMappingVersions',
      summary: 'Every version of a source’s mapping, newest first (version 0: the one Baton ships)',
      tag: TAG,
      permission: 'integration:manage',
      params: sourceParams,
      responses: {
        200: {
          description: 'The versions',
          schema: z.object({ source: z.string(), versions: z.array(versionSchema) }),
        },
        404: { description: 'No mapping saved and none shipped under this name' },
      },
      async handle({ params }) {
        const { source } = params;
        const rows = await db.integrationMapping.findMany({ where: { source }, orderBy: { version: 'desc' } });
        const versions: z.infer<typeof versionSchema>[] = rows.map((row) => ({
          version: row.version,
          createdBy: row.createdBy,
          createdAt: row.createdAt.toISOString(),
          mapping: crmMappingSchema.parse(row.definition),
        }));
        const shippedMapping = shipped[source];
        if (shippedMapping) versions.push({ version: 0, createdBy: 'baton', createdAt: null, mapping: shippedMapping });
        if (versions.length === 0)
          throw new Problem(404, 'Not found', integrationSays('integrations.no-mapping', { source }));
        return { status: 200, body: { source, versions } };
      },
    }),
  ];
}
