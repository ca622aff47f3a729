import { z } from 'zod';
import { regionSchema } from './auth/principal';

const slug = (what: string) =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, `${what} must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit`);

export const launchIdSchema = slug('launch id').meta({ description: 'Business key of the launch', example: 'crm-v2' });

export const checklistItemSchema = z.strictObject({
  key: slug('item key'),
  title: z.string().trim().min(1).max(200),
  ownerRole: z.string().trim().min(1).max(64),
  dueOffsetDays: z.number().int().min(-730).max(730).meta({ description: 'Days relative to the launch date; negative is before' }),
});

export const startLaunchSchema = z
  .strictObject({
    launchId: launchIdSchema,
    productName: z.string().trim().min(1).max(200),
    launchDate: z.iso.date(),
    regions: z
      .array(regionSchema)
      .max(50)
      .refine((regions) => new Set(regions).size === regions.length, 'regions must be unique')
      .optional()
      .meta({ description: 'Regions the launch belongs to; omit for a company-wide launch' }),
    items: z
      .array(checklistItemSchema)
      .min(1)
      .max(500)
      .refine((items) => new Set(items.map((item) => item.key)).size === items.length, 'item keys must be unique')
      .optional()
      .meta({ description: 'The checklist; a starter checklist when omitted' }),
  })
  .meta({ id: 'StartLaunch' });

export const completeItemSchema = z
  .strictObject({
    note: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'CompleteItem' });

export const itemParamsSchema = z.object({ id: launchIdSchema, key: slug('item key') });
export const launchParamsSchema = z.object({ id: launchIdSchema });

export const listLaunchesQuerySchema = z.strictObject({
  status: z.enum(['active', 'ready']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor from the previous page' }),
});

const checklistItemStateSchema = checklistItemSchema.extend({
  dueAt: z.iso.datetime(),
  status: z.enum(['open', 'done']),
  overdue: z.boolean(),
  completedBy: z.string().optional(),
  completedAt: z.iso.datetime().optional(),
  note: z.string().optional(),
});

export const launchStateSchema = z
  .object({
    launchId: z.string(),
    productName: z.string(),
    launchDate: z.iso.date(),
    regions: z.array(z.string()),
    status: z.enum(['active', 'ready']),
    startedAt: z.iso.datetime(),
    items: z.array(checklistItemStateSchema),
    seq: z.number().int().meta({ description: 'Version of the run; send it back as If-Match to act only on what you saw' }),
  })
  .meta({ id: 'LaunchState' });

export const launchRowSchema = z
  .object({
    launchId: z.string(),
    workflowId: z.string(),
    productName: z.string(),
    launchDate: z.iso.date(),
    regions: z.array(z.string()),
    status: z.enum(['active', 'ready']),
    itemsTotal: z.number().int(),
    itemsDone: z.number().int(),
    itemsOverdue: z.number().int(),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'LaunchRow' });

export const launchPageSchema = z
  .object({ items: z.array(launchRowSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'LaunchPage' });
