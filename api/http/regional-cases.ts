import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type QueryDefinition,
  type UpdateDefinition,
} from '@temporalio/client';
import { z } from 'zod';
import { canSeeRegions, mayIn } from '../auth/policy';
import type { Permission } from '../auth/policy';
import { actorIn } from '../auth/object-access';
import type { Principal } from '../auth/principal';
import { apiSays } from './api-text';
import { Problem } from './problem';
import { differingDetails, startInputOf } from './repeated-start';
import { defineRoute, type ResponseSpec, type RouteResult } from './route';
import { versionTag, workflowAccess } from './workflow-access';
import { actingRole, effortField } from '../insights/effort';
import type { UpdateReceipt } from '../../domain/shared/update-receipt';

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
  /** Where new cases run. */
  taskQueue: string;
  stateQuery: QueryDefinition<State>;
  /** Answers the new state, or a receipt (lean-<playbook>-small-payloads) after which the action reads the state. */
  actionUpdate: UpdateDefinition<State | UpdateReceipt, [{ action: Action; actor: string; expectedSeq?: number }]>;
  /** How response descriptions name one case, e.g. "trial". */
  shortNoun: string;
  /** The live state reads and actions answer with. */
  stateSchema: z.ZodType;
  /** What an action can answer besides the new state, 404, 412 and 503 (each playbook's 403, 409 and 422). */
  actionErrors: Record<number, ResponseSpec>;
  /** Anything else the workflow's validator needs to know about the caller (e.g. their roles). */
  callerFields?: (principal: Principal) => Record<string, unknown>;
  /** The case's region and stage in the read model (null before its first projection), which actions authorize from. */
  projected: (id: string) => Promise<{ region: string; stage: string } | null>;
}

/**
 * Reading a case live and acting on it, for playbooks whose cases belong to one region: a case in
 * a region the caller cannot see answers 404, so its existence is not revealed.
 */
export function regionalCases<State extends CaseState, Action>(kind: RegionalCaseKind<State, Action>) {
  const workflows = workflowAccess(kind.client);
  const notFound = { description: `No such ${kind.shortNoun}, or not in your regions` };
  const actionResponses = {
    200: { description: 'The new state (a workflow update); ETag is its seq', schema: kind.stateSchema },
    404: notFound,
    412: { description: 'If-Match does not match the current seq' },
    503: {
      description: `Temporal or the ${kind.shortNoun}’s worker did not answer in time; nothing changed, try again`,
    },
    ...kind.actionErrors,
  };

  async function visible(id: string, principal: Principal): Promise<State> {
    const notFound = new Problem(404, 'Not found', apiSays('api.not-found.case', { noun: kind.noun, id }));
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

  /**
   * The case as far as authorizing an action needs it: its region and stage from the read model, so
   * no workflow query precedes the Update (the Update's validator checks the rest against the live
   * state); a case not projected yet (a moment old) answers for itself.
   */
  async function visibleForAction(id: string, principal: Principal): Promise<{ region: string; stage: string }> {
    const notFound = () => new Problem(404, 'Not found', apiSays('api.not-found.case', { noun: kind.noun, id }));
    if (!id.startsWith(kind.idPrefix)) throw notFound();
    const row = await kind.projected(id);
    if (!row) return visible(id, principal);
    if (!canSeeRegions(principal, [row.region])) throw notFound();
    return row;
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
        404: notFound,
        503: { description: 'No worker answered in time' },
      },
      async handle({ params, principal }) {
        const state = await visible(params.id, principal);
        return { status: 200, body: state, headers: { ETag: versionTag(state) } };
      },
    });
  }

  /**
   * Starting a case whose id names it for good (one per account and opportunity, say): a repeat,
   * even after the case ended, answers with the existing one (200), unless it lies in a region the
   * caller cannot see: then it answers as a read of it would (404), so the caller learns nothing of it.
   * Only a role that holds in the requested region counts: a company-wide role does not lift a regional one.
   */
  function startRoute<B extends z.ZodType<{ region: string }>, Input>(spec: {
    operationId: string;
    summary: string;
    permission: Permission;
    body: B;
    startedDescription: string;
    /** Names the case a repeat finds, e.g. "A trial for this account and opportunity". */
    existing: string;
    /** Completes "You may … only in your regions" where region-scoped callers start cases only in their own. */
    ownRegionsOnly?: string;
    workflow: (input: Input) => Promise<unknown>;
    /** Builds and checks the workflow input. */
    prepare(context: { body: z.output<B>; principal: Principal }): Promise<{ workflowId: string; input: Input }>;
  }) {
    const responses: Record<number, ResponseSpec> = {
      201: { description: spec.startedDescription, schema: kind.stateSchema },
      200: {
        description: `${spec.existing} already exists with the same details; it is returned`,
        schema: kind.stateSchema,
      },
      409: {
        description: `${spec.existing} already exists with other details; \`fields\` names them and nothing changed`,
      },
      404: {
        description: `The ${kind.shortNoun} this would start belongs to a region you cannot see (answered as for any ${kind.shortNoun} outside your regions)`,
      },
      422: { description: 'No such calendar' },
      503: { description: 'Temporal did not answer in time' },
    };
    responses[403] = { description: 'The region is not one of yours' };
    return defineRoute({
      method: 'post',
      path: kind.basePath,
      operationId: spec.operationId,
      summary: spec.summary,
      tag: kind.tag,
      permission: spec.permission,
      idempotent: true,
      body: spec.body,
      responses,
      async handle({ body, principal }) {
        const { region } = body as z.output<B>;
        if (!mayIn(principal, spec.permission, [region])) {
          throw new Problem(
            403,
            'Forbidden',
            apiSays('api.forbidden.own-regions', {
              doing: spec.ownRegionsOnly ?? spec.summary.toLowerCase(),
              mine: principal.regions.join(', ') || 'none',
            }),
          );
        }
        const { workflowId, input } = await spec.prepare({ body: body as z.output<B>, principal });
        return startCase(spec.workflow, workflowId, input, principal, spec.existing);
      },
    });
  }

  async function startCase<Input>(
    workflow: (input: Input) => Promise<unknown>,
    workflowId: string,
    input: Input,
    principal: Principal,
    existingName: string,
  ): Promise<RouteResult> {
    const headers = { Location: `${kind.basePath}/${encodeURIComponent(workflowId)}` };
    try {
      await kind.client.workflow.start(workflow, {
        workflowId,
        taskQueue: kind.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const existing = await workflows.query(workflowId, kind.stateQuery);
      if (!canSeeRegions(principal, [existing.region]))
        throw new Problem(404, 'Not found', `No ${kind.noun} ${workflowId}`);
      // A repeat (a CRM re-sending) is answered with the case only when it says the same.
      const fields = differingDetails(await startInputOf(kind.client, workflowId), input);
      if (fields.length > 0)
        throw new Problem(
          409,
          'Conflict',
          apiSays('api.conflict.repeated-start', {
            existing: existingName,
            fields: { list: fields, separator: ', ' },
            noun: kind.shortNoun,
          }),
          { fields },
        );
      return { status: 200, body: existing, headers: { ...headers, ETag: versionTag(existing) } };
    }
    const state = await workflows.query(workflowId, kind.stateQuery);
    return { status: 201, body: state, headers: { ...headers, ETag: versionTag(state) } };
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
      minimalAnswer: true,
      params: spec.params ?? kind.params,
      // Every action may say the minutes it took (issue 21); the action itself never sees them.
      body: spec.body instanceof z.ZodObject ? spec.body.extend(effortField) : spec.body,
      responses: actionResponses,
      async handle(context) {
        const { id } = context.params;
        const state = await visibleForAction(id, context.principal);
        const actor = actorIn(context.principal, spec.permission, [state.region], spec.summary.toLowerCase());
        const { effortMinutes, ...body } = context.body as z.output<B> & { effortMinutes?: number };
        const request = {
          action: spec.toAction(body as z.output<B>, context.params as z.output<P>),
          actor: actor.subject,
          actorRole: actingRole(actor, spec.permission),
          ...(effortMinutes === undefined ? {} : { effortMinutes }),
          expectedSeq: context.ifMatch,
          // Only the roles that hold in the case's region, so the workflow's own role checks agree.
          ...kind.callerFields?.(actor),
        };
        return workflows.act(
          id,
          kind.actionUpdate,
          request,
          apiSays('api.ended.case', { noun: kind.noun, id, stage: state.stage }),
          { updateId: context.updateId, stateQuery: kind.stateQuery, minimal: context.minimalAnswer },
        );
      },
    });
  }

  return { visible, getRoute, startRoute, actionRoute };
}
