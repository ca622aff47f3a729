/** The sample payloads Baton ships beside its mappings (domain/integrations/samples), by source: `<source>-<what>.json`. */
const FILES = import.meta.glob<Record<string, unknown>>('../../../domain/integrations/samples/*.json', {
  eager: true,
  import: 'default',
});

export interface Sample {
  name: string;
  payload: Record<string, unknown>;
}

export function samplesOf(source: string): Sample[] {
  return Object.entries(FILES)
    .map(([file, payload]) => ({ name: file.replace(/^.*\//, '').replace(/\.json$/, ''), payload }))
    .filter((sample) => sample.name.startsWith(`${source}-`));
}
