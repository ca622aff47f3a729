import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActivityInterceptorsFactory, Worker } from '@temporalio/worker';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/prisma';
import { exposition } from './process-metrics';

/** Projection activities are named project<Playbook> (projectPoc, projectRun, ...). */
const PROJECTION_ACTIVITY = /^project[A-Z]/;
const EXPOSITION_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The worker's own metrics and health: how far behind the read model is (projection lag, from the
 * workflow scheduling a projection to its write), projection failures, the notification outbox's
 * backlog and failing deliveries per sink, and whether the worker polls. The SDK's runtime metrics
 * (task slots, poll and schedule-to-start latencies, sticky cache) come from Temporal's Core and are
 * appended to the same /metrics text.
 */
export class WorkerObservability {
  readonly registry = new Registry();
  private lastProjectionAt: Date | undefined;
  private readonly lag = new Histogram({
    name: 'baton_projection_lag_seconds',
    help: 'From a workflow scheduling a read-model projection to the projection written, by activity',
    labelNames: ['activity'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  private readonly failures = new Counter({
    name: 'baton_projection_failures_total',
    help: 'Projection attempts that failed (Temporal retries them), by activity',
    labelNames: ['activity'],
    registers: [this.registry],
  });
  private readonly lastSuccess = new Gauge({
    name: 'baton_projection_last_success_timestamp_seconds',
    help: 'When this worker last wrote a projection (Unix time)',
    registers: [this.registry],
  });

  constructor(
    private readonly db: Database,
    private readonly worker: () => Worker | undefined,
    /** Where Temporal's Core serves the SDK's runtime metrics, when installed with them. */
    private readonly sdkMetricsUrl?: string,
  ) {
    const polling = () => (this.worker()?.getState() === 'RUNNING' ? 1 : 0);
    new Gauge({
      name: 'baton_worker_polling',
      help: '1 while the worker polls its task queue',
      registers: [this.registry],
      collect() {
        this.set(polling());
      },
    });
    const outbox = (status: 'pending' | 'failing') =>
      new Gauge({
        name: status === 'pending' ? 'baton_outbox_pending' : 'baton_outbox_failing',
        help:
          status === 'pending'
            ? 'Notifications waiting in the outbox, by sink'
            : 'Pending notifications whose last delivery attempt failed, by sink',
        labelNames: ['sink'],
        registers: [this.registry],
        collect: async function (this: Gauge<'sink'>) {
          this.reset();
          for (const row of await outboxBacklog(db))
            this.set({ sink: row.sink }, status === 'pending' ? row.pending : row.failing);
        },
      });
    outbox('pending');
    outbox('failing');
  }

  /** Times projection activities; every other activity passes through untouched. */
  activityInterceptor(): ActivityInterceptorsFactory {
    return (ctx) => ({
      inbound: {
        execute: async (input, next) => {
          const activity = ctx.info.activityType;
          if (!PROJECTION_ACTIVITY.test(activity)) return next(input);
          try {
            const result = await next(input);
            this.lag.observe({ activity }, (Date.now() - ctx.info.scheduledTimestampMs) / 1000);
            this.lastProjectionAt = new Date();
            this.lastSuccess.set(this.lastProjectionAt.getTime() / 1000);
            return result;
          } catch (error) {
            this.failures.inc({ activity });
            throw error;
          }
        },
      },
    });
  }

  async metricsText(): Promise<string> {
    const own = await exposition(this.registry);
    if (!this.sdkMetricsUrl) return own;
    const sdk = await fetch(this.sdkMetricsUrl).then(
      (response) => (response.ok ? response.text() : ''),
      () => '',
    );
    return `${own.trimEnd()}\n${sdk}`;
  }

  health(): { status: 'ok' | 'not polling'; polling: boolean; lastProjectionAt: string | null } {
    const polling = this.worker()?.getState() === 'RUNNING';
    return {
      status: polling ? 'ok' : 'not polling',
      polling,
      lastProjectionAt: this.lastProjectionAt?.toISOString() ?? null,
    };
  }

  /** GET /metrics and GET /healthz (200 while polling, else 503) on the worker's own port. */
  async listen(port: number, host: string): Promise<{ url: string; server: Server }> {
    const server = createServer((req, res) => {
      const send = (status: number, type: string, body: string) =>
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      if (req.method === 'GET' && req.url === '/metrics') {
        this.metricsText().then(
          (text) => send(200, EXPOSITION_TYPE, text),
          (error: unknown) => send(500, 'text/plain', `metrics failed: ${String(error)}`),
        );
      } else if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/readyz')) {
        const health = this.health();
        send(health.polling ? 200 : 503, 'application/json', JSON.stringify(health));
      } else {
        send(404, 'text/plain', 'not found: GET /metrics or /healthz');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    return { url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, server };
  }
}

async function outboxBacklog(db: Database): Promise<{ sink: string; pending: number; failing: number }[]> {
  const rows = await db.$queryRaw<{ sink: string; pending: bigint; failing: bigint }[]>`
    SELECT sink, count(*) AS pending, count(*) FILTER (WHERE last_error IS NOT NULL) AS failing
    FROM notification_outbox WHERE status = 'pending' GROUP BY sink`;
  return rows.map((row) => ({ sink: row.sink, pending: Number(row.pending), failing: Number(row.failing) }));
}
