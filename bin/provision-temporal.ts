/**
 * Makes sure the Temporal CLI (dev server) and the Java time-skipping test server
 * are available locally, building them if needed, and prints where they are.
 *
 *   npx tsx bin/provision-temporal.ts
 */
import * as os from 'node:os';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { ensureTemporalCli, ensureTestServer } from '../toolchain/temporal-binaries';

const log = (msg: string): void => console.log(`  ${msg}`);

function describeExecutable(executable: EphemeralServerExecutable): string {
  if (executable.type === 'existing-path') return executable.path;
  const downloadDir = executable.downloadDir ?? os.tmpdir();
  return `not available locally; the Temporal SDK will download it into ${downloadDir} on first use (needs internet)`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const targets = [
    { name: 'Temporal CLI (dev server)', ensure: ensureTemporalCli },
    { name: 'Temporal test server (time-skipping)', ensure: ensureTestServer },
  ];
  // Both builds are independent, so run them side by side.
  const outcomes = await Promise.all(
    targets.map(async ({ name, ensure }) => {
      try {
        return { name, ok: true as const, executable: await ensure(log) };
      } catch (error: unknown) {
        return { name, ok: false as const, error };
      }
    }),
  );

  let failed = false;
  for (const outcome of outcomes) {
    if (outcome.ok) {
      console.log(`${outcome.name}: ${describeExecutable(outcome.executable)}`);
    } else {
      failed = true;
      console.error(`${outcome.name}: FAILED\n${errorMessage(outcome.error)}`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (err: unknown) => {
    console.error(`provision-temporal failed: ${errorMessage(err)}`);
    process.exitCode = 1;
  },
);
