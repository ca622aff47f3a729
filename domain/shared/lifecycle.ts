import { isIsoDate } from './input-checks';
import type { PinnedCalendar } from './business-calendar';
import { carriedProfile, type CaseProfile } from '../insights/case-profile';

/**
 * The customer lifecycle's hand-offs: what each playbook gives the next one when it starts it
 * (converted POC or won deal -> delivery handoff -> renewal follow-up). Each playbook owns its own
 * input type and embeds one of these as `start`, so the playbook before it can build that input
 * without importing the next playbook's rules.
 */

/** Which playbook (or the API) started a case, and the case it came from. */
export interface LifecycleSource {
  playbook: 'poc-trial' | 'deal-support' | 'delivery-handoff' | 'api';
  /** The workflow id of the case it came from; absent when started through the API. */
  id?: string;
}

/** Free text for the handoff package, given by whoever closes the case before (all optional). */
export interface HandoffPrefill {
  requirements?: string;
  commitments?: string;
  knownRisks?: string;
  /** YYYY-MM-DD. */
  targetGoLive?: string;
}

const PREFILL_TEXTS = ['requirements', 'commitments', 'knownRisks'] as const;

/** What is wrong with a prefill, one sentence per problem (none when it is usable). */
export function handoffPrefillProblems(prefill: HandoffPrefill, today: string): string[] {
  const problems = PREFILL_TEXTS.filter((key) => prefill[key] !== undefined && typeof prefill[key] !== 'string').map(
    (key) => `handoff.${key} must be text`,
  );
  const { targetGoLive } = prefill;
  if (targetGoLive !== undefined) {
    if (!isIsoDate(targetGoLive))
      problems.push(`handoff.targetGoLive must be a date written YYYY-MM-DD, not "${String(targetGoLive)}"`);
    else if (targetGoLive < today)
      problems.push(`handoff.targetGoLive ${targetGoLive} is in the past (today is ${today})`);
  }
  return problems;
}

/** The prefill without blank texts, so the package shows those items as missing. */
export function cleanPrefill(prefill: HandoffPrefill | undefined): HandoffPrefill | undefined {
  if (!prefill) return undefined;
  const kept = Object.entries(prefill).filter(([, value]) => typeof value === 'string' && value.trim() !== '');
  return kept.length > 0
    ? (Object.fromEntries(kept.map(([key, value]) => [key, (value as string).trim()])) as HandoffPrefill)
    : undefined;
}

/** A won deal or converted trial, handed to delivery. */
export interface HandoffStart {
  account: string;
  opportunity: string;
  region: string;
  /** Contract value. */
  amount: number;
  currency?: string;
  salesOwner: string;
  /** What the case before already knows; the package checklist starts from it. */
  prefill?: HandoffPrefill;
  source: LifecycleSource;
  /** Channel, industry and products carried from the case before (issue 21). */
  profile?: CaseProfile;
  /** The working-day calendar of the case before, embedded so later edits never reach a case in flight. */
  calendar: PinnedCalendar;
}

/** The deal a won POC trial or deal-support case hands to delivery, as HandoffStart names it. */
export function handoffDeal(won: {
  account: string;
  region: string;
  salesOwner: string;
  opportunity: { id: string; amount: number; currency?: string };
  profile?: CaseProfile;
}) {
  const profile = carriedProfile(won);
  return {
    account: won.account,
    opportunity: won.opportunity.id,
    region: won.region,
    amount: won.opportunity.amount,
    ...(won.opportunity.currency ? { currency: won.opportunity.currency } : {}),
    salesOwner: won.salesOwner,
    ...(Object.keys(profile).length > 0 ? { profile } : {}),
  };
}

/** A project handed over to customer success: the contract renewal follow-up tracks, term after term. */
export interface RenewalStart {
  account: string;
  region: string;
  /** The contract's business key (for a handed-over project: its opportunity). */
  contractId: string;
  /** YYYY-MM-DD, first day of the current term. */
  termStart: string;
  /** YYYY-MM-DD, last day of the current term. */
  contractEnd: string;
  /** Annual contract value. */
  value: number;
  currency?: string;
  /** Customer tier, e.g. strategic, key, standard. */
  tier?: string;
  customerSuccessOwner?: string;
  source: LifecycleSource;
  /** Channel, industry and products carried from the handoff (issue 21). */
  profile?: CaseProfile;
  calendar: PinnedCalendar;
}

/** The workflow types a case can start as the next step of the customer lifecycle. */
export type NextPlaybookType = 'dealSupport' | 'deliveryHandoff' | 'renewalFollowUp';

export const NEXT_PLAYBOOK_NAMES: Record<NextPlaybookType, string> = {
  dealSupport: 'deal support',
  deliveryHandoff: 'delivery handoff',
  renewalFollowUp: 'renewal follow-up',
};

/** A next playbook a case has decided to start; kept in its state (and so carried across continue-as-new) until it is started. */
export interface PendingNextPlaybook {
  workflowType: NextPlaybookType;
  workflowId: string;
  input: unknown;
}

/** The next playbook a case started: `already-started` when a case with that id existed (e.g. started through the API first). */
export interface NextPlaybookStarted {
  workflowType: NextPlaybookType;
  workflowId: string;
  status: 'started' | 'already-started';
}

/** A lifecycle case as people name it, "Acme (OPP-1)", read back from its id (`<kind>:<account>:<key>`). */
export function lifecycleCaseName(workflowId: string): string {
  const [, account, key] = workflowId.split(':');
  if (account === undefined || key === undefined) return workflowId;
  try {
    return `${decodeURIComponent(account)} (${decodeURIComponent(key)})`;
  } catch {
    return workflowId;
  }
}

const part = (value: string) => encodeURIComponent(value.trim());

/** One handoff per account and opportunity, so a repeated start finds the existing one. */
export function handoffWorkflowId(account: string, opportunity: string): string {
  return `handoff:${part(account)}:${part(opportunity)}`;
}

/** One renewal follow-up per account and contract, for the contract's whole life. */
export function renewalWorkflowId(account: string, contractId: string): string {
  return `renewal:${part(account)}:${part(contractId)}`;
}
