import { WorkflowNotFoundError, type Client, type QueryDefinition, type UpdateDefinition } from '@temporalio/client';
import type { z } from 'zod';
import { canSeeRegions } from '../auth/policy';
import type { Permission } from '../auth/policy';
import { actorIn } from '../auth/object-access';
import type { Principal } from '../auth/principal';
import { Problem } from './problem';
import { defineRoute, type ResponseSpec } from './route';
import { workflowAccess } from './workflow-access';

interface CaseState {
  seq: number;
  stage: string;
  region: string;
}

/** What one kind of regional case (a POC trial, a deal-support case) shares with the others. */
export interface RegionalCaseKind<State extends CaseState, Action> {
  client: Client;
  /** e.g. /api/pocs */
  basePath: string;
  tag: string;
  /** Workflow ids of this kind start with it, e.g. `poc:`. */
  idPrefix: string;
  /** How messages name one case, e.g. "POC trial". */
  noun: string;
  params: z.ZodType<{ id: string }>;
  stateQuery: QueryDefinition<State>;
  actionUpdate: UpdateDefinition<State, [{ action: Action; actor: string; expectedSeq?: number }]>;
  actionResponses: Record<number, ResponseSpec>;
  /** Anything else the workflow's validator needs to know about the caller (e.g. their roles). */
  callerFields?: (principal: Principal) => Record<string, unknown>;
}

/**
 * Reading a case live and acting on it, for playbooks whose cases belong to one region: a case in
 * a region the caller cannot see answers 404, so its existence is not revealed.
 */
export function regionalCases<State extends CaseState, Action>(kind: RegionalCaseKind<State, Action>) {
  const workflows = workflowAccess(kind.client);

  async function visible(id: string, principal: Principal): Promise<State> {
    const notFound = new Problem(404, 'Not found', `No ${kind.noun} ${id}`);
    if (!id.startsWith(kind.idPrefix)) throw notFound;
    let state: State;
    try {
      state = await workflows.query(id, kind.stateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound;
      throw error;
    }
    if (!canSeeRegions(principal, [state.region])) throw notFound;
    return state;
  }

  /** One route per action: the caller must see the case and hold the permission in its region. */
  function actionRoute<B extends z.ZodType, P extends z.ZodType<{ id: string }>>(spec: {
    path: string;
    operationId: string;
    summary: string;
    permission: Permission;
    body: B;
    params?: P;
    toAction: (body: z.output<B>, params: z.output<P>) => Action;
  }) {
    return defineRoute({
      method: 'post',
      path: `${kind.basePath}/:id/${spec.path}`,
      operationId: spec.operationId,
      summary: spec.summary,
      tag: kind.tag,
      permission: spec.permission,
      idempotent: true,
      conditional: true,
      params: spec.params ?? kind.params,
      body: spec.body,
      responses: kind.actionResponses,
      async handle(context) {
        const { id } = context.params;
        const state = await visible(id, context.principal);
        const actor = actorIn(context.principal, spec.permission, [state.region], spec.summary.toLowerCase());
        const request = {
          action: spec.toAction(context.body as z.output<B>, context.params as z.output<P>),
          actor: actor.subject,
          expectedSeq: context.ifMatch,
          // Only the roles that hold in the case's region, so the workflow's own role checks agree.
          ...kind.callerFields?.(actor),
        };
        return workflows.act(
          id,
          kind.actionUpdate,
          request,
          `The ${kind.noun} ${id} is ${state.stage} and takes no more actions`,
        );
      },
    });
  }

  return { visible, actionRoute, query: workflows.query };
}
