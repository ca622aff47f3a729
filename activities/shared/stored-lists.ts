import type { Prisma } from '../../db/generated/client';
import type { ChangesOnly } from '../../domain/shared/changed-fields';

/**
 * A whole projection from a changes-only one (patch lean-<playbook>-small-payloads): the lists it left out did not
 * change since the case's previous projection, so they are read from the row that projection wrote. Call it inside
 * the projection's transaction. A row that is missing (a read model restored without `reproject`) gets empty lists
 * until the case's next projection of them, rather than stopping the case's projections.
 *
 * `columns` names each list's jsonb column in `table` (constants of the caller, never input).
 */
export async function withStoredLists<P, K extends keyof P & string>(
  tx: Prisma.TransactionClient,
  projection: P | ChangesOnly<P, K>,
  table: string,
  id: string,
  columns: Record<K, string>,
): Promise<P> {
  if (!(projection as { changesOnly?: true }).changesOnly) return projection as P;
  const missing = (Object.keys(columns) as K[]).filter((field) => (projection as Partial<P>)[field] === undefined);
  if (missing.length === 0) return projection as P;
  const select = missing.map((field) => `${columns[field]} AS "${field}"`).join(', ');
  const [stored] = await tx.$queryRawUnsafe<Partial<P>[]>(`SELECT ${select} FROM ${table} WHERE id = $1`, id);
  const filled = { ...projection } as Record<string, unknown>;
  for (const field of missing) filled[field] = stored?.[field] ?? [];
  return filled as P;
}
