/**
 * Child process that owns the embedded PGlite database and serves it over the
 * Postgres wire protocol. Started by startPglite(); reports its port
 * over IPC and stops cleanly on SIGTERM/SIGINT or when its parent goes away.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type PgliteMessage = { type: 'ready'; port: number } | { type: 'failed'; message: string };

async function main(): Promise<void> {
  const dataDir = process.env.BATON_PGLITE_DATA_DIR || undefined;
  const port = Number(process.env.BATON_PGLITE_PORT ?? 0);
  const db = await PGlite.create(dataDir);
  // PGlite has one backend; a second client would interleave its protocol messages with the first one's.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 1 });
  await server.start();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  send({ type: 'ready', port: Number(server.getServerConn().split(':').pop()) });
}

function send(message: PgliteMessage): void {
  process.send?.(message);
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
