import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Runs one of Baton's entry points (bin/*.ts) as its own Node process, as a user or a deployment would. */
export function spawnEntryPoint(entry: string, env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join('bin', entry)], {
    cwd: PROJECT_ROOT,
    // The worker's metrics port defaults to 9464; test processes run side by side, so each takes a free one.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WORKER_HTTP_PORT: '0', ...env },
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function collectUntilExit(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Resolves once the process prints `text`; rejects if it exits first. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, text: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms; output so far:\n${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before printing "${text}"; output:\n${seen}`));
    });
  });
}
