import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import type { Database } from '../../db/prisma';
import type { Translation } from '../../domain/integrations/translate';
import { renewalInputProblems } from '../../domain/renewal/create';
import type { RenewalCrmDatesRequest } from '../../domain/renewal/crm-dates';
import type { RenewalFollowUpInput } from '../../domain/renewal/types';
import {
  getRenewalState,
  renewalCrmDates,
  renewalFollowUp,
  renewalWorkflowId,
} from '../../workflows/renewal/renewal-follow-up';
import { pinnedCalendar } from '../http/pinned-calendar';
import { RefusedEvent, refusal, type CommandOutcome } from './commands';

/**
 * What a contract's CRM event does (issue 18): starts the contract's renewal unless it exists, and
 * applies the contract's dates and value through the `integrationsRenewalCrmDates` Update, in one
 * update-with-start under the renewal's business id, so an event that arrives twice or races
 * another never makes two renewals. Each date is applied by the CRM's modification time.
 */
export function contractCommands({ client, db, taskQueue }: { client: Client; db: Database; taskQueue: string }) {
  return {
    async renew(
      source: string,
      eventId: string,
      translation: Extract<Translation, { ok: true; kind: 'contract' }>,
    ): Promise<CommandOutcome> {
      const { facts, mapping } = translation;
      const { defaults } = mapping;
      const workflowId = renewalWorkflowId(facts.account, facts.id);
      const region = facts.region ?? defaults.region;
      if (!region)
        throw new RefusedEvent(
          'region is needed to start a renewal: map it (fields.region) or give a default (defaults.region)',
          422,
        );
      const currency = facts.currency ?? defaults.currency;
      const tier = facts.tier ?? defaults.tier;
      const input: RenewalFollowUpInput = {
        start: {
          account: facts.account,
          region,
          contractId: facts.id,
          termStart: facts.termStart,
          contractEnd: facts.contractEnd,
          value: facts.value,
          ...(currency ? { currency } : {}),
          ...(tier ? { tier } : {}),
          ...(facts.customerSuccessOwner ? { customerSuccessOwner: facts.customerSuccessOwner } : {}),
          source: { playbook: 'api' },
          calendar: await pinnedCalendar(db, defaults.calendar),
        },
        requestedBy: `crm:${source}`,
      };
      const problems = renewalInputProblems(input);
      if (problems.length > 0) throw new RefusedEvent(problems.join('; '), 422);
      const at = facts.modifiedAt;
      const request: RenewalCrmDatesRequest = {
        source,
        eventId,
        changes: {
          termStart: { value: facts.termStart, modifiedAt: at },
          contractEnd: { value: facts.contractEnd, modifiedAt: at },
          value: { value: facts.value, modifiedAt: at },
        },
      };
      const existed = await renewalExists(client, workflowId);
      const start = new WithStartWorkflowOperation(renewalFollowUp, {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A churned renewal is never started again under its business id.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      try {
        const result = await client.workflow.executeUpdateWithStart(renewalCrmDates, {
          args: [request],
          startWorkflowOperation: start,
          updateId: `crm:${source}:${eventId}:renew-contract`,
        });
        const started = !existed;
        return {
          command: 'renew-contract',
          workflowId,
          outcome: started ? 'started' : result.applied.length > 0 ? 'updated' : 'ignored',
          applied: result.applied,
          ignored: result.ignored,
          ...(started || result.applied.length > 0 ? {} : { why: 'nothing newer than what the renewal holds' }),
        };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError)
          return { command: 'renew-contract', workflowId, outcome: 'ignored', why: 'the renewal has ended (churned)' };
        throw refusal(error);
      }
    },
  };
}

/** Whether the renewal exists (running or ended), to tell a start from an update in the outcome. */
async function renewalExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).query(getRenewalState);
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
