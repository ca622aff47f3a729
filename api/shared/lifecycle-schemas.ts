import { z } from 'zod';
import { SUPPORT_TYPES } from '../../domain/deal/types';
import { regionSchema } from '../auth/principal';
import { planningDate } from './fields';
import { profileFields } from '../insights/profile-fields';

const text = (max: number) => z.string().trim().min(1).max(max);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug');

/** The CRM opportunity a POC trial or deal-support case is for. */
export const opportunitySchema = z.strictObject({
  id: text(100),
  amount: z.number().min(0).max(1e12),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. CNY')
    .optional(),
});

/** What the closing case already knows for the delivery handoff package; items left out start as missing. */
export const handoffPrefillSchema = z
  .strictObject({
    requirements: text(8000).optional(),
    commitments: text(8000).optional().meta({ description: 'What sales promised the customer' }),
    knownRisks: text(8000).optional(),
    targetGoLive: planningDate.optional().meta({ description: 'YYYY-MM-DD, not in the past' }),
  })
  .meta({ id: 'HandoffPrefill' });

/** A deal-support request: the body of POST /api/deals, and the part of it a converting POC supplies. */
export const requestDealSupportSchema = z
  .strictObject({
    account: text(200),
    region: regionSchema,
    opportunity: opportunitySchema,
    dealStage: text(100).meta({ description: "Where the deal stands in the CRM's sales process" }),
    competitors: z.array(text(200)).max(20).default([]),
    supportTypes: z
      .array(z.enum(SUPPORT_TYPES))
      .min(1)
      .max(SUPPORT_TYPES.length)
      .refine((types) => new Set(types).size === types.length, 'support types must be unique'),
    dueDate: planningDate.meta({ description: 'When sales need the support by' }),
    salesOwner: text(200),
    note: text(2000).optional(),
    ...profileFields,
    calendar: slug.optional().meta({
      description:
        'Working-day calendar for the response SLA. Omitted: the calendar mapped to the region on the board, else mon-fri.',
    }),
  })
  .meta({ id: 'RequestDealSupport' });
