/**
 * A field the CRM changed, stamped with the CRM's own modification time (issue 18). Pure: workflows
 * apply it inside their Updates.
 */
export interface CrmChange<T> {
  value: T;
  /** ISO date-time: when the CRM modified it. */
  modifiedAt: string;
}

/** One changed field, as the case's timeline records it. */
export interface CrmFieldChange<F extends string> {
  field: F;
  before: unknown;
  after: unknown;
}

export interface CrmFieldsOutcome<F extends string> {
  /** Fields changed by this event, in the order of `fields`. */
  applied: CrmFieldChange<F>[];
  /** Fields a later CRM event had already set, or that already held the value. */
  ignored: F[];
}

/**
 * Applies each change whose modification time is later than the last one applied to its field, so
 * events arriving out of order never put an older value back. A change to the value a field already
 * holds only moves the field's time on (an older event cannot undo it either). `modifiedAt` is the
 * case's per-field record of those times, updated in place.
 */
export function applyNewerCrmFields<F extends string>(
  fields: readonly F[],
  changes: Partial<Record<F, CrmChange<unknown>>>,
  modifiedAt: Partial<Record<F, string>>,
  field: { read(name: F): unknown; write(name: F, value: unknown): void },
): CrmFieldsOutcome<F> {
  const outcome: CrmFieldsOutcome<F> = { applied: [], ignored: [] };
  for (const name of fields) {
    const change = changes[name];
    if (!change) continue;
    const last = modifiedAt[name];
    const was = field.read(name);
    if ((last !== undefined && change.modifiedAt <= last) || was === change.value) {
      if (last === undefined || change.modifiedAt > last) modifiedAt[name] = change.modifiedAt;
      outcome.ignored.push(name);
      continue;
    }
    modifiedAt[name] = change.modifiedAt;
    field.write(name, change.value);
    outcome.applied.push({ field: name, before: was, after: change.value });
  }
  return outcome;
}

/** The timeline event's `before` and `after`: what was applied, and the CRM event it came from (to trace it). */
export function withCrmEventId<F extends string>(applied: readonly CrmFieldChange<F>[], eventId: string) {
  return {
    before: Object.fromEntries(applied.map((change) => [change.field, change.before])) as Record<string, unknown>,
    after: {
      ...(Object.fromEntries(applied.map((change) => [change.field, change.after])) as Record<string, unknown>),
      crmEventId: eventId,
    },
  };
}
