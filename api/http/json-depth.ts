/**
 * How deeply a request's JSON may nest. Baton's deepest body (a template: items, their due rule, its
 * fields) needs a handful of levels; the checks that walk a body recurse, so a body of a few hundred
 * kilobytes of brackets would otherwise overflow the stack and answer 500.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `value` nests deeper than `limit` (an object or array is one level, its members the next).
 * Iterative on purpose: it must not itself overflow on the input it guards against.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > limit) return true;
    for (const member of Object.values(next.value)) pending.push({ value: member, depth: next.depth + 1 });
  }
  return false;
}
