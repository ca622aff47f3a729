import { log, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  BATON_ACCOUNT,
  BATON_NEXT_DUE,
  BATON_OVERDUE,
  BATON_PLAYBOOK,
  BATON_REGION,
  BATON_STAGE,
  caseVisibilityOf,
} from '../../domain/shared/search-attributes';

/** Patch id: runs recorded before it replay without the upserts. */
export const SEARCH_ATTRIBUTES_PATCH = 'topology-search-attributes';

/**
 * Keeps a case's search attributes current with its projection, for Temporal's CLI and UI. Only for
 * runs started with BatonPlaybook set: the API sets it only when the namespace has Baton's search
 * attributes registered, so a server without them (a test server, a namespace not yet set up) never
 * sees an upsert it would fail the workflow task for. Upserts only what changed.
 */
export function searchAttributeKeeper(): (projection: object) => void {
  let last = '';
  return (projection) => {
    if (workflowInfo().typedSearchAttributes.get(BATON_PLAYBOOK) === undefined) return;
    if (!patched(SEARCH_ATTRIBUTES_PATCH)) return;
    const visibility = caseVisibilityOf(projection);
    const key = JSON.stringify(visibility);
    if (key === last) return;
    last = key;
    upsertSearchAttributes([
      { key: BATON_REGION, value: visibility.regions },
      { key: BATON_STAGE, value: visibility.stage ?? null },
      { key: BATON_ACCOUNT, value: visibility.account ?? null },
      { key: BATON_OVERDUE, value: visibility.overdue },
      { key: BATON_NEXT_DUE, value: visibility.nextDue ?? null },
    ]);
    log.info('search attributes updated', { stage: visibility.stage, overdue: visibility.overdue });
  };
}
