import { dealInputProblems } from '../deal/create';
import { dealWorkflowId } from '../deal/transitions';
import type { DealRequest, DealSupportInput, SupportType } from '../deal/types';
import type { PinnedCalendar } from './business-calendar';
import type { LifecycleSource, PendingNextPlaybook } from './lifecycle';
import { carriedProfile } from '../insights/case-profile';

/**
 * Deal support started by the case before it (a converted trial): the one place outside the deal's
 * own folder that knows its start input and checks it with the deal's own rules, so a conversion is
 * refused up front rather than starting a deal that would fail.
 */

/** What deal support needs beyond what the case before it knows. */
export interface DealSupportAsk {
  supportTypes: SupportType[];
  /** YYYY-MM-DD. */
  dueDate: string;
  /** The CRM's stage name. */
  dealStage: string;
  competitors?: string[];
  note?: string;
}

/** What the case before deal support knows of the deal. */
export type DealSupportSource = Pick<DealRequest, 'account' | 'region' | 'opportunity' | 'salesOwner' | 'profile'>;

export function dealSupportInput(
  source: DealSupportSource,
  ask: DealSupportAsk,
  actor: string,
  calendar: PinnedCalendar,
  from?: LifecycleSource,
): DealSupportInput {
  return {
    request: {
      account: source.account,
      region: source.region,
      opportunity: { ...source.opportunity },
      dealStage: ask.dealStage,
      competitors: ask.competitors ?? [],
      supportTypes: ask.supportTypes,
      dueDate: ask.dueDate,
      salesOwner: source.salesOwner,
      ...(ask.note ? { note: ask.note } : {}),
      ...(Object.keys(carriedProfile(source)).length > 0 ? { profile: carriedProfile(source) } : {}),
    },
    requestedBy: actor,
    calendar,
    ...(from ? { source: from } : {}),
  };
}

/** Why deal support could not start from this input, each problem named as the asker wrote it (`dealSupport.*`). */
export function dealSupportStartProblems(input: DealSupportInput): string[] {
  return dealInputProblems(input).map((problem) => problem.replace(/^request\./, 'dealSupport.'));
}

/** The deal-support start a conversion asks for, under the deal's business id. */
export function dealSupportStart(input: DealSupportInput): PendingNextPlaybook {
  return {
    workflowType: 'dealSupport',
    workflowId: dealWorkflowId(input.request.account, input.request.opportunity.id),
    input,
  };
}
