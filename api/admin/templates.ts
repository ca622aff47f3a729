import { z } from 'zod';
import type { Database } from '../../db/prisma';
import type { Prisma } from '../../db/generated/client';
import { workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { playbookTemplateSchema } from '../../domain/launch/template';
import { templateDefinitionSchema, type TemplateDefinition } from '../../domain/shared/template-definition';
import { earliestAnchor, planSchedule } from '../../domain/launch/schedule';
import { recordAudit } from './audit';
import { invalidRequest, Problem, requireSameKey } from '../http/problem';
import { defineRoute } from '../http/route';
import { templateIssues, templatePublishRoutes, templateSummary } from './template-publishing';

const templateKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'template key must be a lowercase slug');

const versionSchema = z
  .object({
    key: z.string(),
    version: z.number().int().min(1),
    name: z.string(),
    playbook: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    reason: z.string().nullable().meta({ description: 'Why it was published; null when created without one' }),
    basedOn: z.number().int().nullable().meta({ description: 'The version its draft was copied from' }),
    definition: z.looseObject({}).meta({ description: 'The template (TemplateDefinition), defaults filled in' }),
  })
  .meta({ id: 'PlaybookTemplateVersion' });

export type VersionRow = Awaited<ReturnType<Database['playbookTemplateVersion']['findFirstOrThrow']>>;

export function present(row: VersionRow) {
  return { ...row, createdAt: row.createdAt.toISOString(), definition: row.definition as Record<string, unknown> };
}

const MAX_CREATE_ATTEMPTS = 5;

/** Versioned playbook templates: read by everyone, new versions by ops managers and admins. Versions never change. */
export function templateRoutes(db: Database) {
  return [
    schedulePreviewRoute(db),
    ...templatePublishRoutes(db, { keySchema: templateKeySchema, versionSchema }),
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
            items: z.array(
              z.object({
                key: z.string(),
                name: z.string(),
                playbook: z.string(),
                latestVersion: z.number().int(),
                updatedAt: z.iso.datetime(),
              }),
            ),
          }),
        },
      },
      async handle() {
        const rows = await db.playbookTemplateVersion.findMany({
          distinct: ['key'],
          orderBy: [{ key: 'asc' }, { version: 'desc' }],
        });
        return {
          status: 200,
          body: {
            items: rows.map((row) => ({
              key: row.key,
              name: row.name,
              playbook: row.playbook,
              latestVersion: row.version,
              updatedAt: row.createdAt.toISOString(),
            })),
          },
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
      responses: {
        200: { description: 'The latest version', schema: versionSchema },
        404: { description: 'No such template' },
      },
      async handle({ params }) {
        return { status: 200, body: present(await findTemplateVersion(db, params.key)) };
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
      responses: {
        200: { description: 'That version, as it was created', schema: versionSchema },
        404: { description: 'No such template or version' },
      },
      async handle({ params }) {
        return { status: 200, body: present(await findTemplateVersion(db, params.key, params.version)) };
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
      body: templateDefinitionSchema,
      responses: {
        201: {
          description: 'Created; runs already in flight keep the version they started with',
          schema: versionSchema,
        },
        422: { description: 'The body is another kind of playbook than the template' },
      },
      async handle(context) {
        const { params, body } = context;
        requireSameKey('template', params.key, body.key);
        const row = await createNextVersion(db, body, context.principal.subject);
        await recordAudit(db, context, {
          action: 'template.version.create',
          target: `template:${row.key}@${row.version}`,
          after: { version: row.version },
        });
        return {
          status: 201,
          body: present(row),
          headers: { Location: `/api/templates/${row.key}/versions/${row.version}` },
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/templates/validate',
      operationId: 'validateTemplate',
      summary: 'Check a template without saving it',
      tag: 'Templates',
      permission: 'template:manage',
      body: z.unknown().meta({ description: 'A template (TemplateDefinition) to check' }),
      responses: {
        200: {
          description: 'Whether the template is valid; each problem names its culprit',
          schema: z.object({
            valid: z.boolean(),
            errors: z.array(
              z.object({
                path: z.string(),
                message: z.string(),
                code: z.string(),
                text: z
                  .object({ key: z.string(), params: z.record(z.string(), z.unknown()) })
                  .optional()
                  .meta({ description: 'The message as a catalog text, for a reader in another language' }),
              }),
            ),
            summary: z
              .object({
                phases: z.number().int(),
                items: z.number().int(),
                gates: z.number().int(),
                criteria: z.number().int().optional().meta({ description: "A POC template's default criteria" }),
                milestones: z
                  .number()
                  .int()
                  .optional()
                  .meta({ description: "A delivery-handoff template's milestones (items: its package items)" }),
              })
              .nullable(),
          }),
        },
      },
      async handle({ body }) {
        const result = templateDefinitionSchema.safeParse(body);
        if (!result.success)
          return { status: 200, body: { valid: false, errors: templateIssues(result.error), summary: null } };
        return { status: 200, body: { valid: true, errors: [], summary: templateSummary(result.data) } };
      },
    }),
  ];
}

const boundedDate = z.iso
  .date()
  .refine((date) => date >= '1970-01-01' && date <= '2199-12-31', 'must be between 1970-01-01 and 2199-12-31');
const scheduledDateSchema = { date: z.iso.date(), approximate: z.boolean() };

const schedulePreviewSchema = z
  .object({
    template: z.object({
      key: z.string(),
      version: z.number().int(),
      draft: z.boolean().optional().meta({ description: 'A draft copied from this version was previewed' }),
    }),
    calendar: z.string(),
    launchDate: z.iso.date(),
    today: z.iso.date(),
    items: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        phase: z.string(),
        ownerRole: z.string(),
        required: z.boolean(),
        done: z.boolean(),
        overdue: z.boolean(),
        ...scheduledDateSchema,
      }),
    ),
    gates: z.array(
      z.object({ key: z.string(), title: z.string(), openItems: z.array(z.string()), ...scheduledDateSchema }),
    ),
    earliestLaunchDate: z.object({ date: z.iso.date(), decidingItem: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'SchedulePreview' });

/** What-if scheduling on a template: due dates for a proposed launch date, and the earliest launch. */
export function schedulePreviewRoute(db: Database) {
  return defineRoute({
    method: 'post',
    path: '/api/templates/:key/schedule-preview',
    operationId: 'previewTemplateSchedule',
    summary: 'Preview a schedule',
    tag: 'Templates',
    permission: 'template:read',
    params: z.object({ key: templateKeySchema }),
    body: z
      .strictObject({
        launchDate: boundedDate,
        calendar: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
          .default('mon-fri'),
        version: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .optional()
          .meta({ description: 'Template version; the latest when omitted' }),
        done: z.array(z.string().max(63)).max(500).default([]).meta({ description: 'Items already done' }),
        today: boundedDate
          .optional()
          .meta({ description: 'The day to judge overdue and earliest dates from; today (UTC) when omitted' }),
        definition: playbookTemplateSchema.optional().meta({
          description: "A draft to preview instead of a saved version (the board's editor); nothing is saved",
        }),
      })
      .meta({ id: 'SchedulePreviewRequest' }),
    responses: {
      200: { description: 'Every due date, nothing changed', schema: schedulePreviewSchema },
      404: { description: 'No such template, version or calendar' },
      422: { description: 'The template is not a launch-readiness template: it has no schedule' },
    },
    async handle({ params, body }) {
      const row = await findTemplateVersion(db, params.key, body.version);
      if (row.playbook !== 'launch-readiness')
        throw new Problem(
          422,
          'Wrong kind of template',
          `Template ${params.key} is a ${row.playbook} playbook: it has no schedule`,
        );
      const calendarRow = await db.businessCalendar.findUnique({ where: { key: body.calendar } });
      if (!calendarRow) throw new Problem(404, 'Not found', `No calendar ${body.calendar}`);
      if (body.definition) requireSameKey('template', params.key, body.definition.key);
      const template = body.definition ?? playbookTemplateSchema.parse(row.definition);
      const known = new Set(template.items.map((item) => item.key));
      const unknown = body.done.map((key, index) => ({ key, index })).filter(({ key }) => !known.has(key));
      if (unknown.length > 0) {
        throw invalidRequest(
          'done names items the template does not have',
          unknown.map(({ key, index }) => ({
            path: `done.${index}`,
            message: `no item "${key}" in ${params.key}`,
            code: 'invalid_value',
          })),
        );
      }
      const calendar = workingDays(businessCalendarSchema.parse(calendarRow.definition));
      const progress = { done: new Set(body.done), today: body.today ?? new Date().toISOString().slice(0, 10) };
      const schedule = planSchedule(template, body.launchDate, calendar, progress);
      const earliest = earliestAnchor(template, calendar, progress);
      return {
        status: 200,
        body: {
          template: { key: row.key, version: row.version, ...(body.definition ? { draft: true } : {}) },
          calendar: body.calendar,
          launchDate: body.launchDate,
          today: progress.today,
          items: schedule.items,
          gates: schedule.gates,
          earliestLaunchDate: earliest ? { date: earliest.anchor, decidingItem: earliest.decidingItem ?? null } : null,
        },
      };
    },
  });
}

/** A version of a template (the latest when none is named), or 404. */
export async function findTemplateVersion(db: Database, key: string, version?: number): Promise<VersionRow> {
  const row = version
    ? await db.playbookTemplateVersion.findUnique({ where: { key_version: { key, version } } })
    : await db.playbookTemplateVersion.findFirst({ where: { key }, orderBy: { version: 'desc' } });
  if (!row)
    throw new Problem(404, 'Not found', version ? `No version ${version} of template ${key}` : `No template ${key}`);
  return row;
}

/** Why a version was published, and from which; absent through the raw create route. */
export interface Publication {
  reason: string;
  basedOn: number;
}

/**
 * Inserts version max+1; a concurrent creator taking the same number makes this one try the next.
 * A publication whose draft was copied from an older version than the newest is refused: someone
 * published in between, and this draft would silently undo their change.
 */
export async function createNextVersion(
  db: Database,
  template: TemplateDefinition,
  createdBy: string,
  publication?: Publication,
): Promise<VersionRow> {
  for (let attempt = 1; ; attempt += 1) {
    const newest = await db.playbookTemplateVersion.findFirst({
      where: { key: template.key },
      orderBy: { version: 'desc' },
      select: { version: true, playbook: true },
    });
    if (newest && newest.playbook !== template.playbook)
      throw new Problem(
        422,
        'Wrong kind of template',
        `Template ${template.key} is a ${newest.playbook} playbook; a new version cannot make it ${template.playbook}`,
      );
    if (publication && newest && publication.basedOn !== newest.version)
      throw new Problem(
        409,
        'Conflict',
        `Version ${newest.version} of ${template.key} was published after version ${publication.basedOn} this draft was copied from; copy the latest and redo the change`,
      );
    const inserted = await db.playbookTemplateVersion.createMany({
      data: [
        {
          key: template.key,
          version: (newest?.version ?? 0) + 1,
          name: template.name,
          playbook: template.playbook,
          definition: template as unknown as Prisma.InputJsonValue,
          createdBy,
          ...(publication ? { reason: publication.reason, basedOn: publication.basedOn } : {}),
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 1)
      return db.playbookTemplateVersion.findUniqueOrThrow({
        where: { key_version: { key: template.key, version: (newest?.version ?? 0) + 1 } },
      });
    if (attempt >= MAX_CREATE_ATTEMPTS)
      throw new Problem(409, 'Conflict', `Template ${template.key} is being changed by others; retry`);
  }
}
