/**
 * Temporal history bytes per action on the POC, deal-support, delivery-handoff and renewal playbooks (issue 14's
 * "history per action" row for the playbooks besides launch, which `bench/engine.ts` measures):
 *
 *   DATABASE_URL=postgresql://user:pw@127.0.0.1:5432/db BENCH_PLAYBOOK=poc,deal,handoff,renewal npx tsx bench/playbook-history.ts
 *
 * It starts the same stack as the engine benchmark (Temporal dev server, a fresh database, worker and API as
 * separate processes), brings one case of each playbook to where an action repeats (a trial active, a deal case
 * triaged, a handoff started, a renewal in health review), then sends that action BENCH_ACTIONS times (default 20)
 * through the API, each projected before the next, and prints the history it added per action, split by event
 * type, with the machine's load average.
 */
import { temporal } from '@temporalio/proto';
import { SignJWT } from 'jose';
import { encodedSize } from './engine/launch-runs';
import { JWT_SECRET, load, startStack, type Stack } from './engine/stack';

interface Identity {
  subject: string;
  roles: string[];
  regions?: string[];
}

const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };
const OPS_EAST: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const PRESALES: Identity = { subject: 'priya@hq.example', roles: ['presales'] };
const PM: Identity = { subject: 'pia@hq.example', roles: ['project_manager'] };
const OPS: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const CS: Identity = { subject: 'ana@hq.example', roles: ['customer_success'] };

const DAY_MS = 86_400_000;
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

type Call = (method: string, path: string, as: Identity, body?: unknown) => Promise<{ status: number; body: Body }>;
type Body = Record<string, unknown> & { seq?: number };

/** One playbook's case: how to start it and bring it to the repeated action, and that action. */
interface Playbook {
  /** The path its cases live under, e.g. /api/pocs. */
  base: string;
  /** The read-model table whose projection_seq says the case is projected. */
  table: string;
  /** What the repeated action is, for the printed line. */
  action: string;
  /** Starts a case and acts until the repeated action applies; answers the workflow id. */
  prepare(call: Call, serial: number): Promise<string>;
  act(call: Call, id: string, index: number): Promise<{ status: number; body: Body }>;
}

const path = (base: string, id: string, suffix = '') => `${base}/${encodeURIComponent(id)}${suffix}`;

async function started(call: Call, base: string, as: Identity, body: unknown, idField: string): Promise<string> {
  const answer = await call('POST', base, as, body);
  if (answer.status !== 201) throw new Error(`start ${base}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return String(answer.body[idField]);
}

async function step(call: Call, base: string, id: string, suffix: string, as: Identity, body: unknown) {
  const answer = await call('POST', path(base, id, `/${suffix}`), as, body);
  if (answer.status !== 200) throw new Error(`${suffix} on ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

const PLAYBOOKS: Record<string, Playbook> = {
  poc: {
    base: '/api/pocs',
    table: 'poc_trial',
    action: 'check-in on an active trial',
    async prepare(call, serial) {
      const id = await started(
        call,
        '/api/pocs',
        SALES,
        {
          account: `Bench ${serial}`,
          region: 'east',
          industry: 'manufacturing',
          opportunity: { id: `opp-${serial}`, amount: 120000, currency: 'CNY' },
          product: 'Baton CRM',
          salesOwner: SALES.subject,
          supporters: { presales: [PRESALES.subject] },
          criteria: [
            { key: 'sync', description: 'Orders sync within 5 minutes', measuredBy: 'p95 sync latency' },
            { key: 'adoption', description: '20 reps use it daily', measuredBy: 'daily active users in week 2' },
          ],
          plannedStart: dayFromNow(1),
          durationDays: 30,
        },
        'trialId',
      );
      await step(call, '/api/pocs', id, 'approve', OPS_EAST, {});
      // No provisioner in the bench: the trial waits for ops to record the environment by hand.
      for (let tries = 0; ; tries += 1) {
        const state = await call('GET', path('/api/pocs', id), OPS_EAST);
        if ((state.body.provisioning as { byHand?: boolean } | undefined)?.byHand) break;
        if (tries > 300) throw new Error(`${id} never waited for provisioning by hand`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await step(call, '/api/pocs', id, 'provisioning/manual', OPS_EAST, { environmentUrl: 'https://bench.example' });
      await step(call, '/api/pocs', id, 'kickoff', SALES, {});
      return id;
    },
    act: (call, id, index) =>
      step(call, '/api/pocs', id, 'check-ins', PRESALES, { summary: `check-in ${index}`, health: 'green' }),
  },
  deal: {
    base: '/api/deals',
    table: 'deal_case',
    action: 'support log entry on a triaged case',
    async prepare(call, serial) {
      const id = await started(
        call,
        '/api/deals',
        SALES,
        {
          account: `Bench ${serial}`,
          region: 'east',
          opportunity: { id: `opp-${serial}`, amount: 2_500_000, currency: 'CNY' },
          dealStage: 'negotiation',
          competitors: ['RivalSoft'],
          supportTypes: ['competitive-brief', 'pricing-exception'],
          dueDate: dayFromNow(60),
          salesOwner: SALES.subject,
        },
        'dealId',
      );
      await step(call, '/api/deals', id, 'accept', PRESALES, {
        assignees: { 'competitive-brief': [PRESALES.subject], 'pricing-exception': [OPS.subject] },
      });
      return id;
    },
    act: (call, id, index) =>
      step(call, '/api/deals', id, 'support-log', PRESALES, {
        supportType: 'competitive-brief',
        summary: `brief ${index}`,
        outcome: 'customer convinced on TCO',
      }),
  },
  handoff: {
    base: '/api/handoffs',
    table: 'handoff',
    action: 'comment on a handoff',
    prepare: (call, serial) =>
      started(
        call,
        '/api/handoffs',
        SALES,
        {
          account: `Bench ${serial}`,
          opportunity: `opp-${serial}`,
          region: 'east',
          amount: 1_200_000,
          currency: 'CNY',
          salesOwner: SALES.subject,
          prefill: { requirements: 'Branch rollout, SSO, audit log', commitments: 'Chinese UI by go-live' },
          projectManager: PM.subject,
        },
        'handoffId',
      ),
    act: (call, id, index) => step(call, '/api/handoffs', id, 'comments', PM, { text: `note ${index}` }),
  },
  renewal: {
    base: '/api/renewals',
    table: 'renewal',
    action: 'health figures on a renewal',
    prepare: (call, serial) =>
      started(
        call,
        '/api/renewals',
        CS,
        {
          account: `Bench ${serial}`,
          region: 'east',
          contractId: `C-${serial}`,
          termStart: dayFromNow(60 - 364),
          contractEnd: dayFromNow(60),
          value: 100_000,
          currency: 'CNY',
          tier: 'key',
          customerSuccessOwner: CS.subject,
          opsManager: OPS.subject,
        },
        'renewalId',
      ),
    act: (call, id, index) =>
      step(call, '/api/renewals', id, 'health', CS, {
        seatsPurchased: 100,
        activeUsers: 90 - (index % 5),
        activationRate: 0.95,
        usageTrend: 0.15,
        openCriticalTickets: 0,
        nps: 60,
      }),
  },
};

function caller(stack: Stack): Call {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (identity: Identity) => {
    if (!tokens.has(identity.subject))
      tokens.set(
        identity.subject,
        new SignJWT({ roles: identity.roles, regions: identity.regions ?? [] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(identity.subject)
          .setExpirationTime('6h')
          .sign(new TextEncoder().encode(JWT_SECRET)),
      );
    return tokens.get(identity.subject)!;
  };
  return async (method, route, as, body) => {
    const response = await fetch(`${stack.apiUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${await tokenOf(as)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Body) : {} };
  };
}

async function projected(stack: Stack, table: string, id: string, seq: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await stack.db.$queryRawUnsafe<{ seq: number }[]>(
      `SELECT projection_seq AS seq FROM ${table} WHERE id = $1`,
      id,
    );
    if (row && row.seq >= seq) return;
    if (Date.now() > deadline) throw new Error(`${id} not projected at seq ${seq} in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function events(stack: Stack, workflowId: string) {
  return (await stack.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

async function historyPerAction(stack: Stack, name: string, playbook: Playbook, count: number): Promise<void> {
  const call = caller(stack);
  const id = await playbook.prepare(call, process.pid);
  const current = await call('GET', path(playbook.base, id), OPS);
  await projected(stack, playbook.table, id, current.body.seq!);
  // The workflow task that follows a projection's completion lands a moment after the row does.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = await events(stack, id);
  for (let index = 0; index < count; index += 1) {
    const answer = await playbook.act(call, id, index);
    await projected(stack, playbook.table, id, answer.body.seq!);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const added = (await events(stack, id)).slice(before.length);
  const size = (list: typeof added) => list.reduce((sum, event) => sum + encodedSize(event), 0);
  const update = added.filter(
    (event) =>
      event.workflowExecutionUpdateAcceptedEventAttributes || event.workflowExecutionUpdateCompletedEventAttributes,
  );
  const kib = (bytes: number) => `${(bytes / count / 1024).toFixed(1)} KiB`;
  const label = `${name}: Temporal history per action (${playbook.action}, ${count} actions)`.padEnd(78);
  print(
    `${label} ${kib(size(added))}, ${(added.length / count).toFixed(1)} events (goal <= 4 KB); of it the Update's request and result ${kib(size(update))}  ${load()}`,
  );
  const byType = new Map<string, typeof added>();
  for (const event of added) {
    const type = String(temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? event.eventType);
    byType.set(type, [...(byType.get(type) ?? []), event]);
  }
  const parts = [...byType].sort(([, a], [, b]) => size(b) - size(a));
  print(
    `  by event type per action: ${parts.map(([type, list]) => `${type.replace(/^EVENT_TYPE_/, '').toLowerCase()} ${(list.length / count).toFixed(1)}x ${(size(list) / count).toFixed(0)} B`).join(', ')}`,
  );
}

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL)
    throw new Error('DATABASE_URL must name a Postgres server and a role that may CREATE DATABASE');
  const names = (process.env.BENCH_PLAYBOOK ?? 'poc,deal,handoff,renewal').split(',');
  const unknown = names.filter((name) => !(name in PLAYBOOKS));
  if (unknown.length > 0)
    throw new Error(`BENCH_PLAYBOOK: no playbook ${unknown.join(', ')} (poc, deal, handoff, renewal)`);
  const count = Number(process.env.BENCH_ACTIONS ?? 20);
  print(`Baton history per action by playbook, node ${process.version}, ${load()}`);
  const stack = await startStack((line) => process.stderr.write(`${line}\n`));
  try {
    for (const name of names) await historyPerAction(stack, name, PLAYBOOKS[name]!, count);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
