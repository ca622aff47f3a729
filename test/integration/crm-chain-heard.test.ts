import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Webhook } from 'standardwebhooks';
import { runBaton, type RunningBaton } from '../../runtime/baton';
import { createLogger } from '../../runtime/logger';
import {
  TEST_TASK_QUEUE,
  authorizedRequest,
  createTestDatabase,
  databaseKinds,
  eventually,
  testApiSettings,
  type Identity,
  type TestDatabase,
} from '../helpers/baton-harness';
import { requestJson } from '../helpers/http';
import { temporalCliExecutable, workflowBundlePath } from '../helpers/test-env';

/**
 * Issue 18's "done when": a POC requested by a CRM event, updated by a second and won by a third
 * ends as one case chain, and a subscriber's receiver (checking every signature with the same
 * library) hears each stage change once, across a receiver outage and a restart of Baton's worker.
 */

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const OPS_EAST: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const SAMPLES = path.join(__dirname, '../../domain/integrations/samples');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
const TRIAL = 'poc:Acme%20Retail:006Dn00000AcmeOPP';

interface Heard {
  id: string;
  type: string;
  stage?: { before?: string; after?: string };
  caseId: string;
}

/** A subscriber's endpoint: verifies each POST, answers 503 while `down`, and keeps what it accepted. */
function receiver() {
  const accepted: Heard[] = [];
  let refused = 0;
  let secret = '';
  let down = true;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (down) {
        refused += 1;
        res.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const message = new Webhook(secret).verify(body, req.headers as Record<string, string>) as Heard;
        accepted.push({ ...message, id: String(req.headers['webhook-id']) });
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  return {
    accepted,
    refused: () => refused,
    setSecret: (value: string) => (secret = value),
    setDown: (value: boolean) => (down = value),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(databaseKinds())('a CRM-driven customer chain heard by a subscriber, on %s', (kind) => {
  let temporal: TestWorkflowEnvironment;
  let database: TestDatabase;
  let baton: RunningBaton;
  const hooks = receiver();

  const start = () =>
    runBaton({
      temporal: { address: temporal.address, namespace: 'default', tls: false },
      taskQueue: TEST_TASK_QUEUE,
      databaseUrl: database.url,
      dbMaxConnections: database.maxConnections,
      logger: createLogger('silent'),
      apiPort: 0,
      api: testApiSettings(),
      runWorker: true,
      workflowBundlePath: workflowBundlePath(),
    });

  beforeAll(async () => {
    temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
    database = await createTestDatabase(kind);
    baton = await start();
  });

  afterAll(async () => {
    await baton?.stop();
    await hooks.close();
    await database?.drop();
    await temporal?.teardown();
  });

  const api = (method: string, url: string, body?: unknown, as: Identity = ADMIN) =>
    authorizedRequest(baton.apiUrl!, method, url, body, { as });

  it('requests, updates and wins the trial from the CRM; the receiver hears every stage change once', async () => {
    const url = await hooks.listen();
    const subscribed = await api('POST', '/api/integrations/subscriptions', {
      url,
      kinds: ['created', 'stage-changed', 'won', 'lost'],
    });
    expect(subscribed.status).toBe(201);
    hooks.setSecret(subscribed.body.secret);
    const subscription: string = subscribed.body.id;
    const crmSecret = (await api('POST', '/api/integrations/salesforce/secret')).body.secret as string;
    const crm = (eventId: string, file: string) => {
      const body = sample(file);
      const at = new Date();
      return requestJson(baton.apiUrl!, 'POST', '/api/integrations/salesforce/events', body, {
        'webhook-id': eventId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(crmSecret).sign(eventId, at, body),
      });
    };

    // 1. The CRM requests the trial while the receiver is down: the event waits in the outbox.
    expect((await crm('sf-1', 'salesforce-opportunity-trial.json')).body.outcomes[0].outcome).toBe('started');
    await eventually(
      () => api('GET', `/api/integrations/subscriptions/${subscription}/deliveries`),
      (log) => log.body.deliveries.some((delivery: { attempts: number }) => delivery.attempts >= 1),
      30_000,
    );
    expect(hooks.accepted).toEqual([]);

    // 2. Baton's worker (and API) restart while deliveries are pending; the receiver comes back.
    await baton.stop();
    baton = await start();
    hooks.setDown(false);

    // 3. The CRM updates the opportunity; regional ops run the trial; the CRM marks it won.
    expect((await crm('sf-2', 'salesforce-opportunity-updated.json')).body.outcomes[0].outcome).toBe('updated');
    expect((await api('POST', `/api/pocs/${encodeURIComponent(TRIAL)}/approve`, {}, OPS_EAST)).status).toBe(200);
    await eventually(
      () => api('GET', `/api/pocs/${encodeURIComponent(TRIAL)}`),
      (answer) => answer.body.stage === 'provisioning',
    );
    const manual = await api(
      'POST',
      `/api/pocs/${encodeURIComponent(TRIAL)}/provisioning/manual`,
      { note: 'by hand' },
      OPS_EAST,
    );
    expect(manual.status).toBe(200);
    expect((await api('POST', `/api/pocs/${encodeURIComponent(TRIAL)}/kickoff`, {}, OPS_EAST)).status).toBe(200);
    const won = await crm('sf-3', 'salesforce-opportunity-closed-won.json');
    expect(won.body.outcomes.map((outcome: { outcome: string }) => outcome.outcome)).toEqual(['updated', 'converted']);

    // One chain: the converted trial started the delivery handoff for the same account and opportunity.
    const trial = await eventually(
      () => api('GET', `/api/pocs/${encodeURIComponent(TRIAL)}`),
      (answer) => answer.body.nextPlaybook?.status === 'started',
    );
    const handoff = await api('GET', `/api/handoffs/${encodeURIComponent(trial.body.nextPlaybook.workflowId)}`);
    expect(handoff.status).toBe(200);
    expect(handoff.body).toMatchObject({ account: 'Acme Retail' });

    // The receiver heard the trial's creation, each stage it entered, and the win: each once.
    const history: { stage: string }[] = trial.body.stageHistory;
    const expected = [
      `case.created:${history[0]!.stage}`,
      ...history.slice(1).map((entered, index) => `case.stage-changed:${history[index]!.stage}->${entered.stage}`),
      'case.won',
    ];
    // And the handoff the win started: its creation, once (every playbook's events go out).
    const handoffId: string = trial.body.nextPlaybook.workflowId;
    const expectedHandoff = [`case.created:${handoff.body.stageHistory[0].stage}`];
    const said = (caseId: string) =>
      hooks.accepted
        .filter((message) => message.caseId === caseId)
        .map((message) =>
          message.type === 'case.won'
            ? 'case.won'
            : `${message.type}:${message.stage?.before ? `${message.stage.before}->` : ''}${message.stage?.after}`,
        );
    const total = expected.length + expectedHandoff.length;
    await eventually(
      async () => hooks.accepted.length,
      (count) => count >= total,
      60_000,
    );
    // A moment more: anything sent twice would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(hooks.accepted.length).toBe(total);
    // In order: an event waiting out its backoff holds back the newer ones.
    const heard = said(TRIAL);
    expect(heard).toEqual(expected);
    expect(said(handoffId)).toEqual(expectedHandoff);
    expect(new Set(hooks.accepted.map((message) => message.id)).size).toBe(total);
    expect(hooks.refused()).toBeGreaterThanOrEqual(1);
    process.stdout.write(
      `[done-when ${kind}] trial ${TRIAL} -> ${trial.body.nextPlaybook.workflowId}; stages ${history
        .map((entered) => entered.stage)
        .join(
          ' > ',
        )}; receiver refused ${hooks.refused()} POST(s) while down, then accepted ${hooks.accepted.length}: ${heard.join(', ')}; handoff: ${said(handoffId).join(', ')}\n`,
    );

    const log = await api('GET', `/api/integrations/subscriptions/${subscription}/deliveries`);
    expect(log.body.deliveries.every((delivery: { status: string }) => delivery.status === 'delivered')).toBe(true);
    // Redelivery sends the same message (same webhook-id) again on request.
    const first = log.body.deliveries.at(-1).messageId as string;
    const again = await api(
      'POST',
      `/api/integrations/subscriptions/${subscription}/deliveries/${encodeURIComponent(first)}/redeliver`,
    );
    expect(again.status).toBe(202);
    await eventually(
      async () => hooks.accepted.length,
      (count) => count === total + 1,
      30_000,
    );
    expect(hooks.accepted.at(-1)!.id).toBe(first);
  });
});
