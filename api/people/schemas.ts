import { z } from 'zod';
import { LANGUAGES, NOTICE_CHANNELS, NOTICE_KINDS } from '../../activities/shared/notices/kinds';
import { regionSchema, roleSchema } from '../auth/principal';

/** Schemas of the people directory, preferences and inbox routes. */

const timeZones = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine((zone) => timeZones.has(zone), 'must be an IANA time zone, e.g. Asia/Shanghai')
  .meta({ example: 'Asia/Shanghai' });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(200)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address, e.g. li.wei@example.com');

const hour = z.number().int().min(0).max(23);

export const preferencesSchema = z
  .strictObject({
    channels: z
      .partialRecord(z.enum(NOTICE_KINDS), z.array(z.enum(NOTICE_CHANNELS)).max(2))
      .default({})
      .meta({ description: 'Channels per kind of notice; a kind left out gets the inbox and email' }),
    digest: z
      .strictObject({ enabled: z.boolean(), hour })
      .default({ enabled: false, hour: 8 })
      .meta({ description: 'One mail a day at this local hour instead of single mails' }),
    quietHours: z
      .strictObject({ from: hour, to: hour })
      .nullable()
      .default(null)
      .meta({ description: 'Local hours (from inclusive, to exclusive) when mail waits' }),
  })
  .meta({ id: 'NoticePreferences' });

export const personFieldsSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    roles: z.array(roleSchema).max(10).default([]),
    regions: z.array(regionSchema).max(50).default([]),
    manager: emailSchema.nullable().optional(),
    language: z.enum(LANGUAGES).default('en'),
    timeZone: timeZoneSchema.default('UTC'),
    chatIds: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), z.string().min(1).max(200)).default({}),
  })
  .meta({ id: 'PersonFields' });

export const personSchema = z
  .object({
    email: z.string(),
    name: z.string().nullable(),
    roles: z.array(z.string()),
    regions: z.array(z.string()),
    manager: z.string().nullable(),
    language: z.enum(LANGUAGES),
    timeZone: z.string(),
    chatIds: z.record(z.string(), z.string()),
    preferences: preferencesSchema,
    calendarFeed: z.boolean().meta({ description: 'Whether a calendar feed URL is active' }),
    source: z.enum(['sign-in', 'admin', 'import']),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Person' });

export const emailParamsSchema = z.object({
  email: emailSchema.meta({ description: 'The person (their token subject)', example: 'li.wei@example.com' }),
});

export const importPeopleSchema = z
  .strictObject({
    csv: z.string().min(1).max(1_000_000).meta({
      description:
        'CSV with a header row: email,name,roles,regions,manager,language,timeZone (roles and regions separated by ";")',
      example:
        'email,name,roles,regions,manager,language,timeZone\nli.wei@example.com,Li Wei,regional_ops,east-china,,zh,Asia/Shanghai',
    }),
  })
  .meta({ id: 'ImportPeople' });

export const importResultSchema = z
  .object({ created: z.number().int(), updated: z.number().int() })
  .meta({ id: 'ImportPeopleResult' });

export const updateMeSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    language: z.enum(LANGUAGES).optional(),
    timeZone: timeZoneSchema.optional(),
    preferences: preferencesSchema.optional(),
  })
  .meta({ id: 'UpdateMe' });

export const noticeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTICE_KINDS),
    playbook: z.string(),
    caseId: z.string(),
    subject: z.string(),
    text: z.string(),
    link: z.string().meta({ description: 'The board path of the case and item' }),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Notice' });

export const inboxQuerySchema = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});

export const inboxPageSchema = z
  .object({
    items: z.array(noticeSchema),
    unread: z.number().int().meta({ description: 'Unread notices in all' }),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'InboxPage' });

export const noticeParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const unsubscribeSchema = z
  .strictObject({
    person: z.string().min(1).max(200),
    kind: z.enum(NOTICE_KINDS),
    token: z.string().min(1).max(100),
  })
  .meta({ id: 'Unsubscribe' });
