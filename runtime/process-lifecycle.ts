import { ConfigError } from './config';

type StopStep = () => Promise<void>;

/**
 * Runs a process's main function and tears down everything it started, in
 * reverse order, on SIGINT/SIGTERM or when the main work ends. A second signal
 * exits at once.
 */
export function runUntilSignalled(main: (onStop: (step: StopStep) => void) => Promise<unknown>): void {
  const steps: StopStep[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (exitCode: number) => {
    stopping ??= (async () => {
      for (const step of steps.reverse()) {
        await step().catch((error: unknown) => process.stderr.write(`shutdown step failed: ${describe(error)}\n`));
      }
      process.exit(exitCode);
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      process.stderr.write(`\n${signal} received, shutting down...\n`);
      void stop(0);
    });
  }
  main((step) => steps.push(step))
    .then(() => stop(0))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof ConfigError ? error.message : `Baton stopped: ${describe(error)}`}\n`);
      void stop(1);
    });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
