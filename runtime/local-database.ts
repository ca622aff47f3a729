import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { localDatabaseFolders, migrateFromPglite, needsPgliteMigration } from '../db/pglite-migration';

export interface LocalDatabase {
  url: string;
  /** Where its cluster lives, for the start-up summary. */
  folder: string;
  /** Rejects if the server ends on its own; never settles otherwise. */
  lost: Promise<never>;
  stop(): Promise<void>;
}

/**
 * Local mode's database: an embedded PostgreSQL with its cluster in `<data>/postgresql/`, on a free
 * localhost port. It serves any number of connections, so a worker or API started by hand
 * (`npm run start:worker` with DATABASE_URL set to the printed URL) can share it. A PGlite folder
 * from an earlier version is moved across first (db/pglite-migration.ts).
 */
export async function startLocalDatabase(dataDir: string, log: (message: string) => void): Promise<LocalDatabase> {
  const folders = localDatabaseFolders(dataDir);
  if (needsPgliteMigration(folders)) await migrateFromPglite(folders, log);
  const server = await startEmbeddedPostgres({ dataDir: folders.postgres, log });
  const lost = server.exited.then((code) => {
    throw new Error(`the embedded PostgreSQL exited unexpectedly (code ${code})`);
  });
  // Only the caller's race reports it; during shutdown the server is meant to exit.
  lost.catch(() => undefined);
  return { url: server.url, folder: folders.postgres, lost, stop: () => server.stop() };
}
