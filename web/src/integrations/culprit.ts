/**
 * Where a problem sits in the JSON an admin typed: each problem the dry run names (a schema path such as
 * `mapping.objects.0.fields.account`, or a mapped field such as `sobject.Account.Name (account) is
 * missing`) is pinned to the line of the mapping that causes it, so it can be shown beside that line.
 */

/** The line (1-based) each value starts on, by its dotted path (`objects.0.fields.account`); '' is the root. */
export function linesOfPaths(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let at = 0;
  let line = 1;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) {
      if (text[at] === '\n') line += 1;
      at += 1;
    }
  };
  const readString = (): string => {
    let value = '';
    at += 1;
    while (at < text.length && text[at] !== '"') {
      if (text[at] === '\\') at += 1;
      value += text[at] ?? '';
      at += 1;
    }
    at += 1;
    return value;
  };
  const readValue = (path: string): void => {
    skipSpace();
    lines.set(path, line);
    const opening = text[at];
    if (opening === '{' || opening === '[') {
      const closing = opening === '{' ? '}' : ']';
      at += 1;
      for (let index = 0; ; index += 1) {
        skipSpace();
        if (at >= text.length || text[at] === closing) break;
        let key = String(index);
        if (opening === '{') {
          key = readString();
          skipSpace();
          at += 1; // the colon
        }
        readValue(path ? `${path}.${key}` : key);
        skipSpace();
        if (text[at] === ',') at += 1;
      }
      at += 1;
    } else if (opening === '"') readString();
    else while (at < text.length && !/[\s,}\]]/.test(text[at]!)) at += 1;
  };
  readValue('');
  return lines;
}

/** The line a problem is about, or undefined when it names nothing in the mapping. */
export function culpritLine(
  problem: { path?: string; message: string },
  lines: Map<string, number>,
  mapping: unknown,
): number | undefined {
  if (problem.path) {
    // A schema problem: its path, without the body's `mapping.`, or the nearest enclosing value.
    const parts = problem.path.split('.').filter((part, index) => !(index === 0 && part === 'mapping'));
    for (let length = parts.length; length >= 0; length -= 1) {
      const found = lines.get(parts.slice(0, length).join('.'));
      if (found !== undefined && length > 0) return found;
    }
    return undefined;
  }
  // A payload problem names the payload path the mapping gave and the field it was for.
  const named = /^(\S+) \((\w+)\)/.exec(problem.message);
  if (!named) return undefined;
  const objects = (mapping as { objects?: { fields?: Record<string, unknown> }[] } | undefined)?.objects ?? [];
  const index = objects.findIndex((object) => object?.fields?.[named[2]!] === named[1]);
  return index < 0 ? undefined : lines.get(`objects.${index}.fields.${named[2]}`);
}
