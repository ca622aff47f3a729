import type { LaunchActionRequest } from './actions';
import type { LaunchState } from './types';

/**
 * Who may work on an item, checked against the run's live state in the Update's validator: the API
 * authorizes the run (region and permission) from the read model and sends the caller's roles that
 * hold in the run's regions, so the item's current assignee decides without a query before every
 * Update. A request without `caller` (older API, tests, stand-ins) is checked by the API alone.
 */
export interface LaunchCaller {
  caller?: { roles: string[] };
}

export type LaunchUpdateRequest = LaunchActionRequest & LaunchCaller;

const ITEM_VERBS: Record<string, string> = {
  start: 'start',
  complete: 'complete',
  skip: 'skip',
  reopen: 'reopen',
  assign: 'assign',
  'sign-off-item': 'sign off',
};

/** The 403 (kind `forbidden`) or 422 (`unknown-item`) the API used to answer before sending the Update. */
export function callerRejection(
  state: LaunchState,
  request: LaunchUpdateRequest,
): { kind: 'forbidden' | 'unknown-item'; message: string } | undefined {
  const { action, caller } = request;
  if (!caller || !('itemKey' in action) || action.type === 'comment') return undefined;
  const item = state.items.find((candidate) => candidate.key === action.itemKey);
  if (!item)
    return { kind: 'unknown-item', message: `Launch ${state.launchId} has no checklist item "${action.itemKey}"` };
  const mayAct =
    action.type === 'sign-off-item'
      ? item.signOffBy === undefined || caller.roles.includes(item.signOffBy)
      : caller.roles.some((role) => role !== 'read_only') &&
        (item.assignee === request.actor ||
          caller.roles.some((role) => role === 'ops_manager' || role === 'admin' || role === item.ownerRole));
  if (mayAct) return undefined;
  return {
    kind: 'forbidden',
    message: `Item "${item.key}" is owned by ${item.ownerRole}${item.assignee ? ` and assigned to ${item.assignee}` : ''}; you may not ${ITEM_VERBS[action.type] ?? action.type} it`,
  };
}
