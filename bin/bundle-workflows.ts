/**
 * Pre-builds the workflow bundles so production workers skip bundling at start (set WORKFLOW_BUNDLE_PATH to
 * the first): the plain bundle, and next to it the one with Temporal's workflow tracing interceptors, which
 * a worker with TRACING=otlp runs instead (a pre-built bundle cannot take interceptors later).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { tracedBundlePath, WORKFLOW_TRACING_MODULES } from '../runtime/tracing';

async function main(): Promise<void> {
  const outputPath = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  for (const [file, workflowInterceptorModules] of [
    [outputPath, []],
    [tracedBundlePath(outputPath), WORKFLOW_TRACING_MODULES],
  ] as const) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      workflowInterceptorModules: [...workflowInterceptorModules],
      logger: quietLogger,
    });
    fs.writeFileSync(file, code);
    process.stdout.write(`Workflow bundle written to ${file}\n`);
  }
}

const ignore = () => undefined;
const quietLogger = {
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: console.warn,
  error: console.error,
  log: ignore,
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
