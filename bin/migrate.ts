/** Applies the committed migrations to DATABASE_URL (a deploy step; `npm start` does it by itself). */
import { applyMigrations } from '../db/migrate';
import { ConfigError, loadConfig } from '../runtime/config';

async function main(): Promise<void> {
  const { databaseUrl } = loadConfig();
  if (!databaseUrl) throw new ConfigError('Invalid configuration:\n  DATABASE_URL is required to migrate a database');
  await applyMigrations(databaseUrl);
  process.stdout.write('Migrations applied.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
