/**
 * Child process that owns the embedded PGlite database and serves it over the
 * Postgres wire protocol. Started by startPglite(); reports its port
 * over IPC and stops cleanly on SIGTERM/SIGINT or when its parent goes away.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { startSingleConnectionGate } from './single-connection-gate';

export type PgliteMessage = { type: 'ready'; port: number } | { type: 'failed'; message: string };

async function main(): Promise<void> {
  const dataDir = process.env.BATON_PGLITE_DATA_DIR || undefined;
  const port = Number(process.env.BATON_PGLITE_PORT ?? 0);
  const db = await PGlite.create(dataDir);
  // PGlite has one backend; a second client would interleave its protocol messages with the first one's.
  // The socket server listens on a private port behind a gate that makes the next client wait its turn.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const gate = await startSingleConnectionGate({
    host: '127.0.0.1',
    port,
    upstreamPort: Number(server.getServerConn().split(':').pop()),
    isFree: () => server.getStats().activeConnections === 0,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await gate.close();
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  send({ type: 'ready', port: gate.port });
}

function send(message: PgliteMessage): void {
  process.send?.(message);
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
