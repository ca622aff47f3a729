/**
 * Where the read-model lag goes under load, from the worker's /metrics (Baton's projection lag and Temporal Core's
 * task latencies): each histogram's count, sum and the count at or below 1 s, read before and after a load, so
 * the difference covers that load alone.
 */

interface Histogram {
  count: number;
  sum: number;
  /** Observations of at most 1 s. */
  withinSecond: number;
}

type Snapshot = Map<string, Histogram>;

/** The series the sustained figure prints, by histogram name and the labels that pick the projections. */
const SERIES = {
  projectionLag: { name: 'baton_projection_lag_seconds', only: /activity="project[A-Z]/ },
  workflowTaskWait: { name: 'temporal_workflow_task_schedule_to_start_latency' },
  workflowTaskRun: { name: 'temporal_workflow_task_execution_latency' },
  activityWait: { name: 'temporal_activity_schedule_to_start_latency' },
  projectionRun: { name: 'temporal_activity_execution_latency', only: /activity_type="project[A-Z]/ },
} satisfies Record<string, { name: string; only?: RegExp }>;

export async function workerMetrics(url: string): Promise<Snapshot> {
  const text = await fetch(url).then((response) => response.text());
  const snapshot: Snapshot = new Map();
  for (const [key, { name, only }] of Object.entries(SERIES) as [string, { name: string; only?: RegExp }][]) {
    const histogram: Histogram = { count: 0, sum: 0, withinSecond: 0 };
    for (const line of text.split('\n')) {
      const match = /^(\w+?)(_sum|_count|_bucket)(\{[^}]*\})? ([\d.e+-]+|\+Inf|NaN)$/.exec(line);
      if (!match || match[1] !== name || (only && !only.test(match[3] ?? ''))) continue;
      const value = Number(match[4]);
      if (match[2] === '_sum') histogram.sum += value;
      else if (match[2] === '_count') histogram.count += value;
      else if (/le="1(\.0)?"/.test(match[3] ?? '')) histogram.withinSecond += value;
    }
    snapshot.set(key, histogram);
  }
  return snapshot;
}

/** One line: each step's mean and share over 1 s during the load, and how many projections it took per action. */
export function lagBreakdown(before: Snapshot, after: Snapshot, actions: number): string {
  const step = (key: keyof typeof SERIES, label: string) => {
    const [a, b] = [before.get(key)!, after.get(key)!];
    const count = b.count - a.count;
    if (count === 0) return `${label} none`;
    const mean = ((b.sum - a.sum) / count) * 1000;
    const over = ((count - (b.withinSecond - a.withinSecond)) / count) * 100;
    return `${label} mean ${mean.toFixed(0)} ms (${over.toFixed(0)}% over 1 s)`;
  };
  const projections = after.get('projectionLag')!.count - before.get('projectionLag')!.count;
  return [
    step('projectionLag', 'projection scheduled to written'),
    step('activityWait', 'of it activity schedule-to-start'),
    step('projectionRun', 'projection activity run'),
    step('workflowTaskWait', 'workflow task schedule-to-start'),
    step('workflowTaskRun', 'workflow task run'),
    `${(projections / Math.max(1, actions)).toFixed(2)} projections per action`,
  ].join('; ');
}
