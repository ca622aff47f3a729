import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { addCalendarDays } from '../../domain/shared/business-calendar';
import { authorizedRequest, eventually, type Identity } from '../helpers/baton-harness';
import { FIXTURE_STAKEHOLDERS } from '../helpers/handoff-fixtures';
import { apiWithWorkerProcesses } from '../helpers/worker-processes';

/**
 * Issue 18: case events out of every playbook (deal, handoff, renewal, launch) through the webhook
 * outbox, heard by a receiver that checks each signature with the same library, across a worker
 * process killed with SIGKILL while one POST is in flight. The outbox delivers at least once (the
 * killed sender's claim lapses and its rows are sent again); the receiver drops repeats by
 * webhook-id, and after that every event was heard exactly once. The worker runs as its own
 * process, so this runs on Postgres (PGlite serves one connection).
 */

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const CS: Identity = { subject: 'ana@hq.example', roles: ['customer_success'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };

interface Heard {
  id: string;
  type: string;
  caseId: string;
  playbook: string;
  stage?: { before?: string; after?: string };
}

/**
 * A subscriber's endpoint: answers 503 while down; once up it verifies each POST and keeps it, and
 * the first POST after `holdNext` gets no answer until `release` (the worker is killed meanwhile).
 */
function receiver() {
  const posts: Heard[] = [];
  let refused = 0;
  let secret = '';
  let mode: 'down' | 'hold-next' | 'up' = 'down';
  let held: (() => void) | undefined;
  let heldSeen: (id: string) => void = () => undefined;
  const heldArrived = new Promise<string>((resolve) => (heldSeen = resolve));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (mode === 'down') {
        refused += 1;
        res.writeHead(503).end();
        return;
      }
      let message: Heard;
      try {
        const body = Buffer.concat(chunks).toString('utf8');
        message = new Webhook(secret).verify(body, req.headers as Record<string, string>) as Heard;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      posts.push({ ...message, id });
      if (mode === 'hold-next') {
        mode = 'up';
        held = () => res.writeHead(204).end();
        heldSeen(id);
        return;
      }
      res.writeHead(204).end();
    });
  });
  return {
    posts,
    refused: () => refused,
    heldArrived,
    holdNext: () => (mode = 'hold-next'),
    release: () => {
      held?.();
      held = undefined;
    },
    setSecret: (value: string) => (secret = value),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`),
        ),
      ),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('case events of every playbook heard once across a SIGKILLed worker, on postgres', () => {
  const hooks = receiver();
  const stack = apiWithWorkerProcesses(async () => {
    hooks.release();
    await hooks.close();
  });

  const request = (method: string, path: string, body: unknown, as: Identity) =>
    authorizedRequest(stack.api.apiUrl!, method, path, body, { as });
  const act = async (path: string, body: unknown, as: Identity) => {
    const answer = await request('POST', path, body, as);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const today = () => new Date().toISOString().slice(0, 10);

  it('sends created, stage changes, accepted, lost and churned of deals, handoffs, renewals and launches once each', async () => {
    const worker = await stack.startWorker();
    const subscribed = await request(
      'POST',
      '/api/integrations/subscriptions',
      {
        url: await hooks.listen(),
        kinds: ['created', 'stage-changed', 'overdue', 'escalated', 'won', 'lost', 'accepted', 'renewed', 'churned'],
      },
      ADMIN,
    );
    expect(subscribed.status).toBe(201);
    hooks.setSecret(subscribed.body.secret);

    // A deal: requested, accepted (triaged), closed lost.
    const deal = await request(
      'POST',
      '/api/deals',
      {
        account: 'Huge Bank',
        region: 'east',
        opportunity: { id: 'opp-7', amount: 2_500_000, currency: 'CNY' },
        dealStage: 'negotiation',
        competitors: ['RivalSoft'],
        supportTypes: ['competitive-brief'],
        dueDate: '2030-03-15',
        salesOwner: SALES.subject,
      },
      SALES,
    );
    expect(deal.status).toBe(201);
    const dealPath = `/api/deals/${encodeURIComponent(deal.body.dealId)}`;
    await act(`${dealPath}/accept`, { assignees: { 'competitive-brief': [PRESALES.subject] } }, PRESALES);
    await act(`${dealPath}/lost`, { reason: 'price', note: 'went with the cheaper bid' }, SALES);

    // A handoff: started, its package accepted, then cancelled.
    const handoff = await request(
      'POST',
      '/api/handoffs',
      {
        account: 'Huge Bank',
        opportunity: 'opp-9',
        region: 'east',
        amount: 1_200_000,
        currency: 'CNY',
        salesOwner: SALES.subject,
        prefill: { requirements: 'Branch rollout, SSO, audit log', commitments: 'Chinese UI by go-live' },
        projectManager: PM.subject,
      },
      SALES,
    );
    expect(handoff.status).toBe(201);
    const handoffPath = `/api/handoffs/${encodeURIComponent(handoff.body.handoffId)}`;
    await act(
      `${handoffPath}/package`,
      {
        items: [
          { key: 'contract', link: 'https://crm.example/contracts/opp-9.pdf' },
          { key: 'scope', text: 'SOW v3' },
          { key: 'known-risks', text: 'Data migration from the old CRM' },
        ],
        stakeholders: FIXTURE_STAKEHOLDERS,
        targetGoLive: addCalendarDays(today(), 120),
      },
      SALES,
    );
    await act(`${handoffPath}/submit`, {}, SALES);
    await act(`${handoffPath}/accept`, {}, PM);
    await act(`${handoffPath}/cancel`, { reason: 'customer walked away after signing' }, OPS);

    // A renewal: started on its health review, churned.
    const renewal = await request(
      'POST',
      '/api/renewals',
      {
        account: 'Late Co',
        region: 'east',
        contractId: 'C-7',
        termStart: addCalendarDays(today(), 200 - 364),
        contractEnd: addCalendarDays(today(), 200),
        value: 100_000,
        currency: 'CNY',
        tier: 'key',
        customerSuccessOwner: CS.subject,
        opsManager: OPS.subject,
      },
      CS,
    );
    expect(renewal.status).toBe(201);
    const renewalPath = `/api/renewals/${encodeURIComponent(renewal.body.renewalId)}`;
    await act(`${renewalPath}/outcome`, { outcome: 'churned', churnReason: 'budget', note: 'budget cut' }, CS);

    // A launch run: started, cancelled.
    const template = {
      key: 'tiny',
      name: 'Tiny',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items: [{ key: 'a', title: 'A', phase: 'only', ownerRole: 'ops_manager', due: { days: -3 } }],
    };
    expect((await request('POST', '/api/templates/tiny/versions', template, OPS)).status).toBe(201);
    const launch = await request(
      'POST',
      '/api/launches',
      { launchId: 'atlas', productName: 'Atlas', launchDate: '2030-01-01', template: { key: 'tiny' } },
      OPS,
    );
    expect(launch.status).toBe(201);
    await act('/api/launches/atlas/cancel', { reason: 'merged into Orion' }, OPS);

    // What the subscriber should hear, read from the outbox once every projection is in.
    const expectedCases = [deal.body.dealId, handoff.body.handoffId, renewal.body.renewalId, 'atlas'];
    const outbox = await eventually(
      () => stack.api.db.webhookDelivery.findMany({ orderBy: [{ caseId: 'asc' }, { eventN: 'asc' }] }),
      (rows) =>
        ['case.lost', 'case.churned'].every((type) =>
          rows.some((row) => (row.payload as { type: string }).type === type),
        ) &&
        rows.some((row) => row.caseId === 'atlas' && (row.payload as unknown as Heard).stage?.after === 'cancelled') &&
        rows.some(
          (row) =>
            row.caseId === handoff.body.handoffId && (row.payload as unknown as Heard).stage?.after === 'cancelled',
        ),
      60_000,
    );
    expect([...new Set(outbox.map((row) => row.caseId))].sort()).toEqual([...expectedCases].sort());

    // The receiver was down all along (every event waits, each subscription in order). It comes
    // back holding its first POST open; the backoff is cut short by hand rather than waited for.
    expect(hooks.refused()).toBeGreaterThanOrEqual(1);
    expect(hooks.posts).toEqual([]);
    hooks.holdNext();
    await stack.api.db.webhookDelivery.updateMany({ where: { status: 'pending' }, data: { claimedUntil: null } });
    const inFlight = await hooks.heldArrived;

    // The worker is killed (SIGKILL, no shutdown) while that POST waits for its answer.
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));
    hooks.release();
    const beforeRestart = hooks.posts.length;

    // 3. A new worker process takes over once the dead sender's claim lapses.
    await stack.startWorker();
    await eventually(
      async () => new Set(hooks.posts.map((post) => post.id)).size,
      (heard) => heard >= outbox.length,
      150_000,
    );
    // A moment more: anything sent a third time would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const distinct = new Map(hooks.posts.map((post) => [post.id, post]));
    expect([...distinct.keys()].sort()).toEqual(outbox.map((row) => row.messageId).sort());
    // The POST in flight at the kill was sent again (at least once), and nothing more than once after dedupe.
    expect(hooks.posts.length).toBeGreaterThan(distinct.size);
    expect(hooks.posts.filter((post) => post.id === inFlight).length).toBe(2);
    const rows = await stack.api.db.webhookDelivery.findMany();
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);

    const byCase = (caseId: string) =>
      [...distinct.values()]
        .filter((post) => post.caseId === caseId)
        .map((post) => (post.stage ? `${post.type}:${post.stage.before ?? ''}>${post.stage.after}` : post.type));
    for (const caseId of expectedCases)
      expect(byCase(caseId)).toEqual(expect.arrayContaining([expect.stringMatching(/^case\.created:>/)]));
    expect(byCase(deal.body.dealId)).toEqual(
      expect.arrayContaining(['case.accepted', 'case.lost', 'case.stage-changed:requested>triaged']),
    );
    expect(byCase(handoff.body.handoffId)).toEqual(expect.arrayContaining(['case.accepted']));
    expect(byCase(renewal.body.renewalId)).toEqual(
      expect.arrayContaining(['case.churned', expect.stringMatching(/>churned$/)]),
    );
    expect(byCase('atlas')).toEqual(['case.created:>active', 'case.stage-changed:active>cancelled']);
    process.stdout.write(
      `[outbox sigkill] ${outbox.length} events in the outbox over ${expectedCases.length} cases (deal, handoff, renewal, launch); ` +
        `receiver refused ${hooks.refused()} POST(s) while down, got ${beforeRestart} before the SIGKILL (${inFlight} in flight), ${hooks.posts.length} in all, ${distinct.size} distinct webhook-ids; ` +
        `sent twice: ${hooks.posts.length - distinct.size}\n` +
        expectedCases.map((caseId) => `  ${caseId}: ${byCase(caseId).join(', ')}`).join('\n') +
        '\n',
    );
  }, 300_000);
});
