import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type QueryDefinition } from '@temporalio/client';
import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { playbookTemplateSchema } from '../../domain/launch/template';
import type { LaunchAction } from '../../domain/launch/actions';
import { createLaunchState } from '../../domain/launch/create';
import { launchWorkflowId } from '../../domain/launch/projection';
import type { LaunchInput, LaunchState } from '../../domain/launch/types';
import type { Role } from '../../domain/shared/roles';
import { whatIf, WhatIfError, type WhatIfChange } from '../../domain/launch/what-if';
import { getLaunchState, getPinnedPlan, launchAction, launchReadiness } from '../../workflows/launch/launch-readiness';
import { canSeeRegions } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { actorIn } from '../auth/object-access';
import { actingRole, effortField } from '../insights/effort';
import {
  assignSchema,
  commentSchema,
  completeItemSchema,
  decisionSchema,
  emptyBodySchema,
  gateParamsSchema,
  itemParamsSchema,
  launchDateChangeSchema,
  itemDueDateChangeSchema,
  launchParamsSchema,
  launchStateSchema,
  optionalReasonSchema,
  reasonSchema,
  signOffSchema,
  startLaunchSchema,
  whatIfRequestSchema,
  whatIfResultSchema,
} from './schemas';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { startCalendar } from '../http/pinned-calendar';
import { defineRoute, type PlaybookRoutesDeps, type RouteContext } from '../http/route';
import { isQueryWithoutHandler, versionTag, workflowAccess } from '../http/workflow-access';

export type LaunchRoutesDeps = PlaybookRoutesDeps;

const ENDED_STATUSES: ReadonlySet<string> = new Set(['cancelled', 'closed']);

const ACTION_RESPONSES = {
  200: { description: 'The new state (a workflow update); ETag is its seq', schema: launchStateSchema },
  403: { description: 'Your roles may not take this action on this item or run' },
  404: { description: 'No such launch, or not in your regions' },
  409: { description: 'Not allowed in the current state (the message says why), or the run has ended' },
  412: { description: 'If-Match does not match the current seq' },
  422: { description: 'The run has no such item or gate, evidence is missing, or a date is unusable' },
  503: {
    description: 'Temporal or the run’s worker did not answer in time, or the run is busy; nothing changed, try again',
  },
};

/** Starting, reading and acting on launch-readiness runs. Lists, timelines and tasks come from the read model (run-reads). */
export function launchRoutes({ client, db, taskQueue }: LaunchRoutesDeps) {
  const runs = workflowAccess(client);
  const query = <T>(launchId: string, definition: QueryDefinition<T>) =>
    runs.query(launchWorkflowId(launchId), definition);

  /** The live state of a launch the caller may see; anything else is 404, so its existence is not revealed. */
  async function visibleLaunch(launchId: string, principal: Principal): Promise<LaunchState> {
    const notFound = new Problem(404, 'Not found', `No launch ${launchId}`);
    let state: LaunchState;
    try {
      state = await query(launchId, getLaunchState);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound;
      // Runs of the first fixed checklist answer only their own query; they predate every action here.
      if (isQueryWithoutHandler(error)) throw predatesTemplates(launchId);
      throw error;
    }
    if (!canSeeRegions(principal, state.regions)) throw notFound;
    return state;
  }

  /** What never changes about a run once projected (its regions, its template), remembered by this replica. */
  const knownRuns = new KnownRuns();

  /**
   * A run the caller may see, authorized from the read model (its regions) instead of a workflow query
   * before every Update, and from this replica's memory of it after the first time; a run not projected
   * yet (a moment old) answers for itself.
   */
  async function visibleRun(launchId: string, principal: Principal): Promise<{ regions: string[] }> {
    const row =
      knownRuns.get(launchId) ??
      knownRuns.keep(
        launchId,
        await db.launchRun.findUnique({ where: { id: launchId }, select: { regions: true, templateKey: true } }),
      );
    if (!row) return visibleLaunch(launchId, principal);
    if (!canSeeRegions(principal, row.regions)) throw new Problem(404, 'Not found', `No launch ${launchId}`);
    if (row.templateKey === null) throw predatesTemplates(launchId);
    return row;
  }

  /** Why a run takes no more actions, in its words: its status as the read model holds it once it ended. */
  async function endedDetail(launchId: string) {
    const row = await db.launchRun.findUnique({ where: { id: launchId }, select: { status: true } });
    return apiSays('api.ended.launch', { launchId, status: row?.status ?? 'ended' });
  }

  /** The role that signs an item off, from the read model, or the live run when it is not projected yet. */
  async function itemSignOffRole(launchId: string, itemKey: string, principal: Principal): Promise<Role | undefined> {
    const row = await db.launchItem.findUnique({
      where: { launchId_key: { launchId, key: itemKey } },
      select: { signOffBy: true },
    });
    if (row) return (row.signOffBy ?? undefined) as Role | undefined;
    const item = (await visibleLaunch(launchId, principal)).items.find((candidate) => candidate.key === itemKey);
    if (!item)
      throw new Problem(422, 'Unknown checklist item', `Launch ${launchId} has no checklist item "${itemKey}"`);
    return item.signOffBy;
  }

  /**
   * Sends the action with the caller's roles in the run's regions, which the Update's validator checks item rights
   * with, the role they act in under `permission` and the minutes they said it took (effort insights, issue 21).
   */
  function act(
    launchId: string,
    action: LaunchAction,
    context: RouteContext<unknown, unknown, unknown>,
    actor: Principal,
    permission: 'launch:act' | 'launch:manage' = 'launch:act',
  ) {
    const { effortMinutes } = (context.body ?? {}) as { effortMinutes?: number };
    const request = {
      action,
      actor: context.principal.subject,
      actorRole: actingRole(actor, permission),
      ...(effortMinutes === undefined ? {} : { effortMinutes }),
      expectedSeq: context.ifMatch,
      caller: { roles: [...actor.roles] },
    };
    return runs.act(launchWorkflowId(launchId), launchAction, request, () => endedDetail(launchId), {
      updateId: context.updateId,
      stateQuery: getLaunchState,
      minimal: context.minimalAnswer,
    });
  }

  /**
   * A route for one item action: the caller must be able to see the run (checked here) and work on
   * the item (checked by the Update's validator against the live item, from the roles sent with it).
   */
  function itemActionRoute<B extends z.ZodType>(spec: {
    verb: string;
    operationId: string;
    summary: string;
    body: B;
    toAction: (
      itemKey: string,
      body: z.output<B>,
      launchId: string,
      principal: Principal,
    ) => LaunchAction | Promise<LaunchAction>;
  }) {
    return defineRoute({
      method: 'post',
      path: `/api/launches/:id/items/:key/${spec.verb}`,
      operationId: spec.operationId,
      summary: spec.summary,
      tag: 'Launches',
      permission: 'launch:act',
      idempotent: true,
      conditional: true,
      minimalAnswer: true,
      params: itemParamsSchema,
      body: withEffort(spec.body),
      responses: ACTION_RESPONSES,
      async handle(context) {
        const { params, principal } = context;
        const run = await visibleRun(params.id, principal);
        // Only the roles that hold in the run's regions count, for the permission and for owning the item.
        const actor = actorIn(principal, 'launch:act', run.regions, spec.summary.toLowerCase());
        const action = await spec.toAction(
          params.key,
          withoutEffort(context.body as z.output<B>),
          params.id,
          principal,
        );
        return act(params.id, action, context, actor);
      },
    });
  }

  /** A route for a run-wide decision, which only ops managers and admins take. */
  function runActionRoute<B extends z.ZodType>(spec: {
    path: string;
    operationId: string;
    summary: string;
    body: B;
    toAction: (body: z.output<B>) => LaunchAction;
  }) {
    return defineRoute({
      method: 'post',
      path: `/api/launches/:id/${spec.path}`,
      operationId: spec.operationId,
      summary: spec.summary,
      tag: 'Launches',
      permission: 'launch:manage',
      idempotent: true,
      conditional: true,
      minimalAnswer: true,
      params: launchParamsSchema,
      body: withEffort(spec.body),
      responses: ACTION_RESPONSES,
      async handle(context) {
        const run = await visibleRun(context.params.id, context.principal);
        const actor = actorIn(context.principal, 'launch:manage', run.regions, spec.summary.toLowerCase());
        return act(
          context.params.id,
          spec.toAction(withoutEffort(context.body as z.output<B>)),
          context,
          actor,
          'launch:manage',
        );
      },
    });
  }

  /** The schedule under a change, from the run's live state and the plan it pinned; nothing changes. */
  async function preview(launchId: string, principal: Principal, change: WhatIfChange) {
    // An ended run has nothing to plan; the read model says so without waking the run's history.
    const row = await db.launchRun.findUnique({ where: { id: launchId }, select: { status: true, regions: true } });
    if (row && ENDED_STATUSES.has(row.status) && canSeeRegions(principal, row.regions))
      throw endedProblem(launchId, row.status);
    const state = await visibleLaunch(launchId, principal);
    if (ENDED_STATUSES.has(state.status)) throw endedProblem(launchId, state.status);
    const plan = await query(launchId, getPinnedPlan);
    try {
      return { status: 200, body: whatIf(state, plan, change, new Date().toISOString().slice(0, 10)) };
    } catch (error) {
      if (!(error instanceof WhatIfError)) throw error;
      throw new Problem(422, 'Unusable what-if', error.message, {
        errors: error.problems.map((problem) => ({ ...problem, code: 'invalid_value' })),
      });
    }
  }

  return [
    // An ops manager moves or snoozes one item's due date, with a reason on the timeline (newcomer walk 10).
    defineRoute({
      method: 'post',
      path: '/api/launches/:id/items/:key/due-date',
      operationId: 'changeItemDueDate',
      summary: "Change or snooze an open item's due date",
      tag: 'Launches',
      permission: 'launch:manage',
      idempotent: true,
      conditional: true,
      minimalAnswer: true,
      params: itemParamsSchema,
      body: itemDueDateChangeSchema.extend(effortField),
      responses: ACTION_RESPONSES,
      async handle(context) {
        const { params, principal, body } = context;
        const run = await visibleRun(params.id, principal);
        const actor = actorIn(principal, 'launch:manage', run.regions, "change an item's due date");
        const action: LaunchAction = { type: 'reschedule-item', itemKey: params.key, ...withoutEffort(body) };
        return act(params.id, action, context, actor, 'launch:manage');
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/launches/:id/schedule',
      operationId: 'getLaunchSchedule',
      summary: 'The schedule from today: due dates, critical path to the gate, and the earliest possible launch date',
      tag: 'Launches',
      permission: 'launch:read',
      params: launchParamsSchema,
      responses: {
        200: { description: 'Computed from the live state', schema: whatIfResultSchema },
        404: { description: 'No such launch, or not in your regions' },
        409: { description: 'The run has ended' },
        503: { description: 'No worker answered in time' },
      },
      handle: ({ params, principal }) => preview(params.id, principal, {}),
    }),

    defineRoute({
      method: 'post',
      path: '/api/launches/:id/what-if',
      operationId: 'previewLaunchChange',
      summary: 'Preview a launch date change or item slips without applying them',
      tag: 'Launches',
      permission: 'launch:read',
      params: launchParamsSchema,
      body: whatIfRequestSchema,
      responses: {
        200: {
          description: 'Every item’s new due date, the critical path, what would become overdue; nothing changed',
          schema: whatIfResultSchema,
        },
        404: { description: 'No such launch, or not in your regions' },
        409: { description: 'The run has ended' },
        422: { description: 'The change names an unknown or settled item, or a date in the past' },
        503: { description: 'No worker answered in time' },
      },
      handle: ({ params, principal, body }) => preview(params.id, principal, body),
    }),

    defineRoute({
      method: 'post',
      path: '/api/launches',
      operationId: 'startLaunch',
      summary: 'Start a launch-readiness run on a pinned template version',
      tag: 'Launches',
      permission: 'launch:start',
      idempotent: true,
      body: startLaunchSchema,
      responses: {
        201: { description: 'Started', schema: launchStateSchema },
        200: { description: 'This launch already exists with the same details', schema: launchStateSchema },
        409: { description: 'The launch id is taken by a launch with different details' },
        422: {
          description:
            'No such template, template version or calendar, or no calendar named while its regions map to different ones',
        },
        503: { description: 'Temporal did not answer in time' },
      },
      async handle(context) {
        const { body, principal } = context;
        const input = await runInput(db, body, principal.subject);
        const workflowId = launchWorkflowId(input.launchId);
        const headers = { Location: `/api/launches/${input.launchId}` };
        try {
          await client.workflow.start(launchReadiness, {
            workflowId,
            taskQueue,
            args: [input],
            // A launch id names one launch for good: a repeat, even after it finished, finds the existing run.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          const existing = await client.workflow.getHandle(workflowId).query(getLaunchState);
          const same =
            existing.productName === input.productName &&
            existing.launchDate === input.launchDate &&
            existing.template.key === input.template.definition.key;
          if (!same || !canSeeRegions(principal, existing.regions)) {
            throw new Problem(
              409,
              'Launch already exists',
              `Launch ${input.launchId} already exists with different details`,
            );
          }
          return { status: 200, body: existing, headers: { ...headers, ETag: versionTag(existing) } };
        }
        // The run builds this very state from the same input on its first task; answering with it spares the wait
        // for that task (a worker's poll) that a query would add to every start.
        const state = createLaunchState(input, new Date(input.startedAt!));
        return { status: 201, body: state, headers: { ...headers, ETag: versionTag(state) } };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/launches/:id',
      operationId: 'getLaunch',
      summary: 'Read a launch live: items, states, due dates, owners, gates and the latest timeline',
      tag: 'Launches',
      permission: 'launch:read',
      params: launchParamsSchema,
      responses: {
        200: { description: 'Live state of the run (a workflow query); ETag is its seq', schema: launchStateSchema },
        404: { description: 'No such launch, or not in your regions' },
        409: { description: 'A run of the first fixed checklist, which predates playbook templates' },
        503: { description: 'No worker answered in time' },
      },
      async handle({ params, principal }) {
        const state = await visibleLaunch(params.id, principal);
        return { status: 200, body: state, headers: { ETag: versionTag(state) } };
      },
    }),

    itemActionRoute({
      verb: 'start',
      operationId: 'startLaunchItem',
      summary: 'Start work on a ready item',
      body: emptyBodySchema,
      toAction: (itemKey) => ({ type: 'start', itemKey }),
    }),
    itemActionRoute({
      verb: 'complete',
      operationId: 'completeLaunchItem',
      summary: 'Complete an item, with evidence when it asks for some',
      body: completeItemSchema,
      toAction: (itemKey, body) => ({
        type: 'complete',
        itemKey,
        ...(body.link || body.note ? { evidence: { ...body } } : {}),
      }),
    }),
    itemActionRoute({
      verb: 'skip',
      operationId: 'skipLaunchItem',
      summary: 'Skip an optional item, with a reason',
      body: reasonSchema,
      toAction: (itemKey, body) => ({ type: 'skip', itemKey, reason: body.reason }),
    }),
    itemActionRoute({
      verb: 'reopen',
      operationId: 'reopenLaunchItem',
      summary: 'Reopen a done or skipped item; its open dependants are blocked again',
      body: reasonSchema,
      toAction: (itemKey, body) => ({ type: 'reopen', itemKey, reason: body.reason }),
    }),
    itemActionRoute({
      verb: 'assign',
      operationId: 'assignLaunchItem',
      summary: 'Assign or reassign an item to a person',
      body: assignSchema,
      toAction: (itemKey, body) => ({ type: 'assign', itemKey, assignee: body.assignee }),
    }),
    itemActionRoute({
      verb: 'comments',
      operationId: 'commentOnLaunchItem',
      summary: 'Comment on an item (it lands on the timeline)',
      body: commentSchema,
      toAction: (itemKey, body) => ({ type: 'comment', itemKey, text: body.text }),
      // Anyone who may act on the run may say something about any item in it (the validator lets comments through).
    }),
    itemActionRoute({
      verb: 'sign-off',
      operationId: 'signOffLaunchItem',
      summary: 'Sign off a completed item that needs your role’s sign-off',
      body: signOffSchema,
      // The role an item needs comes from its template, which never changes: the read model knows it.
      toAction: async (itemKey, _body, launchId, principal) => ({
        type: 'sign-off-item',
        itemKey,
        role: (await itemSignOffRole(launchId, itemKey, principal))!,
      }),
    }),

    defineRoute({
      method: 'post',
      path: '/api/launches/:id/gates/:gate/sign-off',
      operationId: 'signOffLaunchGate',
      summary: 'Sign off a gate in one of the roles it needs',
      tag: 'Launches',
      permission: 'launch:act',
      idempotent: true,
      conditional: true,
      minimalAnswer: true,
      params: gateParamsSchema,
      body: signOffSchema.extend(effortField),
      responses: ACTION_RESPONSES,
      async handle(context) {
        const { params, principal, body } = context;
        const state = await visibleLaunch(params.id, principal);
        const actor = actorIn(principal, 'launch:act', state.regions, 'sign off a gate');
        const gate = state.gates.find((candidate) => candidate.key === params.gate);
        if (!gate)
          throw new Problem(
            422,
            'Unknown gate',
            apiSays('api.unknown.gate', { launchId: params.id, key: params.gate }),
          );
        const role = signingRole(
          actor,
          gate.signOffs,
          gate.signedOff.map((signature) => signature.role),
          body.role,
        );
        // The gate's live signatures pick the role when the caller did not name one, so this action still reads the run.
        return act(params.id, { type: 'sign-off-gate', gateKey: gate.key, role }, context, actor);
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/launches/:id/gates/:gate/decision',
      operationId: 'decideLaunchGate',
      summary: 'Decide go or no-go; go needs every gate item done and every sign-off',
      tag: 'Launches',
      permission: 'launch:manage',
      idempotent: true,
      conditional: true,
      minimalAnswer: true,
      params: gateParamsSchema,
      body: withEffort(decisionSchema),
      responses: {
        ...ACTION_RESPONSES,
        409: {
          description: 'The gate is not ready (the message lists open items and missing sign-offs), or already decided',
        },
      },
      async handle(context) {
        const { params, body } = context;
        const run = await visibleRun(params.id, context.principal);
        const actor = actorIn(context.principal, 'launch:manage', run.regions, 'decide a gate');
        const action: LaunchAction =
          body.outcome === 'go'
            ? { type: 'decide', gateKey: params.gate, outcome: 'go' }
            : {
                type: 'decide',
                gateKey: params.gate,
                outcome: 'no-go',
                reasons: body.reasons!,
                newLaunchDate: body.newLaunchDate!,
              };
        return act(params.id, action, context, actor, 'launch:manage');
      },
    }),
    runActionRoute({
      path: 'launch-date',
      operationId: 'changeLaunchDate',
      summary: 'Move the launch date: every relative due date and timer follows',
      body: launchDateChangeSchema,
      toAction: (body) => ({ type: 'change-launch-date', launchDate: body.launchDate, reason: body.reason }),
    }),
    runActionRoute({
      path: 'cancel',
      operationId: 'cancelLaunch',
      summary: 'Cancel the run, with a reason; every timer stops',
      body: reasonSchema,
      toAction: (body) => ({ type: 'cancel', reason: body.reason }),
    }),
    runActionRoute({
      path: 'close',
      operationId: 'closeLaunch',
      summary: 'Close a launched run: the penetration stage ends',
      body: optionalReasonSchema,
      toAction: (body) => ({ type: 'close', ...(body.reason ? { reason: body.reason } : {}) }),
    }),
  ];
}

/** Runs' regions and template, which no action changes; bounded, it starts over when full. */
class KnownRuns {
  private static readonly MAX = 10_000;
  private readonly runs = new Map<string, RunFacts>();

  get(launchId: string): RunFacts | undefined {
    return this.runs.get(launchId);
  }

  keep(launchId: string, facts: RunFacts | null): RunFacts | null {
    if (!facts) return null;
    if (this.runs.size >= KnownRuns.MAX) this.runs.clear();
    this.runs.set(launchId, facts);
    return facts;
  }
}

type RunFacts = { regions: string[]; templateKey: string | null };

function predatesTemplates(launchId: string): Problem {
  return new Problem(
    409,
    'Launch predates playbook templates',
    `Launch ${launchId} runs the first fixed checklist, which this API no longer serves`,
  );
}

function endedProblem(launchId: string, status: string): Problem {
  return new Problem(409, 'Launch has ended', apiSays('api.ended.launch-plan', { launchId, status }));
}

/** The role a caller signs in: the one asked for, or the only one they hold that still has to sign. */
function signingRole(
  principal: Principal,
  needed: readonly Role[],
  signed: readonly Role[],
  asked: Role | undefined,
): Role {
  if (asked) {
    if (!principal.roles.includes(asked))
      throw new Problem(403, 'Forbidden', apiSays('api.forbidden.role-not-held', { role: asked }));
    return asked;
  }
  const candidates = needed.filter((role) => principal.roles.includes(role) && !signed.includes(role));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0)
    throw new Problem(403, 'Forbidden', apiSays('api.forbidden.no-sign-off-role', { roles: needed.join(', ') }));
  throw new Problem(400, 'Ambiguous role', apiSays('api.invalid.ambiguous-role', { roles: candidates.join(' or ') }));
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** The workflow input: the request plus the exact template version and calendar, embedded so later edits never reach the run. */
async function runInput(
  db: Database,
  body: z.output<typeof startLaunchSchema>,
  startedBy: string,
): Promise<LaunchInput> {
  const { key, version } = body.template;
  // Both at once (a start waits for one round trip, not two); a refusal of the template still comes first.
  const [template, pinned] = await Promise.allSettled([
    version
      ? db.playbookTemplateVersion.findUnique({ where: { key_version: { key, version } } })
      : db.playbookTemplateVersion.findFirst({ where: { key }, orderBy: { version: 'desc' } }),
    startCalendar(db, body.calendar, body.regions),
  ]);
  const templateRow = settledValue(template);
  if (!templateRow)
    throw new Problem(
      422,
      'Unknown template',
      version ? `No version ${version} of template ${key}` : `No template ${key}`,
    );
  const calendar = settledValue(pinned);
  // Checked before parsing: a POC template (issue 20) has no checklist to parse.
  if (templateRow.playbook !== 'launch-readiness') {
    throw new Problem(
      422,
      'Wrong kind of template',
      `Template ${key} is a ${templateRow.playbook} playbook, not launch-readiness`,
    );
  }
  const definition = playbookTemplateSchema.parse(templateRow.definition);
  return {
    launchId: body.launchId,
    productName: body.productName,
    launchDate: body.launchDate,
    regions: body.regions,
    owners: body.owners,
    template: { version: templateRow.version, definition },
    calendar,
    startedBy,
    startedAt: new Date().toISOString(),
  };
}

/**
 * A launch action's body with the optional minutes the caller spent (issue 21), which the action never sees;
 * `safeExtend` keeps a body's own refinements (a no-go decision's reasons and new date).
 */
function withEffort<B extends z.ZodType>(body: B): B {
  return (body instanceof z.ZodObject ? body.safeExtend(effortField) : body) as B;
}

function withoutEffort<B>(body: B): B {
  if (typeof body !== 'object' || body === null || !('effortMinutes' in body)) return body;
  const { effortMinutes: _spent, ...rest } = body as B & { effortMinutes?: number };
  return rest as B;
}
