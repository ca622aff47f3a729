import pg from 'pg';

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

/**
 * A pg Pool for Prisma's JS schema engine only.
 *
 * The JS migrate engine cannot deserialize columns of Postgres type `name` (catalog
 * queries return them) - upstream bug prisma/orm#27403. Reporting them as `text`,
 * which has the same wire format, lets `migrate deploy` work on Postgres and PGlite.
 */
export class MigrationPool extends pg.Pool {
  // pg's overloaded query signatures cannot be re-declared one by one; the override
  // only rewrites metadata on whatever result comes back.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: any[]) => any)(...args);
    if (result && typeof result.then === 'function') {
      return result.then((res: pg.QueryResult) => reportNameAsText(res));
    }
    return result;
  }
}

function reportNameAsText<T extends pg.QueryResult>(result: T): T {
  for (const field of result.fields ?? []) {
    if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}
