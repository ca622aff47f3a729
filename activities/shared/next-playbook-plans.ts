import type { Database } from '../../db/prisma';
import { resolveDealPlan } from '../../api/deal/template-plan';
import { resolveHandoffPlan } from '../../api/handoff/template-plan';
import { resolveRenewalPlan } from '../../api/renewal/template-plan';
import type { NextPlaybookType } from '../../domain/shared/lifecycle';

/** What a case asks before it starts the next playbook: which playbook, and the customer tier a renewal has. */
export interface NextPlaybookPlanRequest {
  workflowType: NextPlaybookType;
  tier?: string;
}

/**
 * The plan a case started by the case before pins (issue 20), resolved here, outside workflow code, as
 * the API resolves one for a start it takes: a deal's and a handoff's the latest of their shipped
 * template, a renewal's the template mapped to its customer tier, else the latest `renewal`. Null when
 * no such template exists (a database seeded before templates): the case then runs on its coded rules.
 */
export function createNextPlaybookPlanActivities(db: Database) {
  return {
    async resolveNextPlaybookPlan({ workflowType, tier }: NextPlaybookPlanRequest): Promise<object | null> {
      const plan =
        workflowType === 'dealSupport'
          ? await resolveDealPlan(db, undefined)
          : workflowType === 'deliveryHandoff'
            ? await resolveHandoffPlan(db, undefined)
            : await resolveRenewalPlan(db, { tier });
      return plan ?? null;
    },
  };
}

export type NextPlaybookPlanActivities = ReturnType<typeof createNextPlaybookPlanActivities>;
