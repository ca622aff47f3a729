import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The custom search attributes an on-call engineer filters runs by in Temporal's CLI and UI, e.g.
 *   temporal workflow list --query "BatonPlaybook = 'pocTrial' AND BatonRegion = 'east' AND BatonStage = 'active'"
 *   temporal workflow list --query "BatonPlaybook = 'launchReadiness' AND BatonOverdue = true"
 * Registered once per namespace at setup (SEARCH_ATTRIBUTE_SETUP). Wire names: never rename them.
 */
export const BATON_PLAYBOOK = defineSearchAttributeKey('BatonPlaybook', SearchAttributeType.KEYWORD);
/** A case's region, or every region a launch covers. */
export const BATON_REGION = defineSearchAttributeKey('BatonRegion', SearchAttributeType.KEYWORD_LIST);
/** The case's stage (POC, deal, handoff, renewal) or the launch's status. */
export const BATON_STAGE = defineSearchAttributeKey('BatonStage', SearchAttributeType.KEYWORD);
export const BATON_ACCOUNT = defineSearchAttributeKey('BatonAccount', SearchAttributeType.KEYWORD);
/** Something is past due: a launch item, a handoff milestone, a deal response. */
export const BATON_OVERDUE = defineSearchAttributeKey('BatonOverdue', SearchAttributeType.BOOL);
/** The next due date (a launch's next open item). */
export const BATON_NEXT_DUE = defineSearchAttributeKey('BatonNextDue', SearchAttributeType.DATETIME);

/** Name and CLI type of each, for `temporal operator search-attribute create --name N --type T`. */
export const SEARCH_ATTRIBUTE_SETUP: Record<string, string> = {
  BatonPlaybook: 'Keyword',
  BatonRegion: 'KeywordList',
  BatonStage: 'Keyword',
  BatonAccount: 'Keyword',
  BatonOverdue: 'Bool',
  BatonNextDue: 'Datetime',
};

export interface CaseVisibility {
  regions: string[];
  stage?: string;
  account?: string;
  overdue: boolean;
  nextDue?: Date;
}

/**
 * What the search attributes say about a case, read from its read-model projection (every playbook's
 * projection names these fields the same way): one place for all playbooks.
 */
export function caseVisibilityOf(projection: object): CaseVisibility {
  const p = projection as Partial<{
    region: unknown;
    regions: unknown;
    stage: unknown;
    status: unknown;
    account: unknown;
    itemsOverdue: unknown;
    overdue: unknown;
    responseOverdue: unknown;
    nextDueDate: unknown;
  }>;
  const regions = Array.isArray(p.regions)
    ? p.regions.filter((region): region is string => typeof region === 'string')
    : typeof p.region === 'string'
      ? [p.region]
      : [];
  const stage = typeof p.stage === 'string' ? p.stage : typeof p.status === 'string' ? p.status : undefined;
  const overdue =
    (typeof p.itemsOverdue === 'number' && p.itemsOverdue > 0) || p.overdue === true || p.responseOverdue === true;
  return {
    regions,
    ...(stage ? { stage } : {}),
    ...(typeof p.account === 'string' ? { account: p.account } : {}),
    overdue,
    ...(typeof p.nextDueDate === 'string' ? { nextDue: new Date(`${p.nextDueDate.slice(0, 10)}T00:00:00Z`) } : {}),
  };
}
