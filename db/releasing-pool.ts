import pg from 'pg';

/**
 * A pg Pool that gets back the connections the database cut while they were checked out.
 *
 * When the server goes away in the middle of a Prisma transaction, the adapter's ROLLBACK fails on
 * the dead connection and the connection is never released: the pool keeps counting it as busy, so
 * once `max` connections died that way (one, on the embedded PGlite) every later query waits for a
 * connection forever and `$disconnect` never returns. Here a checked-out connection that ends is
 * released as broken at once, and a later release of it (by the adapter) does nothing.
 */
export class ReleasingPool extends pg.Pool {
  // pg's overloaded connect signatures cannot be re-declared one by one; Prisma's adapter uses the
  // promise form, and the callback form (used by pool.query) releases its connections itself.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override connect(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (args.length > 0) return (super.connect as (...a: any[]) => any)(...args);
    return super.connect().then(releasedWhenEnded);
  }
}

function releasedWhenEnded(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const onEnd = () => client.release(new Error('the database closed the connection'));
  client.release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener('end', onEnd);
    release(error);
  };
  client.once('end', onEnd);
  return client;
}
