import { fork } from 'node:child_process';
import path from 'node:path';
import type { PgliteMessage } from './pglite-server';

export interface PgliteServer {
  /** A postgres:// URL any Postgres client (Prisma's pg adapter, psql, the Prisma CLI) can use. */
  url: string;
  /** The process that serves it (for measurements). */
  pid: number;
  /** Settles if the database process ends on its own. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface PgliteOptions {
  /** Folder that keeps the database between runs; in memory when omitted. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
}

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * PGlite (Postgres compiled to WASM) in a child process, served over the Postgres
 * wire protocol on localhost, so the same pg driver and Prisma CLI work against it
 * and against a real server. It admits one client connection at a time: callers
 * size their pools to one.
 */
export async function startPglite(options: PgliteOptions = {}): Promise<PgliteServer> {
  const entry = require.resolve('./pglite-server');
  const child = fork(entry, [], {
    // Running from TypeScript sources (npm start, tests): load them through tsx.
    execArgv: path.extname(entry) === '.ts' ? ['--import', 'tsx'] : [],
    env: { ...process.env, BATON_PGLITE_DATA_DIR: options.dataDir ?? '', BATON_PGLITE_PORT: String(options.port ?? 0) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`PGlite did not start within ${STARTUP_TIMEOUT_MS / 1000} s`)),
      STARTUP_TIMEOUT_MS,
    );
    child.once('message', (message: PgliteMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message.port);
      else reject(new Error(`PGlite failed to start: ${message.message}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`PGlite exited during start-up (code ${code})`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
