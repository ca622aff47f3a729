/**
 * Provisions the two Temporal server binaries used by tests and local runs:
 *  - the Temporal CLI (`temporal server start-dev`), and
 *  - the Java time-skipping test server.
 *
 * The Temporal SDK can download both itself, but only from temporal.download,
 * which is not reachable everywhere. The CLI is downloaded that way first (seconds),
 * behind a short reachability probe, and built from the Go module proxy only when
 * that fails (minutes). The test server is built from Maven Central, with the SDK
 * download as the last resort.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { freePort } from '../runtime/free-port';
import { DEFAULT_SDK_DOWNLOAD, trySdkCliDownload, type SdkDownloadOptions } from './temporal-cli-download';

type Log = (msg: string) => void;

const CLI_VERSION = '1.5.1';
// Later CLI tags cannot be built with `go install` (replace directives in go.mod).
const CLI_GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`;
// Same flags as the CLI's release build, so the binary reports its real version.
const CLI_LDFLAGS = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${CLI_VERSION}`;
const CLI_ENV_VAR = 'TEMPORAL_CLI_PATH';

const TEST_SERVER_VERSION = '1.38.0';
const TEST_SERVER_ARTIFACT = { groupId: 'io.temporal', artifactId: 'temporal-test-server' };
const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
const TEST_SERVER_ENV_VAR = 'TEMPORAL_TEST_SERVER_PATH';
const TEST_SERVER_WRAPPER = 'temporal-test-server';
const TEST_SERVER_CLASSPATH_FILE = 'classpath.txt';
/** The JVM's class-data archive of the server's classes: it halves the start on a busy machine. */
const TEST_SERVER_CLASS_ARCHIVE = 'temporal-test-server.jsa';

const EXE_SUFFIX = process.platform === 'win32' ? '.exe' : '';
const HEARTBEAT_MS = 20_000;
const LOCK_POLL_MS = 500;
// A build never legitimately takes this long; older locks are leftovers.
const LOCK_MAX_AGE_MS = 60 * 60_000;
// Grace period for a lock file whose owner has created it but not yet written its pid.
const LOCK_UNWRITTEN_GRACE_MS = 10_000;
const OUTPUT_TAIL_LINES = 20;

const defaultLog: Log = (msg) => console.error(`[temporal-binaries] ${msg}`);

/** Per-user cache outside the clone, shared by all checkouts and jest workers. */
export function batonCacheDir(): string {
  const explicit = process.env.BATON_CACHE_DIR;
  if (explicit) return path.resolve(explicit);
  const xdgCache = process.env.XDG_CACHE_HOME;
  if (xdgCache) return path.join(path.resolve(xdgCache), 'baton');
  return path.join(os.homedir(), '.cache', 'baton');
}

/**
 * Temporal CLI for `temporal server start-dev`. Resolution order:
 * $TEMPORAL_CLI_PATH, `temporal` 1.x on PATH, <repo>/tools/temporal, cached Go build,
 * the SDK's own download (probed with a short timeout), and a fresh `go install`.
 */
export async function ensureTemporalCli(
  log: Log = defaultLog,
  sdkDownload: SdkDownloadOptions = DEFAULT_SDK_DOWNLOAD,
): Promise<EphemeralServerExecutable> {
  const fromEnv = executableFromEnv(CLI_ENV_VAR);
  if (fromEnv) return fromEnv;

  const onPath = findOnPath(`temporal${EXE_SUFFIX}`);
  if (onPath) {
    if (await reportsCliMajorVersion1(onPath)) return existingPath(onPath);
    log(`Ignoring ${onPath}: \`temporal --version\` does not report a 1.x CLI.`);
  }

  const projectLocal = path.join(repoRoot(), 'tools', `temporal${EXE_SUFFIX}`);
  if (isExecutableFile(projectLocal)) return existingPath(projectLocal);

  const cliDir = path.join(batonCacheDir(), 'temporal-cli', `v${CLI_VERSION}`);
  const cached = path.join(cliDir, `temporal${EXE_SUFFIX}`);
  if (isExecutableFile(cached)) return existingPath(cached);

  const downloaded = await trySdkCliDownload(path.join(batonCacheDir(), 'sdk-downloads'), log, sdkDownload);
  if (downloaded) return downloaded;

  if (!findOnPath(`go${EXE_SUFFIX}`)) {
    throw new Error(
      `The Temporal CLI could not be downloaded through the Temporal SDK, and Go is not installed to build it. ` +
        `Install Go (https://go.dev/dl/), or set ${CLI_ENV_VAR} to an existing \`temporal\` 1.x binary.`,
    );
  }
  await buildCli(cliDir, cached, log);
  return existingPath(cached);
}

/**
 * Java time-skipping test server. Resolution order: $TEMPORAL_TEST_SERVER_PATH,
 * cached wrapper script, fresh Maven build, and finally the SDK's own download.
 */
export async function ensureTestServer(log: Log = defaultLog): Promise<EphemeralServerExecutable> {
  const fromEnv = executableFromEnv(TEST_SERVER_ENV_VAR);
  if (fromEnv) return fromEnv;

  const serverDir = path.join(batonCacheDir(), 'temporal-test-server', TEST_SERVER_VERSION);
  const wrapper = path.join(serverDir, TEST_SERVER_WRAPPER);
  if (isCachedTestServerUsable(serverDir)) return existingPath(wrapper);
  if (isExecutableFile(wrapper)) {
    log(`Cached test server at ${wrapper} refers to jars that no longer exist (was ~/.m2 cleaned?); rebuilding it.`);
  }

  // The wrapper is a POSIX shell script.
  if (process.platform === 'win32') {
    return sdkDownloadFallback('Temporal test server', 'building it locally is not supported on Windows', log);
  }
  if (!findOnPath('mvn') || !findJava()) {
    return sdkDownloadFallback(
      'Temporal test server',
      `Java and Maven are not both installed and ${TEST_SERVER_ENV_VAR} is not set`,
      log,
    );
  }
  await buildTestServer(serverDir, log);
  return existingPath(wrapper);
}

// ---------------------------------------------------------------------------
// Temporal CLI build

async function buildCli(cliDir: string, target: string, log: Log): Promise<void> {
  const what = `Temporal CLI v${CLI_VERSION}`;
  await buildOnce(
    {
      what,
      targetDir: cliDir,
      markerFile: path.basename(target),
      isReady: () => isExecutableFile(target),
      startMessage:
        `${what} not found; building it with \`go install ${CLI_GO_PACKAGE}\` into ${cliDir}. ` +
        'This may take a few minutes the first time.',
      build: (scratchDir) =>
        runBuildStep({
          what,
          command: 'go',
          args: ['install', `-ldflags=${CLI_LDFLAGS}`, CLI_GO_PACKAGE],
          env: { GOBIN: scratchDir },
          fixHint:
            `Install Go (https://go.dev/dl/) with access to the Go module proxy, ` +
            `or set ${CLI_ENV_VAR} to an existing \`temporal\` 1.x binary.`,
        }),
    },
    log,
  );
}

// ---------------------------------------------------------------------------
// Java test server build

function isCachedTestServerUsable(serverDir: string): boolean {
  if (!isExecutableFile(path.join(serverDir, TEST_SERVER_WRAPPER))) return false;
  // A wrapper from before the class-data archive is rebuilt once (Maven resolves from its local repository).
  if (!fs.readFileSync(path.join(serverDir, TEST_SERVER_WRAPPER), 'utf8').includes(TEST_SERVER_CLASS_ARCHIVE))
    return false;
  const classpath = readClasspath(path.join(serverDir, TEST_SERVER_CLASSPATH_FILE));
  return classpath !== undefined && classpath.every((entry) => fs.existsSync(entry));
}

function readClasspath(classpathFile: string): string[] | undefined {
  try {
    const entries = fs.readFileSync(classpathFile, 'utf8').trim().split(path.delimiter).filter(Boolean);
    return entries.length > 0 ? entries : undefined;
  } catch {
    return undefined;
  }
}

async function buildTestServer(serverDir: string, log: Log): Promise<void> {
  const what = `Temporal test server ${TEST_SERVER_VERSION}`;
  const fixHint =
    `Install Java (a JDK) and Maven with access to Maven Central, ` +
    `or set ${TEST_SERVER_ENV_VAR} to an existing test server executable.`;
  await buildOnce(
    {
      what,
      targetDir: serverDir,
      markerFile: TEST_SERVER_WRAPPER,
      isReady: () => isCachedTestServerUsable(serverDir),
      startMessage: `${what} not found; resolving its classpath with Maven into ${serverDir} (about half a minute).`,
      build: async (scratchDir) => {
        const pom = path.join(scratchDir, 'pom.xml');
        const classpathFile = path.join(scratchDir, TEST_SERVER_CLASSPATH_FILE);
        fs.writeFileSync(pom, testServerPom());
        await runBuildStep({
          what,
          command: 'mvn',
          args: ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`],
          cwd: scratchDir,
          fixHint,
        });
        const classpath = readClasspath(classpathFile);
        if (!classpath) throw new Error(`Building the ${what} failed: Maven produced an empty classpath.\n${fixHint}`);
        const archived = await dumpClassArchive(classpath, path.join(scratchDir, TEST_SERVER_CLASS_ARCHIVE), log);
        const archive = archived ? path.join(serverDir, TEST_SERVER_CLASS_ARCHIVE) : undefined;
        fs.writeFileSync(path.join(scratchDir, TEST_SERVER_WRAPPER), testServerWrapperScript(classpath, archive), {
          mode: 0o755,
        });
      },
    },
    log,
  );
}

function testServerPom(): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>baton</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>${TEST_SERVER_ARTIFACT.groupId}</groupId>
      <artifactId>${TEST_SERVER_ARTIFACT.artifactId}</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

function testServerWrapperScript(classpath: string[], archive: string | undefined): string {
  const archiveFlag = archive ? `-XX:SharedArchiveFile=${shellQuote(archive)} ` : '';
  return `#!/bin/sh
# Generated by toolchain/temporal-binaries.ts: Temporal Java test server ${TEST_SERVER_VERSION}.
# Usage: ${TEST_SERVER_WRAPPER} <port> [--enable-time-skipping]
# exec, because the Temporal SDK stops the server by killing only its direct child.
# Fast-start JVM flags and the class-data archive (${TEST_SERVER_CLASS_ARCHIVE}${archive ? '' : ': could not be made here'}),
# because the SDK gives the server only ~5 s to accept gRPC.
JAVA="\${JAVA_HOME:+$JAVA_HOME/bin/java}"
exec "\${JAVA:-java}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto ${archiveFlag}\\
  -cp ${shellQuote(classpath.join(path.delimiter))} \\
  ${TEST_SERVER_MAIN_CLASS} "$@"
`;
}

/**
 * Starts the server once with the JVM recording the classes it loads, and stops it when it accepts
 * connections, which leaves a dynamic class-data archive. A failure only costs the faster start.
 */
async function dumpClassArchive(classpath: string[], archive: string, log: Log): Promise<boolean> {
  const port = await freePort();
  const java = findJava() ?? 'java';
  const server = spawn(
    java,
    [
      `-XX:ArchiveClassesAtExit=${archive}`,
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-cp',
      classpath.join(path.delimiter),
      TEST_SERVER_MAIN_CLASS,
      String(port),
      '--enable-time-skipping',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  const up = await waitForPort(port, 120_000, exited);
  server.kill('SIGTERM');
  await exited;
  const made = up && fs.existsSync(archive);
  if (!made) log(`Could not make the test server's class-data archive; it will start without it (slower).`);
  return made;
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<unknown>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (!gone && Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function findJava(): string | undefined {
  const javaHome = process.env.JAVA_HOME;
  if (javaHome && isExecutableFile(path.join(javaHome, 'bin', 'java'))) return path.join(javaHome, 'bin', 'java');
  return findOnPath('java');
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function quoteIfNeeded(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : shellQuote(arg);
}

// ---------------------------------------------------------------------------
// Build-once machinery: cross-process lock, scratch dir, atomic publish, progress

export interface BuildSpec {
  what: string;
  targetDir: string;
  /** File whose presence in targetDir means "fully built"; published last. */
  markerFile: string;
  isReady: () => boolean;
  startMessage: string;
  /** Produces every file to publish in scratchDir. */
  build: (scratchDir: string) => Promise<void>;
}

export async function buildOnce(spec: BuildSpec, log: Log): Promise<void> {
  fs.mkdirSync(spec.targetDir, { recursive: true });
  await withLock(path.join(spec.targetDir, '.build.lock'), spec.what, log, async () => {
    if (spec.isReady()) return; // another process finished the build while we waited
    removeLeftoverScratchDirs(spec.targetDir);
    const scratchDir = fs.mkdtempSync(path.join(spec.targetDir, '.build-'));
    try {
      log(spec.startMessage);
      const started = Date.now();
      await withHeartbeat(
        () => `Still building the ${spec.what} (${secondsSince(started)} s elapsed)...`,
        log,
        () => spec.build(scratchDir),
      );
      publish(scratchDir, spec.targetDir, spec.markerFile);
      log(`Built the ${spec.what} in ${secondsSince(started)} s: ${path.join(spec.targetDir, spec.markerFile)}`);
    } finally {
      fs.rmSync(scratchDir, { recursive: true, force: true });
    }
  });
}

/** Renames are atomic, and the marker goes last, so readers never see a half-built result. */
function publish(scratchDir: string, targetDir: string, markerFile: string): void {
  const names = fs.readdirSync(scratchDir);
  if (!names.includes(markerFile)) {
    throw new Error(`Build finished but did not produce ${markerFile} in ${scratchDir}.`);
  }
  for (const name of [...names.filter((n) => n !== markerFile), markerFile]) {
    fs.renameSync(path.join(scratchDir, name), path.join(targetDir, name));
  }
}

/** Only called while holding the lock, so any scratch dir left is from an interrupted build. */
function removeLeftoverScratchDirs(targetDir: string): void {
  for (const name of fs.readdirSync(targetDir)) {
    if (name.startsWith('.build-')) fs.rmSync(path.join(targetDir, name), { recursive: true, force: true });
  }
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: number;
}

async function withLock(lockPath: string, what: string, log: Log, work: () => Promise<void>): Promise<void> {
  const waitStarted = Date.now();
  let lastHeartbeat: number | undefined;
  for (;;) {
    if (tryCreateLock(lockPath)) {
      try {
        return await work();
      } finally {
        fs.rmSync(lockPath, { force: true });
      }
    }
    if (isStaleLock(lockPath)) {
      // Small race: two waiters may both judge the same lock stale; the worst case is a duplicate build.
      fs.rmSync(lockPath, { force: true });
      continue;
    }
    if (lastHeartbeat === undefined || Date.now() - lastHeartbeat >= HEARTBEAT_MS) {
      const owner = readLockOwner(lockPath);
      log(
        `Waiting for another process${owner ? ` (pid ${owner.pid})` : ''} that is building the ${what} ` +
          `(${secondsSince(waitStarted)} s so far)...`,
      );
      lastHeartbeat = Date.now();
    }
    await sleep(LOCK_POLL_MS);
  }
}

function tryCreateLock(lockPath: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: Date.now() };
  fs.writeSync(fd, JSON.stringify(owner));
  fs.closeSync(fd);
  return true;
}

function isStaleLock(lockPath: string): boolean {
  const owner = readLockOwner(lockPath);
  if (!owner) return fileAgeMs(lockPath) > LOCK_UNWRITTEN_GRACE_MS;
  if (Date.now() - owner.startedAt > LOCK_MAX_AGE_MS) return true;
  return owner.host === os.hostname() && !isProcessAlive(owner.pid);
}

function readLockOwner(lockPath: string): LockOwner | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, host, startedAt } = parsed as Partial<LockOwner>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof startedAt !== 'number') return undefined;
    return { pid, host, startedAt };
  } catch {
    return undefined;
  }
}

function fileAgeMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0; // gone already: not stale, the next attempt will simply take the lock
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withHeartbeat<T>(message: () => string, log: Log, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => log(message()), HEARTBEAT_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------------------
// Running external tools

interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  spawnError?: Error;
}

export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv | undefined; cwd?: string | undefined; timeoutMs?: number | undefined } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    const collect = (chunk: Buffer): void => {
      // Bounded: only the tail is ever reported.
      output = (output + chunk.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (spawnError) => resolve({ exitCode: null, signal: null, output, spawnError }));
    child.on('close', (exitCode, signal) => resolve({ exitCode, signal, output }));
  });
}

interface BuildStep {
  what: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv | undefined;
  cwd?: string | undefined;
  fixHint: string;
}

export async function runBuildStep(step: BuildStep): Promise<void> {
  const result = await run(step.command, step.args, { env: step.env, cwd: step.cwd });
  if (result.exitCode === 0) return;
  const commandLine = [step.command, ...step.args].map(quoteIfNeeded).join(' ');
  const outcome = result.spawnError
    ? `could not be started (${result.spawnError.message})`
    : result.signal
      ? `was killed by ${result.signal}`
      : `exited with code ${result.exitCode}`;
  throw new Error(
    [
      `Building the ${step.what} failed: \`${commandLine}\` ${outcome}.`,
      `Output (last ${OUTPUT_TAIL_LINES} lines at most):`,
      indent(lastLines(result.output, OUTPUT_TAIL_LINES) || '(no output)'),
      `How to fix: ${step.fixHint}`,
    ].join('\n'),
  );
}

async function reportsCliMajorVersion1(executable: string): Promise<boolean> {
  const result = await run(executable, ['--version'], { timeoutMs: 15_000 });
  // e.g. "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"
  return result.exitCode === 0 && /\bversion\s+v?1\.\d+/.test(result.output);
}

// ---------------------------------------------------------------------------
// Small helpers

function executableFromEnv(variable: string): EphemeralServerExecutable | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  const resolved = path.resolve(value);
  if (!isExecutableFile(resolved)) {
    throw new Error(`${variable} is set to "${value}", but that is not an existing executable file.`);
  }
  return existingPath(resolved);
}

function sdkDownloadFallback(what: string, reason: string, log: Log): EphemeralServerExecutable {
  const downloadDir = path.join(batonCacheDir(), 'sdk-downloads');
  log(
    `${what}: ${reason}; falling back to the Temporal SDK's own download from temporal.download ` +
      `into ${downloadDir} (needs internet access).`,
  );
  return { type: 'cached-download', downloadDir };
}

function existingPath(executable: string): EphemeralServerExecutable {
  return { type: 'existing-path', path: executable };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** This module lives in <root>/toolchain/. */
function repoRoot(): string {
  return path.resolve(__dirname, '..');
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split(/\r?\n/).slice(-count).join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function secondsSince(startMs: number): number {
  return Math.round((Date.now() - startMs) / 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
