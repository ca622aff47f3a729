// The parser ships no type declarations; this is the prom2json shape it returns.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

export interface MetricFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: { value?: string; buckets?: Record<string, string>; labels?: Record<string, string> }[];
}

export interface ParsedMetrics {
  families: Map<string, MetricFamily>;
  /** A sample's value: the first series of `name` carrying all of `labels`; NaN when none does. */
  value(name: string, labels?: Record<string, string>): number;
  /** Observations per series of a histogram, e.g. requests of one route and status. */
  histogramCount(name: string, labels?: Record<string, string>): number;
}

/** Parses Prometheus text with a real parser, and refuses a family that appears twice. */
export function parsePrometheus(text: string): ParsedMetrics {
  const families = byName(parsePrometheusTextFormat(text));
  // The parser merges a labelled histogram's series into one (prom2json's shape for a single series),
  // so each series' count is read from its `_count` samples, parsed as a counter family of their own.
  const countLines = (name: string) => text.split('\n').filter((line) => line.startsWith(`${name}_count`));
  const find = (parsed: Map<string, MetricFamily>, name: string, labels: Record<string, string>) =>
    Number(
      parsed
        .get(name)
        ?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value))
        ?.value,
    );
  return {
    families,
    value: (name, labels = {}) => find(families, name, labels),
    histogramCount(name, labels = {}) {
      if (families.get(name)?.type !== 'HISTOGRAM') return NaN;
      const counts = byName(
        parsePrometheusTextFormat(`# TYPE ${name}_count counter\n${countLines(name).join('\n')}\n`),
      );
      return find(counts, `${name}_count`, labels);
    },
  };
}

function byName(parsed: MetricFamily[]): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  for (const family of parsed) {
    if (families.has(family.name)) throw new Error(`metric family ${family.name} appears twice`);
    families.set(family.name, family);
  }
  return families;
}
