import type { LaunchActionRequest } from './actions';
import type { LaunchState } from './types';
import type { Said, Text } from '../shared/text';
import { launchSays, launchText } from './text';

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

/** The 403 (kind `forbidden`) or 422 (`unknown-item`) the API used to answer before sending the Update. */
export function callerRejection(
  state: LaunchState,
  request: LaunchUpdateRequest,
): { kind: 'forbidden' | 'unknown-item'; message: string; text: Text } | undefined {
  const { action, caller } = request;
  if (!caller || !('itemKey' in action) || action.type === 'comment') return undefined;
  const item = state.items.find((candidate) => candidate.key === action.itemKey);
  if (!item)
    return refuse(
      'unknown-item',
      launchSays('launch.refused.unknown-item', { launchId: state.launchId, key: action.itemKey }),
    );
  if (action.type === 'sign-off-item') {
    if (item.signOffBy === undefined || caller.roles.includes(item.signOffBy)) return undefined;
    return refuse(
      'forbidden',
      launchSays('launch.refused.not-your-sign-off', { item: item.key, role: item.signOffBy }),
    );
  }
  const mayAct =
    caller.roles.some((role) => role !== 'read_only') &&
    (item.assignee === request.actor ||
      caller.roles.some((role) => role === 'ops_manager' || role === 'admin' || role === item.ownerRole));
  if (mayAct) return undefined;
  return refuse(
    'forbidden',
    launchSays('launch.refused.not-your-item', {
      item: item.key,
      role: item.ownerRole,
      assignee: item.assignee,
      verb: launchText(`launch.verb.${action.type}`),
    }),
  );
}

const refuse = <Kind extends 'forbidden' | 'unknown-item'>(kind: Kind, said: Said) => ({
  kind,
  message: said.summary,
  text: said.message,
});
