/**
 * Records the history of a full playbook run that the replay test guards:
 *   npx tsx test/workflow/record-history.ts
 * Re-record only for a deliberate, patched() change of the workflow, and keep the old
 * files: every recorded history must keep replaying. (launch-readiness-overdue-then-ready.json
 * is the first, fixed-checklist workflow; it was recorded by this script's earlier version.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { RunAction } from '../../domain/run/actions';
import { ensureTestServer } from '../../toolchain/temporal-binaries';
import { launchAction, launchReadiness } from '../../workflows/launch-readiness';
import { playbookRunInput } from '../helpers/playbook-fixtures';

const OUTPUT = path.join(__dirname, 'histories', 'launch-readiness-playbook-full-run.json');

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await ensureTestServer() } });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'record',
    workflowsPath: require.resolve('../../workflows'),
    activities: {
      projectRun: async () => undefined,
      deliverNotifications: async () => ({ delivered: 0, pending: 0 }),
    },
  });
  await worker.runUntil(async () => {
    const launchDate = new Date((await env.currentTimeMs()) + 20 * 86_400_000).toISOString().slice(0, 10);
    const handle = await env.client.workflow.start(launchReadiness, {
      workflowId: 'launch:recorded-playbook',
      taskQueue: 'record',
      args: [playbookRunInput({ launchId: 'recorded-playbook', launchDate })],
    });
    const act = (action: RunAction, actor = 'olga') => handle.executeUpdate(launchAction, { args: [{ action, actor }] });
    // Reminders, overdue and an escalation fire for research before anyone acts.
    await env.sleep('13 days');
    await act({ type: 'start', itemKey: 'research' }, 'pat');
    await act({ type: 'complete', itemKey: 'research' }, 'pat');
    await act({ type: 'assign', itemKey: 'battlecard', assignee: 'quinn' });
    await act({ type: 'comment', itemKey: 'battlecard', text: 'Draft by Friday' }, 'quinn');
    await act({ type: 'complete', itemKey: 'battlecard', evidence: { link: 'https://wiki.example/battlecard' } }, 'quinn');
    await act({ type: 'reopen', itemKey: 'research', reason: 'wrong segment' });
    await act({ type: 'complete', itemKey: 'research' }, 'pat');
    await act({ type: 'complete', itemKey: 'positioning', evidence: { note: 'Mid-market CRM' } }, 'pat');
    await act({ type: 'sign-off-item', itemKey: 'positioning', role: 'ops_manager' });
    await act({ type: 'skip', itemKey: 'swag', reason: 'budget cut' });
    await act({ type: 'change-launch-date', launchDate: new Date((await env.currentTimeMs()) + 10 * 86_400_000).toISOString().slice(0, 10), reason: 'slot moved' });
    await act({ type: 'sign-off-gate', gateKey: 'go', role: 'ops_manager' });
    await act({ type: 'decide', gateKey: 'go', outcome: 'go' });
    await env.sleep('45 days');
    await act({ type: 'complete', itemKey: 'data-review' });
    await act({ type: 'close', reason: 'steady state' });
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
