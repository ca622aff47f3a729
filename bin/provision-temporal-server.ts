/**
 * Makes sure a real Temporal server (with its SQL schema tool and Postgres schema) is available,
 * building it from the Go module proxy if needed, and prints where it is. The real-cluster suite
 * (`npm run test:cluster`) needs it; `npm run provision` (dev server, test server) does not.
 *
 *   npx tsx bin/provision-temporal-server.ts
 */
import { ensureTemporalServer } from '../toolchain/temporal-server';

ensureTemporalServer((msg) => console.log(`  ${msg}`)).then(
  (install) => {
    console.log(`Temporal server: ${install.server}`);
    console.log(`Temporal SQL tool: ${install.sqlTool}`);
    console.log(`Postgres schema: ${install.postgresSchemaDir}`);
  },
  (error: unknown) => {
    console.error(`Temporal server: FAILED\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
