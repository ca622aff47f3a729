import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type QueryDefinition,
  type UpdateDefinition,
} from '@temporalio/client';
import type { z } from 'zod';
import { canSeeRegions, isRegionScoped } from '../auth/policy';
import type { Permission } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { Problem } from './problem';
import { defineRoute, type ResponseSpec, type RouteResult } from './route';
import { versionTag, workflowAccess } from './workflow-access';

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
  /** The live state a read answers with. */
  stateSchema: z.ZodType;
  /** What a read of an unknown or hidden case answers, e.g. "No such trial, or not in your regions". */
  notFoundDescription: string;
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

  /** Reading one case live; another region's case is a 404 like a missing one. */
  function getRoute(spec: { operationId: string; summary: string; permission: Permission }) {
    return defineRoute({
      method: 'get',
      path: `${kind.basePath}/:id`,
      operationId: spec.operationId,
      summary: spec.summary,
      tag: kind.tag,
      permission: spec.permission,
      params: kind.params,
      responses: {
        200: { description: 'Live state (a workflow query); ETag is its seq', schema: kind.stateSchema },
        404: { description: kind.notFoundDescription },
        503: { description: 'No worker answered in time' },
      },
      async handle({ params, principal }) {
        const state = await visible(params.id, principal);
        return { status: 200, body: state, headers: { ETag: versionTag(state) } };
      },
    });
  }

  /**
   * Starts a case whose id names it for good: a repeat, even after the case ended, answers with the
   * existing one (200), unless it lies in a region the caller cannot see (`alreadyExists`).
   */
  async function start<Input>(spec: {
    workflow: (input: Input) => Promise<unknown>;
    workflowId: string;
    taskQueue: string;
    input: Input;
    principal: Principal;
    alreadyExists: () => Problem;
  }): Promise<RouteResult> {
    const { workflowId } = spec;
    const headers = { Location: `${kind.basePath}/${encodeURIComponent(workflowId)}` };
    try {
      await kind.client.workflow.start(spec.workflow, {
        workflowId,
        taskQueue: spec.taskQueue,
        args: [spec.input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const existing = await workflows.query(workflowId, kind.stateQuery);
      if (!canSeeRegions(spec.principal, [existing.region])) throw spec.alreadyExists();
      return { status: 200, body: existing, headers: { ...headers, ETag: versionTag(existing) } };
    }
    const state = await workflows.query(workflowId, kind.stateQuery);
    return { status: 201, body: state, headers: { ...headers, ETag: versionTag(state) } };
  }

  /** One route per action: the caller must see the case's region and hold the permission. */
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
        const request = {
          action: spec.toAction(context.body as z.output<B>, context.params as z.output<P>),
          actor: context.principal.subject,
          expectedSeq: context.ifMatch,
          ...kind.callerFields?.(context.principal),
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

  return { visible, getRoute, start, actionRoute };
}

/** A region-scoped caller starts cases only in their own regions; `doing` completes "You may … only in your regions". */
export function requireOwnRegion(principal: Principal, region: string, doing: string): void {
  if (isRegionScoped(principal) && !principal.regions.includes(region)) {
    throw new Problem(
      403,
      'Forbidden',
      `You may ${doing} only in your regions (${principal.regions.join(', ') || 'none'})`,
    );
  }
}
