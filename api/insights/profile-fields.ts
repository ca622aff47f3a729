import { z } from 'zod';
import type { ListedField } from '../../domain/insights/reference-lists';
import { profileField, type CaseProfile } from '../../domain/insights/case-profile';

const text = (max: number) => z.string().trim().min(1).max(max);

/** The lead channel a request came through (issue 21): the admins' lead-channels list, when they keep one. */
export const channelField = text(100)
  .optional()
  .meta({ description: "The lead channel the opportunity came through (the admins' lead-channels list)" });

/** The start fields every chain case takes for the business numbers; all optional, carried on from the case before. */
export const profileFields = {
  channel: channelField,
  industry: text(100).optional().meta({ description: "The customer's industry (the admins' industries list)" }),
  products: z
    .array(text(200))
    .max(20)
    .optional()
    .meta({ description: "The products sold (the admins' products list)" }),
};

/** A case's channel, industry and products as the API answers them (absent on cases from before issue 21). */
export const caseProfileSchema = z
  .object({ channel: z.string().optional(), industry: z.string().optional(), products: z.array(z.string()).optional() })
  .meta({ id: 'CaseProfile' });

/** Splits the profile fields off a start body: the rest is the playbook's own request. */
export function splitProfile<B extends CaseProfile>(body: B): [Omit<B, keyof CaseProfile>, { profile?: CaseProfile }] {
  const { channel, industry, products, ...rest } = body;
  return [rest, profileField({ channel, industry, products })];
}

/** The profile's fields checked against the admins' lists. */
export function listedProfile(body: CaseProfile): ListedField[] {
  return [
    { field: 'channel', list: 'lead-channels', values: body.channel ? [body.channel] : [] },
    { field: 'industry', list: 'industries', values: body.industry ? [body.industry] : [] },
    { field: 'products', list: 'products', values: body.products ?? [] },
  ];
}
