import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '../../runtime/free-port';
import { tracedBundlePath } from '../../runtime/tracing';
import {
  TEST_JWT_SECRET,
  TEST_TASK_QUEUE,
  authorizedRequest,
  createTestDatabase,
  eventually,
  type TestDatabase,
} from '../helpers/baton-harness';
import { PROJECT_ROOT, collectUntilExit, spawnEntryPoint, waitForOutput } from '../helpers/processes';
import { temporalCliExecutable } from '../helpers/test-env';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/**
 * TRACING=otlp on the API and the worker, each its own process as deployed, with the worker on the
 * traced bundle `npm run build` writes: one action through the API makes one trace, received by a real
 * OTLP/HTTP endpoint the test runs, from the HTTP request through the Temporal client call and the
 * workflow's Update to the activity the Update caused.
 */
describe('OpenTelemetry tracing across API -> Temporal -> activities', () => {
  let temporal: TestWorkflowEnvironment;
  let database: TestDatabase;
  let receiver: Server;
  let bundleDir: string;
  const spans: ReceivedSpan[] = [];
  const started: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
    database = await createTestDatabase('postgres');
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') spans.push(...otlpSpans(JSON.parse(body)));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // The production build's bundles, plain and traced.
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-traced-'));
    const build = await collectUntilExit(
      spawn(process.execPath, ['--import', 'tsx', 'bin/bundle-workflows.ts', path.join(bundleDir, 'bundle.js')], {
        cwd: PROJECT_ROOT,
      }),
    );
    expect(build.stderr).toBe('');
    expect(fs.existsSync(tracedBundlePath(path.join(bundleDir, 'bundle.js')))).toBe(true);
  });

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await new Promise((resolve) => receiver?.close(resolve));
    await database?.drop();
    await temporal?.teardown();
    if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  it('gives the HTTP request, the client call, the Update and its activity one trace id', async () => {
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
      DATABASE_URL: database.url,
      TRACING: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const worker = spawnEntryPoint('worker.ts', { ...env, WORKFLOW_BUNDLE_PATH: path.join(bundleDir, 'bundle.js') });
    started.push(worker);
    await waitForOutput(worker, 'worker polling', 120_000);
    const port = await freePort();
    const api = spawnEntryPoint('api.ts', {
      ...env,
      PORT: String(port),
      API_HOST: '127.0.0.1',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
    });
    started.push(api);
    await waitForOutput(api, 'API listening', 120_000);
    const request = (method: string, urlPath: string, body?: unknown) =>
      authorizedRequest(`http://127.0.0.1:${port}`, method, urlPath, body);

    const template = {
      key: 'traced',
      name: 'Traced',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items: [{ key: 'a', title: 'A', phase: 'only', ownerRole: 'ops_manager', due: { days: -1 } }],
    };
    expect((await request('POST', '/api/templates/traced/versions', template)).status).toBe(201);
    const launch = { launchId: 'traced', productName: 'Traced', launchDate: '2030-01-01', template: { key: 'traced' } };
    expect((await request('POST', '/api/launches', launch)).status).toBe(201);
    expect((await request('POST', '/api/launches/traced/items/a/complete', {})).status).toBe(200);

    const route = 'POST /api/launches/:id/items/:key/complete';
    const trace = await eventually(
      async () => {
        const http = spans.find((span) => span.name === route);
        return http ? spans.filter((span) => span.traceId === http.traceId) : [];
      },
      // Spans arrive in batches: wait until the activity's chain up to the Update has arrived too.
      (found) => {
        const update = found.find((span) => span.name.startsWith('HandleUpdate:'));
        const activity = found.find((span) => span.name.startsWith('RunActivity:'));
        return !!update && !!activity && ancestors(found, activity).includes(update.spanId);
      },
      30_000,
    );
    const describe = (span: ReceivedSpan) => `${span.service} ${span.name}`;
    process.stdout.write(`trace ${trace[0]!.traceId}:\n${tree(trace).join('\n')}\n`);
    const http = trace.find((span) => span.name === route)!;
    const client = trace.find((span) => span.name.startsWith('StartWorkflowUpdate:'));
    const update = trace.find((span) => span.name.startsWith('HandleUpdate:'));
    const activity = trace.find((span) => span.name.startsWith('RunActivity:'));
    expect([http, client, update, activity].map((span) => span && describe(span))).toEqual([
      `baton-api ${route}`,
      expect.stringMatching(/^baton-api StartWorkflowUpdate:/),
      expect.stringMatching(/^baton-worker HandleUpdate:/),
      expect.stringMatching(/^baton-worker RunActivity:/),
    ]);
    // Each is under the one before: the client call in the request, the Update under the call, the
    // activity (scheduled by the case loop after the Update) under the Update.
    expect(http.parentSpanId ?? '').toBe('');
    expect(ancestors(trace, client!)).toContain(http.spanId);
    expect(ancestors(trace, update!)).toContain(client!.spanId);
    expect(ancestors(trace, activity!)).toContain(update!.spanId);
  });
});

function otlpSpans(body: {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string }[] }[];
  }[];
}): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resource) => {
    const service =
      resource.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '?';
    return (resource.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
        name: span.name,
      })),
    );
  });
}

function ancestors(trace: ReceivedSpan[], span: ReceivedSpan): string[] {
  const ids: string[] = [];
  let parent = span.parentSpanId;
  while (parent) {
    ids.push(parent);
    parent = trace.find((candidate) => candidate.spanId === parent)?.parentSpanId;
  }
  return ids;
}

/** The trace as an indented tree, for the test's output. */
function tree(trace: ReceivedSpan[]): string[] {
  const known = new Set(trace.map((span) => span.spanId));
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, depth: number) => {
    lines.push(`${'  '.repeat(depth + 1)}${span.service} ${span.name}`);
    for (const child of trace.filter((candidate) => candidate.parentSpanId === span.spanId)) walk(child, depth + 1);
  };
  for (const root of trace.filter((span) => !span.parentSpanId || !known.has(span.parentSpanId))) walk(root, 0);
  return lines;
}
