import { Prisma } from '../../db/generated/client';

/** Small pieces the read routes build their SQL from. */

/** The calendar date (UTC) of an instant, as the read model stores due dates. */
export const day = (value: Date) => value.toISOString().slice(0, 10);
/** Every condition, or TRUE when there are none. */
export const and = (conditions: Prisma.Sql[]) =>
  conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, ' AND ');
