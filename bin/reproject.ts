/**
 * Rebuilds the read model (run lists, items, the timeline events runs still hold) from Temporal, the
 * source of truth. Safe to repeat, and beside running workers.
 *
 *   DATABASE_URL=... TEMPORAL_ADDRESS=... npm run reproject
 *
 * Local mode (`npm start`) does this by itself at start when its read model is empty but Temporal holds runs.
 */
import { connectDatabase } from '../db/prisma';
import { loadConfig } from '../runtime/config';
import { reproject } from '../runtime/reproject';
import { connectClient, installTemporalRuntime, temporalTarget } from '../runtime/temporal';

async function main(): Promise<number> {
  const config = loadConfig();
  installTemporalRuntime(config.logLevel);
  if (!config.databaseUrl) {
    console.error(
      'Set DATABASE_URL to the read model to rebuild. Local mode rebuilds its embedded one at `npm start` when it is empty.',
    );
    return 2;
  }
  const address = config.temporal.address ?? `localhost:${config.temporal.devServerPort}`;
  const client = await connectClient(temporalTarget(config, address));
  const db = connectDatabase(config.databaseUrl);
  try {
    const report = await reproject(client, db, config.temporal.taskQueue);
    for (const [workflowType, count] of Object.entries(report.projected)) console.log(`${workflowType}: ${count} runs`);
    for (const { workflowId, reason } of report.skipped) console.log(`skipped ${workflowId}: ${reason}`);
    return 0;
  } finally {
    await db.$disconnect();
    await client.connection.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`reproject failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
