import { SEARCH_ATTRIBUTE_SETUP } from '../../domain/shared/search-attributes';
import { runBaton, type RunningBaton } from '../../runtime/baton';
import { createLogger } from '../../runtime/logger';
import {
  TEST_TASK_QUEUE,
  authorizedRequest,
  createTestDatabase,
  eventually,
  testApiSettings,
  type Identity,
  type TestDatabase,
} from '../helpers/baton-harness';
import { startRealCluster, type RealCluster } from '../helpers/real-cluster';
import {
  postgresAdminUrl,
  temporalCliExecutable,
  temporalServerInstall,
  workflowBundlePath,
} from '../helpers/test-env';

const SALES_EAST: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const SALES_WEST: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager', 'regional_ops'] };

/** A real cluster (on Postgres 15, Baton's search attributes registered) with Baton's worker and API on it. */
function batonOnRealCluster() {
  const stack = {} as { cluster: RealCluster; database: TestDatabase; baton: RunningBaton };
  beforeAll(async () => {
    const cli = temporalCliExecutable();
    if (cli.type !== 'existing-path') throw new Error('the real-cluster suite needs the Temporal CLI on this machine');
    stack.cluster = await startRealCluster({
      install: temporalServerInstall(),
      cliPath: cli.path,
      postgresAdminUrl: postgresAdminUrl(),
      searchAttributes: SEARCH_ATTRIBUTE_SETUP,
    });
    stack.database = await createTestDatabase('postgres');
    stack.baton = await runBaton({
      temporal: { address: stack.cluster.address, namespace: stack.cluster.namespace, tls: false },
      taskQueue: TEST_TASK_QUEUE,
      databaseUrl: stack.database.url,
      logger: createLogger('silent'),
      apiPort: 0,
      apiHost: '127.0.0.1',
      api: testApiSettings(),
      runWorker: true,
      workflowBundlePath: workflowBundlePath(),
    });
  });

  afterAll(async () => {
    await stack.baton?.stop();
    await stack.database?.drop();
    await stack.cluster?.stop();
  });

  return stack;
}

/**
 * The README's on-call queries, run with the Temporal CLI against a real cluster whose namespace has
 * Baton's search attributes registered, answer exactly what the read model lists.
 */
describe("on-call queries in Temporal's CLI", () => {
  const stack = batonOnRealCluster();
  const request = (method: string, path: string, body?: unknown, as: Identity = OPS) =>
    authorizedRequest(stack.baton.apiUrl!, method, path, body, { as });

  async function listed(query: string): Promise<string[]> {
    const output = await stack.cluster.cli(['workflow', 'list', '--query', query, '--output', 'json']);
    const rows = parseCliJson(output) as { execution?: { workflowId?: string } }[];
    return rows.map((row) => row.execution?.workflowId ?? '').sort();
  }

  it('finds open POCs in a region and stage, and overdue launch runs, as the read model lists them', async () => {
    const poc = (account: string, region: string, as: Identity) =>
      request(
        'POST',
        '/api/pocs',
        {
          account,
          region,
          industry: 'manufacturing',
          opportunity: { id: 'opp-1', amount: 120000, currency: 'CNY' },
          product: 'Baton CRM',
          salesOwner: as.subject,
          supporters: { presales: ['priya@hq.example'] },
          criteria: [{ key: 'sync', description: 'Orders sync', measuredBy: 'p95 latency' }],
          plannedStart: '2030-03-04',
          durationDays: 30,
        },
        as,
      );
    const trials: Record<string, string> = {};
    for (const [account, region, as] of [
      ['Acme', 'east', SALES_EAST],
      ['Birch', 'east', SALES_EAST],
      ['Cedar', 'east', SALES_EAST],
      ['Dune', 'west', SALES_WEST],
      ['Elm', 'west', SALES_WEST],
    ] as const) {
      const started = await poc(account, region, as);
      expect(started.status).toBe(201);
      trials[account] = started.body.trialId;
    }
    for (const account of ['Acme', 'Dune']) {
      expect((await request('POST', `/api/pocs/${encodeURIComponent(trials[account]!)}/approve`, {})).status).toBe(200);
    }

    const today = new Date().toISOString().slice(0, 10);
    const template = {
      key: 'on-call',
      name: 'On call',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items: [{ key: 'a', title: 'A', phase: 'only', ownerRole: 'ops_manager', due: { days: -3 } }],
    };
    expect((await request('POST', '/api/templates/on-call/versions', template)).status).toBe(201);
    for (const [launchId, launchDate] of [
      ['late', today],
      ['early', '2031-06-02'],
    ]) {
      const started = await request('POST', '/api/launches', {
        launchId,
        productName: launchId,
        launchDate,
        template: { key: 'on-call' },
      });
      expect(started.status).toBe(201);
    }

    for (const [region, stage] of [
      ['east', 'requested'],
      ['east', 'provisioning'],
      ['west', 'provisioning'],
    ]) {
      // The read model's answer, once every trial is projected at its stage.
      const expected = await eventually(
        () => request('GET', `/api/pocs?region=${region}&stage=${stage}&limit=100`),
        (page) => page.status === 200 && page.body.items.length === (stage === 'requested' ? 2 : 1),
        30_000,
      );
      const fromReadModel = expected.body.items.map((row: { workflowId: string }) => row.workflowId).sort();
      const query = `BatonPlaybook = 'pocTrial' AND BatonRegion = '${region}' AND BatonStage = '${stage}' AND ExecutionStatus = 'Running'`;
      // Visibility is written behind the workflow's history: the same answer, eventually.
      const fromTemporal = await eventually(
        () => listed(query),
        (ids) => JSON.stringify(ids) === JSON.stringify(fromReadModel),
        30_000,
      );
      expect(fromTemporal).toEqual(fromReadModel);
    }

    const overdue = await eventually(
      () => request('GET', '/api/launches?limit=100'),
      (page) => page.body.items.some((row: { launchId: string; itemsOverdue: number }) => row.itemsOverdue > 0),
      30_000,
    );
    const overdueInReadModel = overdue.body.items
      .filter((row: { itemsOverdue: number }) => row.itemsOverdue > 0)
      .map((row: { launchId: string }) => `launch:${row.launchId}`)
      .sort();
    expect(overdueInReadModel).toEqual(['launch:late']);
    const overdueInTemporal = await eventually(
      () => listed("BatonPlaybook = 'launchReadiness' AND BatonOverdue = true AND ExecutionStatus = 'Running'"),
      (ids) => JSON.stringify(ids) === JSON.stringify(overdueInReadModel),
      30_000,
    );
    expect(overdueInTemporal).toEqual(overdueInReadModel);

    // A run's static summary names it in the UI and in `temporal workflow describe`.
    const described = JSON.parse(
      await stack.cluster.cli(['workflow', 'describe', '--workflow-id', 'launch:late', '--output', 'json']),
    ) as { executionConfig?: { userMetadata?: { summary?: unknown } } };
    expect(JSON.stringify(described)).toContain('Baton launchReadiness launch:late');
  });
});

describe('runs Temporal starts for Baton carry BatonPlaybook and a summary', () => {
  const stack = batonOnRealCluster();
  it("marks a converted POC's delivery handoff (started by the workflow) and a person's digest", async () => {
    const request = (method: string, path: string, body?: unknown, as: Identity = OPS) =>
      authorizedRequest(stack.baton.apiUrl!, method, path, body, { as });
    const started = await request(
      'POST',
      '/api/pocs',
      {
        account: 'Fir',
        region: 'east',
        industry: 'manufacturing',
        opportunity: { id: 'opp-9', amount: 120000, currency: 'CNY' },
        product: 'Baton CRM',
        salesOwner: SALES_EAST.subject,
        supporters: { presales: ['priya@hq.example'] },
        criteria: [{ key: 'sync', description: 'Orders sync', measuredBy: 'p95 latency' }],
        plannedStart: '2030-03-04',
        durationDays: 30,
      },
      SALES_EAST,
    );
    expect(started.status).toBe(201);
    const trial = `/api/pocs/${encodeURIComponent(started.body.trialId)}`;
    const act = async (path: string, body: unknown, as: Identity) => {
      const answer = await request('POST', `${trial}/${path}`, body, as);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    };
    await act('approve', {}, OPS);
    // No provisioner is configured: the trial waits for a person.
    await eventually(
      () => request('GET', trial),
      (answer) => answer.body.provisioning?.byHand === true,
      30_000,
    );
    await act('provisioning/manual', { environmentUrl: 'https://fir.trial.example.com' }, OPS);
    await act('kickoff', {}, SALES_EAST);
    await act('criteria/sync', { status: 'met', evidence: 'p95 80 ms' }, PRESALES);
    await act('convert', { nextStep: 'delivery-handoff', note: 'signed' }, SALES_EAST);
    // The person's digest starts with its plan (signal-with-start) when they ask for it.
    const me = await request('PUT', '/api/me', { preferences: { digest: { enabled: true, hour: 8 } } }, SALES_EAST);
    expect(me.status).toBe(200);

    const listedIds = async (query: string) =>
      (
        parseCliJson(await stack.cluster.cli(['workflow', 'list', '--query', query, '--output', 'json'])) as {
          execution?: { workflowId?: string };
        }[]
      ).map((row) => row.execution?.workflowId ?? '');
    const handoffs = await eventually(
      () => listedIds("BatonPlaybook = 'deliveryHandoff'"),
      (ids) => ids.length === 1,
      30_000,
    );
    expect(handoffs[0]).toMatch(/^handoff:Fir:/);
    const digests = await eventually(
      () => listedIds("BatonPlaybook = 'personDigest'"),
      (ids) => ids.length === 1,
      30_000,
    );
    expect(digests[0]).toContain(SALES_EAST.subject);
    const described = await stack.cluster.cli([
      'workflow',
      'describe',
      '--workflow-id',
      handoffs[0]!,
      '--output',
      'json',
    ]);
    expect(described).toContain(`Baton deliveryHandoff ${handoffs[0]}`);
    process.stdout.write(`started by a workflow: ${handoffs[0]}; digest: ${digests[0]}\n`);
  });
});

/** `temporal ... --output json` prints one JSON array, or one JSON object per line in some versions. */
function parseCliJson(output: string): unknown[] {
  const text = output.trim();
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as unknown);
  }
}
