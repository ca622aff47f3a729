import { z } from 'zod';

const slug = (what: string) =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, `${what} must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit`);

export const launchIdSchema = slug('launch id');

export const checklistItemSchema = z.strictObject({
  key: slug('item key'),
  title: z.string().trim().min(1).max(200),
  ownerRole: z.string().trim().min(1).max(64),
  dueOffsetDays: z.number().int().min(-730).max(730),
});

export const startLaunchSchema = z.strictObject({
  launchId: launchIdSchema,
  productName: z.string().trim().min(1).max(200),
  launchDate: z.iso.date(),
  items: z
    .array(checklistItemSchema)
    .min(1)
    .max(500)
    .refine((items) => new Set(items.map((item) => item.key)).size === items.length, 'item keys must be unique')
    .optional(),
});

export const completeItemSchema = z.strictObject({
  completedBy: z.string().trim().min(1).max(200),
  note: z.string().trim().max(2000).optional(),
});

export const itemParamsSchema = z.object({ id: launchIdSchema, key: slug('item key') });
export const launchParamsSchema = z.object({ id: launchIdSchema });

export const listLaunchesQuerySchema = z.strictObject({
  status: z.enum(['active', 'ready']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
