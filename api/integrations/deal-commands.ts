import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DealCrmDetailsRequest } from '../../domain/deal/crm-details';
import type { DealState } from '../../domain/deal/types';
import type { OpportunityFacts } from '../../domain/integrations/translate';
import { dealAction, dealCrmDetails, dealWorkflowId, getDealState } from '../../workflows/deal/deal-support';
import { refusal, type CommandOutcome } from './commands';

/**
 * What an opportunity's CRM event does to its deal-support case (issue 18), when it has one: its
 * details (amount, owner, close date, stage) through the `integrationsDealCrmDetails` Update, and
 * closed-won closes the case won, which starts the delivery handoff. An opportunity without a case
 * gets nothing here (the trial's commands speak for it). Update ids come from the event id, so an
 * event delivered twice is one Update.
 */
export function dealCommands(client: Client) {
  async function dealState(facts: OpportunityFacts): Promise<DealState | undefined> {
    try {
      return await client.workflow.getHandle(dealWorkflowId(facts.account, facts.id)).query(getDealState);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  return {
    exists: async (facts: OpportunityFacts) => (await dealState(facts)) !== undefined,

    async update(source: string, eventId: string, facts: OpportunityFacts): Promise<CommandOutcome | undefined> {
      const workflowId = dealWorkflowId(facts.account, facts.id);
      const at = facts.modifiedAt;
      const request: DealCrmDetailsRequest = {
        source,
        eventId,
        changes: {
          stage: { value: facts.stage, modifiedAt: at },
          ...(facts.amount === undefined ? {} : { amount: { value: facts.amount, modifiedAt: at } }),
          ...(facts.owner === undefined ? {} : { owner: { value: facts.owner, modifiedAt: at } }),
          ...(facts.closeDate === undefined ? {} : { closeDate: { value: facts.closeDate, modifiedAt: at } }),
        },
      };
      try {
        const result = await client.workflow
          .getHandle(workflowId)
          .executeUpdate(dealCrmDetails, { args: [request], updateId: `crm:${source}:${eventId}:update-deal` });
        return {
          command: 'update-deal',
          workflowId,
          outcome: result.applied.length > 0 ? 'updated' : 'ignored',
          applied: result.applied,
          ignored: result.ignored,
          ...(result.applied.length > 0 ? {} : { why: 'nothing newer than what the case holds' }),
        };
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw refusal(error);
        if (!(await dealState(facts))) return undefined;
        return { command: 'update-deal', workflowId, outcome: 'ignored', why: 'the deal-support case has ended' };
      }
    },

    async win(source: string, eventId: string, facts: OpportunityFacts): Promise<CommandOutcome | undefined> {
      const workflowId = dealWorkflowId(facts.account, facts.id);
      const state = await dealState(facts);
      if (!state) return undefined;
      if (state.stage === 'closed_won')
        return { command: 'win-deal', workflowId, outcome: 'ignored', why: 'the case is closed won already' };
      try {
        await client.workflow.getHandle(workflowId).executeUpdate(dealAction, {
          args: [
            {
              action: { type: 'close-won', note: `closed won in ${source}` },
              actor: `crm:${source}`,
              actorRole: 'integration',
              actorRoles: [],
            },
          ],
          updateId: `crm:${source}:${eventId}:win-deal`,
        });
        return { command: 'win-deal', workflowId, outcome: 'won' };
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw refusal(error);
        return { command: 'win-deal', workflowId, outcome: 'ignored', why: 'the deal-support case has ended' };
      }
    },
  };
}
