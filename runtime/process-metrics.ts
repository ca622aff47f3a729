import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event-loop lag, GC), once per process: collecting them starts
 * observers, so every API app and worker in a process (local mode runs both, tests run many) shares
 * this registry and merges it into its own at scrape time.
 */
export function processMetrics(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared, prefix: 'baton_' });
  }
  return shared;
}

/** One exposition text from this process's metrics and a component's own. */
export function exposition(own: Registry): Promise<string> {
  return Registry.merge([processMetrics(), own]).metrics();
}
