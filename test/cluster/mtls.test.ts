import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchWorkflowId } from '../../domain/launch/projection';
import { freePort } from '../../runtime/free-port';
import {
  TEST_JWT_SECRET,
  TEST_TASK_QUEUE,
  authorizedRequest,
  createTestDatabase,
  eventually,
  type TestDatabase,
} from '../helpers/baton-harness';
import { collectUntilExit, spawnEntryPoint, waitForOutput } from '../helpers/processes';
import { startRealCluster, type RealCluster } from '../helpers/real-cluster';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates';
import {
  postgresAdminUrl,
  temporalCliExecutable,
  temporalServerInstall,
  workflowBundlePath,
} from '../helpers/test-env';

/**
 * mTLS against a real Temporal server whose frontend requires client certificates from the test's CA.
 * The worker is configured with TEMPORAL_TLS_* variables and the API with a TOML profile, both read by
 * Temporal's environment configuration package; an action through the API reaches the workflow and the
 * worker's projection. Without a client certificate, or with one from another CA, the server refuses.
 */
describe('mTLS to a real Temporal cluster', () => {
  let certs: TestCertificates;
  let cluster: RealCluster;
  let database: TestDatabase;
  const started: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    certs = await makeTestCertificates();
    const cli = temporalCliExecutable();
    if (cli.type !== 'existing-path') throw new Error('the real-cluster suite needs the Temporal CLI on this machine');
    cluster = await startRealCluster({
      install: temporalServerInstall(),
      cliPath: cli.path,
      postgresAdminUrl: postgresAdminUrl(),
      tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, clientCaFile: certs.caFile },
    });
    database = await createTestDatabase('postgres');
  });

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database?.drop();
    await cluster?.stop();
    certs?.remove();
  });

  const commonEnv = () => ({
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
  });

  async function startApi(
    env: Record<string, string>,
  ): Promise<{ url: string; process: ChildProcessWithoutNullStreams }> {
    const port = await freePort();
    const api = spawnEntryPoint('api.ts', {
      ...commonEnv(),
      ...env,
      PORT: String(port),
      API_HOST: '127.0.0.1',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
    });
    started.push(api);
    return { url: `http://127.0.0.1:${port}`, process: api };
  }

  it('serves an action through API and worker with client certificates from envconfig', async () => {
    const worker = spawnEntryPoint('worker.ts', {
      ...commonEnv(),
      WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caFile,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCertFile,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKeyFile,
    });
    started.push(worker);
    await waitForOutput(worker, 'worker polling', 120_000);

    // The API's connection from a TOML profile, as `temporal config set` writes one.
    const profile = path.join(certs.dir, 'temporal.toml');
    fs.writeFileSync(
      profile,
      `[profile.baton]
address = "${cluster.address}"
namespace = "${cluster.namespace}"
[profile.baton.tls]
server_ca_cert_path = "${certs.caFile}"
client_cert_path = "${certs.clientCertFile}"
client_key_path = "${certs.clientKeyFile}"
`,
    );
    const { TEMPORAL_ADDRESS: _fromProfile, ...withoutAddress } = commonEnv();
    const api = await startApi({ ...withoutAddress, TEMPORAL_CONFIG_FILE: profile, TEMPORAL_PROFILE: 'baton' });
    await waitForOutput(api.process, 'API listening', 120_000);

    const request = (method: string, urlPath: string, body?: unknown) =>
      authorizedRequest(api.url, method, urlPath, body);
    const template = {
      key: 'mtls',
      name: 'mTLS',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items: [{ key: 'a', title: 'A', phase: 'only', ownerRole: 'ops_manager', due: { days: -1 } }],
    };
    expect((await request('POST', '/api/templates/mtls/versions', template)).status).toBe(201);
    const launch = { launchId: 'mtls-1', productName: 'mTLS', launchDate: '2030-01-01', template: { key: 'mtls' } };
    expect((await request('POST', '/api/launches', launch)).status).toBe(201);
    const done = await request('POST', '/api/launches/mtls-1/items/a/complete', {});
    expect(done.status).toBe(200);
    // The worker's projection, written after the Update it ran over mTLS.
    const listed = await eventually(
      () => request('GET', '/api/launches?limit=10'),
      (page) =>
        page.status === 200 &&
        page.body.items.some(
          (row: { launchId: string; itemsDone: number }) => row.launchId === 'mtls-1' && row.itemsDone === 1,
        ),
      30_000,
    );
    expect(listed.status).toBe(200);
    const workflows = await cluster.cli([
      'workflow',
      'list',
      '--query',
      `WorkflowId = "${launchWorkflowId('mtls-1')}"`,
    ]);
    expect(workflows).toContain(launchWorkflowId('mtls-1'));
  });

  it('is refused without a client certificate, with one from another CA, and in plain text', async () => {
    const attempts = {
      'no client certificate': { TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caFile },
      'a certificate from another CA': {
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caFile,
        TEMPORAL_TLS_CLIENT_CERT_PATH: certs.strangerCertFile,
        TEMPORAL_TLS_CLIENT_KEY_PATH: certs.strangerKeyFile,
      },
      'plain gRPC': {},
    };
    const outcomes = await Promise.all(
      Object.entries(attempts).map(async ([name, env]) => {
        const finished = await collectUntilExit((await startApi(env)).process);
        return { name, code: finished.code, said: `${finished.stderr}${finished.stdout}` };
      }),
    );
    for (const outcome of outcomes) {
      // The API checks Temporal before it serves, and stops with the reason.
      expect({ name: outcome.name, code: outcome.code }).toEqual({ name: outcome.name, code: 1 });
      expect(outcome.said).toMatch(/TEMPORAL_ADDRESS: cannot reach a Temporal server at 127\.0\.0\.1:\d+/);
      expect(outcome.said).not.toContain('API listening');
    }
    process.stdout.write(
      `mTLS refusals:\n${outcomes.map((o) => `  ${o.name}: ${o.said.trim().split('\n').pop()}`).join('\n')}\n`,
    );
  });
});
