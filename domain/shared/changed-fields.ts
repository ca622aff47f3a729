/**
 * Projections that leave out the fields that did not change since the previous one (e.g. a trial's stage history and
 * criteria on a check-in): the projection activity's input is stored in history for every action, and the activity
 * reads what was left out from the row the previous projection wrote (one writer per case, in seq order). The first
 * projection of a projector (a new, continued or replayed run) carries every field. Deterministic: the workflow
 * calls it in the same order on replay.
 */
export type ChangesOnly<P, K extends keyof P> = Omit<P, K> & Partial<Pick<P, K>> & { changesOnly: true };

export function changedFieldsProjector<P, K extends keyof P>(
  fields: readonly K[],
): (projection: P) => ChangesOnly<P, K> {
  const carried = new Map<K, string>();
  return (projection) => {
    const changes = { ...projection, changesOnly: true as const };
    for (const field of fields) {
      const json = JSON.stringify(projection[field]);
      if (carried.get(field) === json) delete changes[field];
      else carried.set(field, json);
    }
    return changes;
  };
}
