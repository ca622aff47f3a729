/**
 * What an action's Update answers on runs that keep history small (launch runs since patch
 * `lean-launch-small-payloads`): the version the action made, not the whole state. Temporal stores an
 * Update's result in history for every action, and the whole state there cost about 12 KB an action;
 * the API reads the state it answers with the run's query instead.
 */
export interface UpdateReceipt {
  receipt: true;
  /** The run's version after the action: the ETag the API answers. */
  seq: number;
}

export function updateReceipt(state: { seq: number }): UpdateReceipt {
  return { receipt: true, seq: state.seq };
}

/** Whether an Update answered a receipt (newer runs) rather than the whole state (runs recorded before). */
export function isUpdateReceipt(answer: unknown): answer is UpdateReceipt {
  return typeof answer === 'object' && answer !== null && (answer as { receipt?: unknown }).receipt === true;
}
