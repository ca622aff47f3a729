import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { isRegionScoped } from '../auth/policy';
import { defineRoute } from '../http/route';

const MOST_USED = 50;

const fieldValuesSchema = z
  .object({
    regions: z.array(z.string()),
    industries: z.array(z.string()),
    products: z.array(z.string()),
  })
  .meta({ id: 'PocFieldValues' });

/**
 * The regions, industries and products already in use on trials the caller can see, most used
 * first: the request form offers them, so one industry is not spelled three ways.
 */
export function pocFieldValuesRoute(db: Database) {
  return defineRoute({
    method: 'get',
    path: '/api/pocs/field-values',
    operationId: 'listPocFieldValues',
    summary: 'Regions, industries and products already in use on trials, most used first',
    tag: 'POCs',
    permission: 'poc:read',
    responses: { 200: { description: 'The values in use', schema: fieldValuesSchema } },
    async handle({ principal }) {
      const scope = isRegionScoped(principal)
        ? Prisma.sql`WHERE region = ANY(${principal.regions}::text[])`
        : Prisma.empty;
      const used = (column: 'region' | 'industry' | 'product') =>
        db.$queryRaw<{ value: string }[]>`
          SELECT ${Prisma.raw(column)} AS value FROM poc_trial ${scope}
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${MOST_USED}`.then((rows) => rows.map((row) => row.value));
      const [regions, industries, products] = await Promise.all([used('region'), used('industry'), used('product')]);
      return { status: 200, body: { regions, industries, products } };
    },
  });
}
