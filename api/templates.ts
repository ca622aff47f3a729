import { z } from 'zod';
import type { Database } from '../db/prisma';
import type { Prisma } from '../db/generated/client';
import { playbookTemplateSchema, type PlaybookTemplate } from '../domain/playbook-template';
import { recordAudit } from './audit';
import { Problem, requireSameKey } from './problem';
import { defineRoute } from './route';

const templateKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'template key must be a lowercase slug');
const templateBodySchema = playbookTemplateSchema.meta({ id: 'PlaybookTemplate' });

const versionSchema = z
  .object({
    key: z.string(),
    version: z.number().int().min(1),
    name: z.string(),
    playbook: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    definition: z.looseObject({}).meta({ description: 'The PlaybookTemplate, defaults filled in' }),
  })
  .meta({ id: 'PlaybookTemplateVersion' });

type VersionRow = Awaited<ReturnType<Database['playbookTemplateVersion']['findFirstOrThrow']>>;

function present(row: VersionRow) {
  return { ...row, createdAt: row.createdAt.toISOString(), definition: row.definition as Record<string, unknown> };
}

const MAX_CREATE_ATTEMPTS = 5;

/** Versioned playbook templates: read by everyone, new versions by ops managers and admins. Versions never change. */
export function templateRoutes(db: Database) {
  async function latest(key: string): Promise<VersionRow> {
    const row = await db.playbookTemplateVersion.findFirst({ where: { key }, orderBy: { version: 'desc' } });
    if (!row) throw new Problem(404, 'Not found', `No template ${key}`);
    return row;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/templates',
      operationId: 'listTemplates',
      summary: 'List playbook templates',
      tag: 'Templates',
      permission: 'template:read',
      responses: {
        200: {
          description: 'The latest version of each template',
          schema: z.object({
            items: z.array(z.object({ key: z.string(), name: z.string(), playbook: z.string(), latestVersion: z.number().int(), updatedAt: z.iso.datetime() })),
          }),
        },
      },
      async handle() {
        const rows = await db.playbookTemplateVersion.findMany({ distinct: ['key'], orderBy: [{ key: 'asc' }, { version: 'desc' }] });
        return {
          status: 200,
          body: { items: rows.map((row) => ({ key: row.key, name: row.name, playbook: row.playbook, latestVersion: row.version, updatedAt: row.createdAt.toISOString() })) },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/templates/:key',
      operationId: 'getTemplate',
      summary: 'Read the latest version of a template',
      tag: 'Templates',
      permission: 'template:read',
      params: z.object({ key: templateKeySchema }),
      responses: { 200: { description: 'The latest version', schema: versionSchema }, 404: { description: 'No such template' } },
      async handle({ params }) {
        return { status: 200, body: present(await latest(params.key)) };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/templates/:key/versions/:version',
      operationId: 'getTemplateVersion',
      summary: 'Read one version of a template',
      tag: 'Templates',
      permission: 'template:read',
      params: z.object({ key: templateKeySchema, version: z.coerce.number().int().min(1).max(1_000_000) }),
      responses: { 200: { description: 'That version, as it was created', schema: versionSchema }, 404: { description: 'No such template or version' } },
      async handle({ params }) {
        const row = await db.playbookTemplateVersion.findUnique({ where: { key_version: { key: params.key, version: params.version } } });
        if (!row) throw new Problem(404, 'Not found', `No version ${params.version} of template ${params.key}`);
        return { status: 200, body: present(row) };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/templates/:key/versions',
      operationId: 'createTemplateVersion',
      summary: 'Create a new version of a template',
      tag: 'Templates',
      permission: 'template:manage',
      idempotent: true,
      params: z.object({ key: templateKeySchema }),
      body: templateBodySchema,
      responses: {
        201: { description: 'Created; runs already in flight keep the version they started with', schema: versionSchema },
      },
      async handle(context) {
        const { params, body } = context;
        requireSameKey('template', params.key, body.key);
        const row = await createNextVersion(db, body, context.principal.subject);
        await recordAudit(db, context, { action: 'template.version.create', target: `template:${row.key}@${row.version}`, after: { version: row.version } });
        return { status: 201, body: present(row), headers: { Location: `/api/templates/${row.key}/versions/${row.version}` } };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/templates/validate',
      operationId: 'validateTemplate',
      summary: 'Check a template without saving it',
      tag: 'Templates',
      permission: 'template:manage',
      body: z.unknown().meta({ description: 'A PlaybookTemplate to check' }),
      responses: {
        200: {
          description: 'Whether the template is valid; each problem names its culprit',
          schema: z.object({
            valid: z.boolean(),
            errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })),
            summary: z.object({ phases: z.number().int(), items: z.number().int(), gates: z.number().int() }).nullable(),
          }),
        },
      },
      async handle({ body }) {
        const result = playbookTemplateSchema.safeParse(body);
        if (!result.success) {
          const errors = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));
          return { status: 200, body: { valid: false, errors, summary: null } };
        }
        const { phases, items, gates } = result.data;
        return { status: 200, body: { valid: true, errors: [], summary: { phases: phases.length, items: items.length, gates: gates.length } } };
      },
    }),
  ];
}

/** Inserts version max+1; a concurrent creator taking the same number makes this one try the next. */
async function createNextVersion(db: Database, template: PlaybookTemplate, createdBy: string): Promise<VersionRow> {
  for (let attempt = 1; ; attempt += 1) {
    const newest = await db.playbookTemplateVersion.findFirst({ where: { key: template.key }, orderBy: { version: 'desc' }, select: { version: true } });
    const inserted = await db.playbookTemplateVersion.createMany({
      data: [
        {
          key: template.key,
          version: (newest?.version ?? 0) + 1,
          name: template.name,
          playbook: template.playbook,
          definition: template as unknown as Prisma.InputJsonValue,
          createdBy,
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 1) return db.playbookTemplateVersion.findUniqueOrThrow({ where: { key_version: { key: template.key, version: (newest?.version ?? 0) + 1 } } });
    if (attempt >= MAX_CREATE_ATTEMPTS) throw new Problem(409, 'Conflict', `Template ${template.key} is being changed by others; retry`);
  }
}
