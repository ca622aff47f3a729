/**
 * The Temporal SDK's own download of the Temporal CLI (from temporal.download, seconds with
 * internet), tried before building the CLI with Go (minutes). Where that host is not reachable a
 * short probe says so at once, and the caller builds with Go instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

type Log = (msg: string) => void;

export interface SdkDownloadOptions {
  /** Any HTTP answer from here within timeoutMs means the SDK's download host is reachable. */
  probeUrl: string;
  timeoutMs: number;
  /** Makes the SDK download (and cache) the CLI now, so the first server start does not. */
  warmUp: (executable: EphemeralServerExecutable) => Promise<void>;
}

export const DEFAULT_SDK_DOWNLOAD: SdkDownloadOptions = {
  probeUrl: 'https://temporal.download/cli/default',
  timeoutMs: 5_000,
  warmUp: startAndStopDevServer,
};

// Written once the SDK has the CLI in its download folder; later runs use it without a probe.
const READY_MARKER = '.baton-cli-downloaded';
// The SDK re-downloads a cached CLI older than its ttl (a day by default); a kept one is fine offline.
const KEEP_FOR = '3650 days';

export async function trySdkCliDownload(
  downloadDir: string,
  log: Log,
  options: SdkDownloadOptions = DEFAULT_SDK_DOWNLOAD,
): Promise<EphemeralServerExecutable | undefined> {
  const executable: EphemeralServerExecutable = { type: 'cached-download', downloadDir, ttl: KEEP_FOR };
  if (fs.existsSync(path.join(downloadDir, READY_MARKER))) return executable;
  const started = Date.now();
  const unreachable = await probe(options);
  if (unreachable) {
    log(`The Temporal SDK's download is not reachable (${unreachable}); building the CLI with Go instead.`);
    return undefined;
  }
  log(`Downloading the Temporal CLI through the Temporal SDK into ${downloadDir}...`);
  try {
    fs.mkdirSync(downloadDir, { recursive: true });
    await options.warmUp(executable);
  } catch (error) {
    log(`The Temporal SDK's download failed (${error instanceof Error ? error.message : String(error)}).`);
    return undefined;
  }
  fs.writeFileSync(path.join(downloadDir, READY_MARKER), new Date().toISOString());
  log(`Downloaded the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s.`);
  return executable;
}

async function probe({ probeUrl, timeoutMs }: SdkDownloadOptions): Promise<string | undefined> {
  try {
    const response = await fetch(probeUrl, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.status >= 500 ? `${probeUrl} answered ${response.status}` : undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `${probeUrl}: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
  }
}

async function startAndStopDevServer(executable: EphemeralServerExecutable): Promise<void> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable, ip: '127.0.0.1', ui: false } });
  await env.teardown();
}
