/**
 * Records the launch-readiness history that the replay test guards:
 *   npx tsx test/workflow/record-history.ts
 * Re-record only for a deliberate, patched() change of the workflow, and keep the
 * old file: every recorded history must keep replaying.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTestServer } from '../../toolchain/temporal-binaries';
import { completeLaunchItem, launchReadiness } from '../../workflows/launch-readiness';

const OUTPUT = path.join(__dirname, 'histories', 'launch-readiness-overdue-then-ready.json');

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await ensureTestServer() } });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'record',
    workflowsPath: require.resolve('../../workflows'),
    activities: { projectLaunch: async () => undefined },
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(launchReadiness, {
      workflowId: 'launch:recorded',
      taskQueue: 'record',
      args: [
        {
          launchId: 'recorded',
          productName: 'Recorded product',
          launchDate: new Date((await env.currentTimeMs()) + 10 * 86_400_000).toISOString().slice(0, 10),
          items: [
            { key: 'early', title: 'Early item', ownerRole: 'ops_manager', dueOffsetDays: -5 },
            { key: 'late', title: 'Late item', ownerRole: 'presales', dueOffsetDays: 1 },
          ],
        },
      ],
    });
    await env.sleep('6 days');
    await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: 'early', completedBy: 'alice', note: 'done late' }] });
    await env.sleep('6 days');
    await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: 'late', completedBy: 'bob' }] });
    await handle.result();
    fs.writeFileSync(OUTPUT, `${historyToJSON(await handle.fetchHistory())}\n`);
  });
  await env.teardown();
  process.stdout.write(`History written to ${OUTPUT}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
