import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/**
 * One server span per request (OpenTelemetry's HTTP conventions), the parent of the Temporal client's
 * spans the request causes: with tracing on, a trace runs HTTP request -> Temporal call -> workflow
 * Update -> activity. A caller's `traceparent` header joins its trace. Named by the route pattern once
 * the response is sent (never the raw URL, which would name a span per id).
 */
export function requestTracing(): RequestHandler {
  const tracer = trace.getTracer('baton-api');
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method} ${req.path}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof pattern === 'string') {
        span.updateName(`${req.method} ${pattern}`);
        span.setAttribute('http.route', pattern);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
