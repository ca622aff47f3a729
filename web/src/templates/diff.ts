/**
 * A draft against the version it came from, field by field: every leaf value (a number, a text, a
 * flag) by its path, so an ops manager sees "rules.checkInEveryDays 7 → 3" and "defaultCriteria.0
 * added" before publishing. Lists compare by position, which is how the editor changes them.
 */
export interface Change {
  path: string;
  before?: string;
  after?: string;
}

export function diffTemplates(before: unknown, after: unknown): Change[] {
  const left = leaves(before);
  const right = leaves(after);
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths
    .filter((path) => left.get(path) !== right.get(path))
    .map((path) => ({ path, before: left.get(path), after: right.get(path) }));
}

function leaves(value: unknown, path = '', into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0 && path) into.set(path, '[]');
    value.forEach((entry, index) => leaves(entry, path ? `${path}.${index}` : String(index), into));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) leaves(entry, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(path, JSON.stringify(value));
  }
  return into;
}
