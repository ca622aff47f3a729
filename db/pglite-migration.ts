/**
 * Local mode ran on PGlite up to this version, with its database in `<data>/postgres/`. On the first
 * start of this version that folder is dumped through PGlite (its own pg_dump, compiled to WASM) and
 * restored into a new embedded PostgreSQL cluster, the row counts of every table are compared, and
 * only then does the new cluster take its place; the PGlite folder is kept beside it as a backup.
 * Anything going wrong leaves the PGlite folder as it was and stops the start with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

type Log = (message: string) => void;

export interface LocalDatabaseFolders {
  /** Where earlier versions kept PGlite's database. */
  pglite: string;
  /** Where the embedded PostgreSQL keeps its cluster. */
  postgres: string;
  /** Where the PGlite folder is kept once it has been moved across. */
  backup: string;
}

export function localDatabaseFolders(dataDir: string): LocalDatabaseFolders {
  return {
    pglite: path.join(dataDir, 'postgres'),
    postgres: path.join(dataDir, 'postgresql'),
    backup: path.join(dataDir, 'postgres.pglite-backup'),
  };
}

/** True when the data folder holds a PGlite database from an earlier version and no cluster yet. */
export function needsPgliteMigration(folders: LocalDatabaseFolders): boolean {
  return (
    fs.existsSync(path.join(folders.pglite, 'PG_VERSION')) && !fs.existsSync(path.join(folders.postgres, 'PG_VERSION'))
  );
}

export async function migrateFromPglite(folders: LocalDatabaseFolders, log: Log): Promise<void> {
  if (fs.existsSync(folders.backup)) {
    throw new Error(
      `${folders.pglite} holds a PGlite database to move into PostgreSQL, but ${folders.backup} is in the way ` +
        'of its backup. Move one of them aside and start again.',
    );
  }
  const started = Date.now();
  log(
    `This data folder was made by an earlier Baton, on PGlite (${folders.pglite}). Moving it into the embedded ` +
      `PostgreSQL; the PGlite folder is kept as ${folders.backup}.`,
  );
  const partial = `${folders.postgres}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    log('  1/4 dumping the PGlite database (pg_dump in WASM)...');
    const { dump, counts } = await dumpPglite(folders.pglite);
    const rows = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const dumpFile = path.join(path.dirname(folders.pglite), 'pglite-dump.sql');
    fs.writeFileSync(dumpFile, dump);
    log(`      ${counts.size} tables, ${rows} rows, ${(dump.length / 1024).toFixed(0)} KiB (kept as ${dumpFile})`);

    log('  2/4 creating the PostgreSQL cluster and restoring the dump...');
    const server = await startEmbeddedPostgres({ dataDir: partial, log: (message) => log(`      ${message}`) });
    try {
      const restored = await restore(server.url, dump);
      log('  3/4 comparing the row count of every table...');
      const differences = [...counts].filter(([table, count]) => restored.get(table) !== count);
      if (differences.length > 0 || restored.size !== counts.size) {
        const shown = differences.map(([table, count]) => `${table}: ${count} in PGlite, ${restored.get(table)} now`);
        throw new Error(`the restored database differs from PGlite (${shown.join('; ') || 'other tables'})`);
      }
      log(`      all ${counts.size} tables match`);
    } finally {
      await server.stop();
    }

    log('  4/4 putting the new cluster in place...');
    fs.renameSync(partial, folders.postgres);
    fs.renameSync(folders.pglite, folders.backup);
    log(`Moved the PGlite database into PostgreSQL in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Moving the PGlite data folder ${folders.pglite} into PostgreSQL failed: ${reason}\n` +
        'Nothing was changed in it. To keep running on it, use an earlier Baton; to start afresh, move it aside.',
      { cause: error },
    );
  }
}

async function dumpPglite(folder: string): Promise<{ dump: string; counts: Map<string, number> }> {
  // Loaded here only: PGlite and its pg_dump are needed once, for this move.
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgDump } = await import('@electric-sql/pglite-tools');
  const db = await PGlite.create(folder);
  try {
    const counts = await rowCounts((sql) => db.query<Record<string, unknown>>(sql).then((result) => result.rows));
    // Multi-row INSERTs rather than COPY: a plain pg client can run them as one script.
    const file = await pgDump({ pg: db, args: ['--no-owner', '--no-privileges', '--rows-per-insert=500'] });
    return { dump: await file.text(), counts };
  } finally {
    await db.close();
  }
}

/** Runs the dump as one script (one implicit transaction: all of it or none), then counts what arrived. */
async function restore(url: string, dump: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // psql's meta-commands (\restrict, \connect) mean nothing to the server.
    await client.query(
      dump
        .split('\n')
        .filter((line) => !line.startsWith('\\'))
        .join('\n'),
    );
    return await rowCounts((sql) => client.query<Record<string, unknown>>(sql).then((result) => result.rows));
  } finally {
    await client.end();
  }
}

async function rowCounts(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Map<string, number>> {
  const tables = await query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const [row] = await query(`SELECT count(*)::int AS count FROM public."${String(name).replace(/"/g, '""')}"`);
    counts.set(String(name), Number(row!.count));
  }
  return counts;
}
