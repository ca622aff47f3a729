import { z } from 'zod';

/**
 * How one CRM's payloads become Baton commands, as data an admin can read, dry-run and fix without a
 * release: which payloads are opportunities or contracts, where each fact sits in them (dotted paths),
 * which CRM stages mean "trial", "won" and "lost", and what a new case takes when the CRM says nothing.
 * Each saved mapping is a new version; an event is always mapped by the source's latest one.
 */

/** A dotted path into the payload, e.g. `sobject.Account.Name` or `properties.amount`. */
const pathSchema = z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dotted path like sobject.Account.Name');

const criterionSchema = z.object({
  key: z.string().min(1).optional(),
  description: z.string().min(1),
  measuredBy: z.string().min(1),
});

const opportunitySchema = z.strictObject({
  kind: z.literal('opportunity'),
  /** The payload is this kind when the value at `path` equals `equals`. */
  when: z.strictObject({ path: pathSchema, equals: z.string().min(1) }),
  fields: z.strictObject({
    id: pathSchema,
    account: pathSchema,
    stage: pathSchema,
    /** The CRM's own modification time: older facts never overwrite newer ones. */
    modifiedAt: pathSchema,
    amount: pathSchema.optional(),
    currency: pathSchema.optional(),
    owner: pathSchema.optional(),
    closeDate: pathSchema.optional(),
    region: pathSchema.optional(),
    industry: pathSchema.optional(),
    product: pathSchema.optional(),
  }),
  stages: z.strictObject({
    trial: z.array(z.string().min(1)).min(1),
    won: z.array(z.string().min(1)).min(1),
  }),
  /** What a new trial takes for facts the payload does not carry. */
  defaults: z.strictObject({
    region: z.string().min(1).optional(),
    industry: z.string().min(1).optional(),
    product: z.string().min(1).optional(),
    currency: z.string().min(1).optional(),
    calendar: z.string().min(1),
    durationDays: z.number().int().min(1),
    criteria: z.array(criterionSchema).min(1),
  }),
});

/** A contract (Salesforce Contract, a HubSpot deal's contract properties): its dates start or update the renewal. */
const contractSchema = z.strictObject({
  kind: z.literal('contract'),
  when: z.strictObject({ path: pathSchema, equals: z.string().min(1) }),
  fields: z.strictObject({
    /** The contract's business key: the renewal is one per account and contract. */
    id: pathSchema,
    account: pathSchema,
    termStart: pathSchema,
    contractEnd: pathSchema,
    /** The CRM's own modification time: older dates never overwrite newer ones. */
    modifiedAt: pathSchema,
    value: pathSchema,
    currency: pathSchema.optional(),
    region: pathSchema.optional(),
    tier: pathSchema.optional(),
    customerSuccessOwner: pathSchema.optional(),
  }),
  /** What a new renewal takes for facts the payload does not carry. */
  defaults: z.strictObject({
    region: z.string().min(1).optional(),
    tier: z.string().min(1).optional(),
    currency: z.string().min(1).optional(),
    calendar: z.string().min(1),
  }),
});

export const crmMappingSchema = z.strictObject({
  /** Tried in order; the first whose `when` matches maps the payload. */
  objects: z.array(z.discriminatedUnion('kind', [opportunitySchema, contractSchema])).min(1),
});

export type CrmMapping = z.infer<typeof crmMappingSchema>;
export type OpportunityMapping = z.infer<typeof opportunitySchema>;
export type ContractMapping = z.infer<typeof contractSchema>;
