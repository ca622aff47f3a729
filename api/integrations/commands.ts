import {
  ApplicationFailure,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { Database } from '../../db/prisma';
import type { PocCrmDetailsRequest, PocCrmDetailsResult } from '../../domain/poc/crm-details';
import { pocInputProblems } from '../../domain/poc/create';
import { withPocPlan } from '../../domain/poc/plan';
import { resolvePocPlan } from '../poc/template-plan';
import type { PocRules, PocState, PocTrialInput } from '../../domain/poc/types';
import { pocRequestFrom } from '../../domain/integrations/poc-request';
import type { CrmCommand, Translation } from '../../domain/integrations/translate';
import { getPocState, pocAction, pocCrmDetails, pocTrial, pocWorkflowId } from '../../workflows/poc/poc-trial';
import { pinnedCalendar } from '../http/pinned-calendar';
import { dealCommands } from './deal-commands';
import { contractCommands } from './contract-commands';

/**
 * Runs what a CRM event asks (translate.ts) against the trials' workflows. Every Temporal call
 * carries an update id made of the source, the event id and the command, so an event delivered
 * twice at once (or replayed after a crash) is the same Update and runs once; a trial is started
 * only through update-with-start under its business id, so racing events never make two.
 */

export interface CommandOutcome {
  command: CrmCommand['type'];
  workflowId: string;
  /** started (a new trial or renewal), updated, converted (a trial), won (a deal), or ignored (nothing to change; `why` says why). */
  outcome: 'started' | 'updated' | 'converted' | 'won' | 'ignored';
  applied?: string[];
  ignored?: string[];
  why?: string;
}

/** The event cannot be applied as things stand (no such trial, a stage that refuses it): dead-lettered. */
export class RefusedEvent extends Error {
  constructor(
    message: string,
    /** 422 when the event lacks something; 409 when the case is not in a state to take it. */
    readonly status: 409 | 422,
  ) {
    super(message);
  }
}

export interface CrmCommandDeps {
  client: Client;
  db: Database;
  taskQueue: string;
  pocRules: Partial<PocRules>;
}

export function crmCommandRunner({ client, db, taskQueue, pocRules }: CrmCommandDeps) {
  async function trialState(workflowId: string): Promise<PocState | undefined> {
    try {
      return await client.workflow.getHandle(workflowId).query(getPocState);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  const deals = dealCommands(client);
  const contracts = contractCommands({ client, db, taskQueue });

  return async function run(
    source: string,
    eventId: string,
    translation: Extract<Translation, { ok: true }>,
    now: Date,
  ): Promise<CommandOutcome[]> {
    if (translation.kind === 'contract') return [await contracts.renew(source, eventId, translation)];
    const { facts, mapping } = translation;
    const workflowId = pocWorkflowId(facts.account, facts.id);
    const at = facts.modifiedAt;
    const details: PocCrmDetailsRequest = {
      source,
      eventId,
      changes: {
        stage: { value: facts.stage, modifiedAt: at },
        ...(facts.amount === undefined ? {} : { amount: { value: facts.amount, modifiedAt: at } }),
        ...(facts.owner === undefined ? {} : { owner: { value: facts.owner, modifiedAt: at } }),
        ...(facts.closeDate === undefined ? {} : { closeDate: { value: facts.closeDate, modifiedAt: at } }),
      },
    };
    const updateId = (command: CrmCommand['type']) => `crm:${source}:${eventId}:${command}`;
    const detailsOutcome = (command: CrmCommand['type'], result: PocCrmDetailsResult, started: boolean) =>
      ({
        command,
        workflowId,
        outcome: started ? 'started' : result.applied.length > 0 ? 'updated' : 'ignored',
        applied: result.applied,
        ignored: result.ignored,
        ...(started || result.applied.length > 0 ? {} : { why: 'nothing newer than what the trial holds' }),
      }) satisfies CommandOutcome;

    async function requestPoc(): Promise<CommandOutcome> {
      const { request, problems } = pocRequestFrom(facts, mapping, now.toISOString().slice(0, 10));
      // Templates (issue 20): a trial the CRM asks for pins its region's or product's POC template too.
      const plan =
        problems.length > 0
          ? undefined
          : await resolvePocPlan(db, { region: request.region, product: request.product }, pocRules);
      const input: PocTrialInput = {
        request,
        requestedBy: `crm:${source}`,
        ...(plan ? { plan } : { rules: pocRules }),
        calendar: await pinnedCalendar(db, mapping.defaults.calendar),
      };
      problems.push(...(problems.length > 0 ? [] : pocInputProblems(withPocPlan(input))));
      const existed = (await trialState(workflowId)) !== undefined;
      if (problems.length > 0 && !existed) throw new RefusedEvent(problems.join('; '), 422);
      const start = new WithStartWorkflowOperation(pocTrial, {
        workflowId,
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A trial that has ended is never started again under its business id.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      try {
        const result = await client.workflow.executeUpdateWithStart(pocCrmDetails, {
          args: [details],
          startWorkflowOperation: start,
          updateId: updateId('request-poc'),
        });
        return detailsOutcome('request-poc', result, !existed);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError)
          return { command: 'request-poc', workflowId, outcome: 'ignored', why: 'the trial has ended' };
        throw refusal(error);
      }
    }

    async function updatePoc(): Promise<CommandOutcome> {
      try {
        const result = await client.workflow
          .getHandle(workflowId)
          .executeUpdate(pocCrmDetails, { args: [details], updateId: updateId('update-poc') });
        return detailsOutcome('update-poc', result, false);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) {
          const why = (await trialState(workflowId)) ? 'the trial has ended' : 'no trial for this opportunity';
          return { command: 'update-poc', workflowId, outcome: 'ignored', why };
        }
        throw refusal(error);
      }
    }

    async function winPoc(): Promise<CommandOutcome | undefined> {
      const state = await trialState(workflowId);
      // Closed won with no trial: the deal-support case takes it (win-deal), or nothing does.
      if (!state && (await deals.exists(facts))) return undefined;
      if (!state) throw new RefusedEvent(`no trial ${workflowId} to mark won`, 409);
      if (state.stage === 'converted')
        return { command: 'win-poc', workflowId, outcome: 'ignored', why: 'the trial is converted already' };
      try {
        await client.workflow.getHandle(workflowId).executeUpdate(pocAction, {
          args: [
            {
              action: { type: 'convert', nextStep: 'delivery-handoff', note: `closed won in ${source}` },
              actor: `crm:${source}`,
              actorRole: 'integration',
            },
          ],
          updateId: updateId('win-poc'),
        });
        return { command: 'win-poc', workflowId, outcome: 'converted' };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw new RefusedEvent(`the trial ${workflowId} has ended`, 409);
        throw refusal(error);
      }
    }

    const outcomes: CommandOutcome[] = [];
    for (const command of translation.commands) {
      const outcome =
        command.type === 'request-poc'
          ? await requestPoc()
          : command.type === 'update-poc'
            ? await updatePoc()
            : command.type === 'win-poc'
              ? await winPoc()
              : command.type === 'update-deal'
                ? await deals.update(source, eventId, facts)
                : command.type === 'win-deal'
                  ? await deals.win(source, eventId, facts)
                  : undefined;
      // A deal command for an opportunity with no deal-support case says nothing.
      if (outcome) outcomes.push(outcome);
    }
    return outcomes;
  };
}

/** A workflow's refusal (its validator's message) as a refused event; anything else is not the event's fault. */
export function refusal(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
    return new RefusedEvent(error.cause.message, 409);
  return error;
}
