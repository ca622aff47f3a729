import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

/**
 * OpenTelemetry tracing across API -> Temporal -> workflow -> activities, through Temporal's own
 * interceptors (`@temporalio/interceptors-opentelemetry`). Off unless TRACING=otlp: then spans go to an
 * OTLP/HTTP collector named by the standard `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`,
 * `..._HEADERS`) variables, which the exporter reads itself.
 */
export interface Tracing {
  /** For the API's Temporal client: starts and Updates become spans, their context travels in headers. */
  clientInterceptor: OpenTelemetryWorkflowClientInterceptor;
  /** For the worker: workflow, Update and activity spans, and the sink that exports the workflow's spans. */
  workerPlugin: OpenTelemetryPlugin;
  /** Sends what is still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider (the AsyncLocalStorage context manager and W3C trace context
 * propagation come with it). `processor` replaces the OTLP exporter (tests keep spans in memory).
 */
export function startTracing(serviceName: string, processor?: SpanProcessor): Tracing {
  const resource = new Resource({ 'service.name': process.env.OTEL_SERVICE_NAME ?? serviceName });
  const spanProcessor = processor ?? new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return {
    clientInterceptor: new OpenTelemetryWorkflowClientInterceptor(),
    workerPlugin: new OpenTelemetryPlugin({ resource, spanProcessor }),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * The workflow bundle with Temporal's workflow tracing interceptors compiled in, next to the plain one
 * (`npm run build` writes both): a pre-built bundle cannot take interceptors later, and the plain one
 * keeps untraced workers free of the interceptors' cost.
 */
export function tracedBundlePath(bundlePath: string): string {
  return bundlePath.replace(/(\.js)?$/, '.traced.js');
}

/**
 * The workflow interceptor modules of the traced bundle, in order: Baton's outbound one outside Temporal's
 * (its scheduling then injects the context Baton's sets), Temporal's workflow and Update spans, Baton's
 * inbound one inside them (it remembers the Update's span). See workflows/tracing/update-cause.ts.
 */
export const WORKFLOW_TRACING_MODULES = [
  require.resolve('../workflows/tracing/update-cause-outbound'),
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  require.resolve('../workflows/tracing/update-cause-inbound'),
];
