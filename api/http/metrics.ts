import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import { exposition } from '../../runtime/process-metrics';
import { defineRoute } from './route';

/** Prometheus's text exposition format, as prom-client writes it. */
const EXPOSITION_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Requests no route matched (the web board's files, unknown paths): one label, whatever the URL. */
const UNMATCHED = 'other';

/**
 * The API's Prometheus metrics: request durations by route pattern (never the raw URL, which would
 * make a series per id) and status, answers replayed for a repeated Idempotency-Key, and requests
 * refused by the rate limit, plus the process's own (runtime/process-metrics.ts). One registry per app, so several apps in
 * one test process do not share counts.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly durations = new Histogram({
    name: 'baton_http_request_duration_seconds',
    help: 'API request durations by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly replays = new Counter({
    name: 'baton_idempotency_replays_total',
    help: 'Responses answered from an earlier request with the same Idempotency-Key',
    labelNames: ['route'],
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'baton_rate_limited_requests_total',
    help: 'Requests refused with 429 by the rate limits',
    labelNames: ['route'],
    registers: [this.registry],
  });

  /** Records each request when its response has been sent. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const stop = this.durations.startTimer();
      res.once('finish', () => {
        // Express sets req.route to the matched route; its path is the pattern (/api/launches/:id).
        const pattern = (req.route as { path?: unknown } | undefined)?.path;
        const route = typeof pattern === 'string' ? pattern : UNMATCHED;
        stop({ method: req.method, route, status: String(res.statusCode) });
        if (res.getHeader('Idempotent-Replayed') === 'true') this.replays.inc({ route });
        if (res.statusCode === 429) this.rateLimited.inc({ route });
      });
      next();
    };
  }
}

/** GET /metrics for Prometheus to scrape; public, like the health probes (keep it off the public ingress). */
export function metricsRoute(metrics: ApiMetrics) {
  return defineRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics of this API process',
    tag: 'Health',
    permission: 'public',
    responses: {
      200: { description: 'Prometheus text exposition format', schema: z.string(), mediaType: 'text/plain' },
    },
    async handle() {
      return { status: 200, body: await exposition(metrics.registry), contentType: EXPOSITION_TYPE };
    },
  });
}
