import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type TLSConfig,
  type WorkflowClientInterceptor,
} from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Config } from './config';
import { hasBatonSearchAttributes, visibilityInterceptor } from './visibility-interceptor';

export interface TemporalTarget {
  address: string;
  namespace: string;
  apiKey?: string;
  /** true: TLS with the system's roots; an object: a CA, a client certificate (mTLS), a server name. */
  tls: TLSConfig | boolean;
  /** gRPC headers sent with every call. */
  metadata?: Record<string, string>;
}

export function temporalTarget(config: Config, address: string): TemporalTarget {
  const { namespace, apiKey, tls, metadata } = config.temporal;
  return { address, namespace, apiKey, tls, ...(metadata ? { metadata } : {}) };
}

/** The connection options the client, the worker and the start-up check share. */
export function connectionOptions(target: TemporalTarget) {
  return {
    address: target.address,
    tls: target.tls,
    apiKey: target.apiKey,
    ...(target.metadata ? { metadata: target.metadata } : {}),
  };
}

/**
 * Attempts at a call Temporal did not take (unreachable): about a second in all. The SDK's default
 * (10) holds every request about 20 s when Temporal is down; an API answers 503 with Retry-After
 * sooner and its caller retries. A call Temporal took and is still working on is not cut short.
 */
const UNREACHABLE_ATTEMPTS = 4;

/** One client connection per process, shared by every request. */
export async function connectClient(
  target: TemporalTarget,
  tracing?: { clientInterceptor: WorkflowClientInterceptor },
): Promise<Client> {
  const connection = await Connection.connect({
    ...connectionOptions(target),
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: UNREACHABLE_ATTEMPTS }))],
  });
  const searchAttributes = await hasBatonSearchAttributes(connection, target.namespace);
  return new Client({
    connection,
    namespace: target.namespace,
    // Tracing's interceptor first, so its span covers the call the visibility interceptor completes.
    interceptors: {
      workflow: [...(tracing ? [tracing.clientInterceptor] : []), visibilityInterceptor(searchAttributes)],
    },
  });
}

export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(target));
}

/**
 * Routes the SDK's own logs (worker lifecycle, bundler output) at warning level
 * unless Baton itself logs at debug. Must run before any connection is made.
 * With `sdkMetricsAddress` (host:port), Temporal's Core serves the SDK's runtime metrics there
 * (the worker's /metrics appends them); counters end in _total and durations are in seconds, as
 * Prometheus names them.
 */
export function installTemporalRuntime(logLevel: string, sdkMetricsAddress?: string): void {
  const verbose = logLevel === 'debug' || logLevel === 'trace';
  Runtime.install({
    logger: new DefaultLogger(verbose ? 'DEBUG' : 'WARN'),
    ...(sdkMetricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: sdkMetricsAddress, countersTotalSuffix: true, useSecondsForDurations: true },
            },
          },
        }
      : {}),
  });
}
