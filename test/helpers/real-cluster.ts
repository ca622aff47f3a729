import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../runtime/free-port';
import type { TemporalServerInstall } from '../../toolchain/temporal-server';

const execFileAsync = promisify(execFile);

/** What a test needs to reach the cluster and to drive the Temporal CLI against it. */
export interface RealCluster {
  /** host:port of the frontend's gRPC endpoint. */
  address: string;
  namespace: string;
  /** Runs `temporal <args> --address ... --namespace ...` and returns its stdout. */
  cli(args: string[]): Promise<string>;
  /** Where the server's own log goes, for a failing test's message. */
  logFile: string;
  stop(): Promise<void>;
}

export interface RealClusterOptions {
  install: TemporalServerInstall;
  /** The Temporal CLI (`temporal`), used for namespace and search-attribute setup. */
  cliPath: string;
  /** Admin URL of a Postgres 12+ server on which the role may create databases. */
  postgresAdminUrl: string;
  namespace?: string;
  /** Custom search attributes to register at setup: name -> type (Keyword, Bool, Datetime, ...). */
  searchAttributes?: Record<string, string>;
  /** Frontend TLS: server certificate and key, and the CA that client certificates must chain to. */
  tls?: { certFile: string; keyFile: string; clientCaFile: string };
}

/**
 * A real Temporal server (all four services in one process, as `temporal-server start` runs them by
 * default) on its own Postgres databases: persistence and SQL visibility, each set up with the SQL
 * tool from the versioned schema exactly as an operator does, fresh for every call.
 */
export async function startRealCluster(options: RealClusterOptions): Promise<RealCluster> {
  const namespace = options.namespace ?? 'default';
  const suffix = randomBytes(5).toString('hex');
  const databases = { persistence: `temporal_${suffix}`, visibility: `temporal_vis_${suffix}` };
  const admin = new URL(options.postgresAdminUrl);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cluster-'));
  const logFile = path.join(workDir, 'temporal-server.log');
  let server: ChildProcess | undefined;

  const dropDatabases = async () => {
    const client = new pg.Client({ connectionString: options.postgresAdminUrl });
    await client.connect();
    try {
      for (const name of Object.values(databases)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server!.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await dropDatabases();
    fs.rmSync(workDir, { recursive: true, force: true });
  };

  try {
    for (const [part, name] of [
      ['temporal', databases.persistence],
      ['visibility', databases.visibility],
    ] as const) {
      await setUpSchema(options.install, admin, name, path.join(options.install.postgresSchemaDir, part, 'versioned'));
    }

    const ports = {
      frontend: await freePort(),
      frontendHttp: await freePort(),
      frontendMembership: await membershipPort(),
      history: await freePort(),
      historyMembership: await membershipPort(),
      matching: await freePort(),
      matchingMembership: await membershipPort(),
      worker: await freePort(),
      workerMembership: await membershipPort(),
      metrics: await freePort(),
    };
    const configDir = path.join(workDir, 'config');
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, 'dynamic.yaml'), DYNAMIC_CONFIG);
    fs.writeFileSync(
      path.join(configDir, 'baton.yaml'),
      serverConfig({
        admin,
        databases,
        ports,
        dynamicConfigFile: path.join(configDir, 'dynamic.yaml'),
        tls: options.tls,
      }),
    );

    const log = fs.openSync(logFile, 'a');
    server = spawn(
      options.install.server,
      ['--root', workDir, '--config', 'config', '--env', 'baton', '--allow-no-auth', 'start'],
      {
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    const serverExited = new Promise<never>((_, reject) =>
      server!.once('exit', (code, signal) =>
        reject(new Error(`temporal-server exited (${code ?? signal}) during setup; log:\n${tail(logFile)}`)),
      ),
    );
    serverExited.catch(() => undefined);

    const address = `127.0.0.1:${ports.frontend}`;
    const tlsArgs = options.tls
      ? [
          '--tls-ca-path',
          options.tls.clientCaFile,
          '--tls-cert-path',
          options.tls.certFile,
          '--tls-key-path',
          options.tls.keyFile,
        ]
      : [];
    const cli = async (args: string[]): Promise<string> => {
      const { stdout } = await execFileAsync(
        options.cliPath,
        [...args, '--address', address, '--namespace', namespace, ...tlsArgs],
        { env: { PATH: process.env.PATH, HOME: workDir }, maxBuffer: 64 * 1024 * 1024 },
      );
      return stdout;
    };

    // The frontend answers once the server is up; the namespace is registered as an operator would.
    await Promise.race([
      retry(
        () => cli(['operator', 'namespace', 'create', '--retention', '24h']).catch(alreadyDone),
        90_000,
        'register the namespace',
      ),
      serverExited,
    ]);
    for (const [name, type] of Object.entries(options.searchAttributes ?? {})) {
      await retry(
        () => cli(['operator', 'search-attribute', 'create', '--name', name, '--type', type]).catch(alreadyDone),
        30_000,
        `create ${name}`,
      );
    }
    // Usable once the namespace has reached every service's cache: a list query answers.
    await retry(() => cli(['workflow', 'list', '--limit', '1']), 60_000, 'list workflows');
    return { address, namespace, cli, logFile, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function setUpSchema(install: TemporalServerInstall, admin: URL, database: string, versionedDir: string) {
  const connection = [
    '--endpoint',
    admin.hostname,
    '--port',
    admin.port || '5432',
    '--user',
    decodeURIComponent(admin.username),
    '--password',
    decodeURIComponent(admin.password),
    '--plugin',
    'postgres12',
    '--database',
    database,
  ];
  const env = { PATH: process.env.PATH };
  await execFileAsync(install.sqlTool, [...connection, 'create-database'], { env });
  await execFileAsync(install.sqlTool, [...connection, 'setup-schema', '--version', '0.0'], { env });
  await execFileAsync(install.sqlTool, [...connection, 'update-schema', '--schema-dir', versionedDir], { env });
}

/** Faster than production's default where a test would otherwise wait: a newly registered search attribute is usable at once. */
const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
`;

interface ConfigInput {
  admin: URL;
  databases: { persistence: string; visibility: string };
  ports: Record<
    | 'frontend'
    | 'frontendHttp'
    | 'frontendMembership'
    | 'history'
    | 'historyMembership'
    | 'matching'
    | 'matchingMembership'
    | 'worker'
    | 'workerMembership'
    | 'metrics',
    number
  >;
  dynamicConfigFile: string;
  tls?: RealClusterOptions['tls'];
}

function serverConfig({ admin, databases, ports, dynamicConfigFile, tls }: ConfigInput): string {
  const sql = (database: string, maxConns: number) => `      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "${admin.hostname}:${admin.port || '5432'}"
        connectProtocol: tcp
        user: ${JSON.stringify(decodeURIComponent(admin.username))}
        password: ${JSON.stringify(decodeURIComponent(admin.password))}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpc: number, membership: number, http?: number) => `    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  // Client certificates are required at the frontend only; the services inside the process talk plainly.
  const tlsBlock = tls
    ? `  tls:
    frontend:
      server:
        certFile: ${tls.certFile}
        keyFile: ${tls.keyFile}
        requireClientAuth: true
        clientCaFiles:
          - ${tls.clientCaFile}
      client:
        serverName: localhost
        rootCaFiles:
          - ${tls.clientCaFile}
`
    : '';
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:
${sql(databases.persistence, 20)}
    visibility:
${sql(databases.visibility, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: 127.0.0.1:${ports.metrics}
${tlsBlock}services:
  frontend:
${service(ports.frontend, ports.frontendMembership, ports.frontendHttp)}
  history:
${service(ports.history, ports.historyMembership)}
  matching:
${service(ports.matching, ports.matchingMembership)}
  worker:
${service(ports.worker, ports.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: 127.0.0.1:${ports.frontend}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${dynamicConfigFile}
  pollInterval: 10s
`;
}

async function retry<T>(attempt: () => Promise<T>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) {
        const detail = (error as { stderr?: string }).stderr || (error as Error).message;
        throw new Error(`could not ${what} within ${timeoutMs} ms: ${detail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** A retried setup call whose earlier attempt got through before its answer was lost. */
function alreadyDone(error: unknown): string {
  if (/already (exists|registered)/i.test((error as { stderr?: string }).stderr ?? '')) return '';
  throw error;
}

/**
 * The server stores membership ports in a smallint column (cluster_membership.rpc_port), so they must
 * stay below 32768, where the OS's ephemeral range (freePort) usually is not.
 */
async function membershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isFree(candidate)) return candidate;
  }
  throw new Error('no free port between 20000 and 32000 for the cluster membership');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function tail(file: string): string {
  try {
    // The last lines, without their stack traces.
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .slice(-15)
      .map((line) => line.replace(/,"stacktrace":".*/, '}').slice(0, 600))
      .join('\n');
  } catch {
    return '(no log)';
  }
}
