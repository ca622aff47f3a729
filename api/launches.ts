import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Database } from '../db/prisma';
import { STARTER_CHECKLIST, launchWorkflowId, type LaunchInput, type LaunchState } from '../domain/launch';
import { completeLaunchItem, getLaunchState, launchReadiness } from '../workflows/launch-readiness';
import { recordAudit } from './audit';
import { canCompleteItem, canSeeRegions, isRegionScoped } from './auth/policy';
import type { Principal } from './auth/principal';
import { decodeCursor, encodeCursor } from './cursor';
import {
  completeItemSchema,
  itemParamsSchema,
  launchPageSchema,
  launchParamsSchema,
  launchStateSchema,
  listLaunchesQuerySchema,
  startLaunchSchema,
} from './launch-schemas';
import { Problem } from './problem';
import { defineRoute } from './route';

export interface LaunchRoutesDeps {
  client: Client;
  db: Database;
  taskQueue: string;
}

export function launchRoutes({ client, db, taskQueue }: LaunchRoutesDeps) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/launches',
      operationId: 'startLaunch',
      summary: 'Start a launch-readiness run',
      tag: 'Launches',
      permission: 'launch:start',
      idempotent: true,
      body: startLaunchSchema,
      responses: {
        201: { description: 'Started', schema: launchStateSchema },
        200: { description: 'This launch already exists with the same details', schema: launchStateSchema },
        409: { description: 'The launch id is taken by a launch with different details' },
      },
      async handle(context) {
        const { body } = context;
        const input: LaunchInput = { ...body, regions: body.regions ?? [], items: body.items ?? [...STARTER_CHECKLIST] };
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
          const same = existing.productName === input.productName && existing.launchDate === input.launchDate;
          if (!same || !canSeeRegions(context.principal, existing.regions)) {
            throw new Problem(409, 'Launch already exists', `Launch ${input.launchId} already exists with different details`);
          }
          return { status: 200, body: existing, headers: { ...headers, ETag: etag(existing) } };
        }
        const state = await client.workflow.getHandle(workflowId).query(getLaunchState);
        await recordAudit(db, context, { action: 'launch.start', target: workflowId, after: input });
        return { status: 201, body: state, headers: { ...headers, ETag: etag(state) } };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/launches',
      operationId: 'listLaunches',
      summary: 'List launches',
      tag: 'Launches',
      permission: 'launch:read',
      query: listLaunchesQuerySchema,
      responses: { 200: { description: 'Ordered by launch date, then id', schema: launchPageSchema } },
      async handle({ query, principal }) {
        const after = query.cursor ? decodeCursor(query.cursor, z.tuple([z.iso.date(), z.string()])) : undefined;
        const rows = await db.launchRun.findMany({
          where: {
            AND: [
              query.status ? { status: query.status } : {},
              isRegionScoped(principal) ? { OR: [{ regions: { isEmpty: true } }, { regions: { hasSome: principal.regions } }] } : {},
              after
                ? { OR: [{ launchDate: { gt: new Date(after[0]) } }, { launchDate: new Date(after[0]), id: { gt: after[1] } }] }
                : {},
            ],
          },
          orderBy: [{ launchDate: 'asc' }, { id: 'asc' }],
          take: query.limit + 1,
        });
        const page = rows.slice(0, query.limit).map((row) => ({
          launchId: row.id,
          workflowId: row.workflowId,
          productName: row.productName,
          launchDate: row.launchDate.toISOString().slice(0, 10),
          regions: row.regions,
          status: row.status,
          itemsTotal: row.itemsTotal,
          itemsDone: row.itemsDone,
          itemsOverdue: row.itemsOverdue,
          startedAt: row.startedAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        }));
        const last = page.at(-1);
        return {
          status: 200,
          body: { items: page, nextCursor: rows.length > query.limit && last ? encodeCursor([last.launchDate, last.launchId]) : null },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/launches/:id',
      operationId: 'getLaunch',
      summary: 'Read a launch live',
      tag: 'Launches',
      permission: 'launch:read',
      params: launchParamsSchema,
      responses: {
        200: { description: 'Live state of the run (a workflow query); ETag is its seq', schema: launchStateSchema },
        404: { description: 'No such launch, or not in your regions' },
      },
      async handle({ params, principal }) {
        const state = await visibleLaunch(client, params.id, principal);
        return { status: 200, body: state, headers: { ETag: etag(state) } };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/launches/:id/items/:key/complete',
      operationId: 'completeLaunchItem',
      summary: 'Complete a checklist item',
      tag: 'Launches',
      permission: 'launch:act',
      idempotent: true,
      conditional: true,
      params: itemParamsSchema,
      body: completeItemSchema,
      responses: {
        200: { description: 'The new state (a workflow update)', schema: launchStateSchema },
        403: { description: 'The item is owned by a role you do not hold' },
        404: { description: 'No such launch, or not in your regions' },
        409: { description: 'Already completed, or the launch is closed' },
        412: { description: 'If-Match does not match the current seq' },
        422: { description: 'The launch has no such item' },
      },
      async handle(context) {
        const { params, body, principal } = context;
        const before = await visibleLaunch(client, params.id, principal);
        const item = before.items.find((candidate) => candidate.key === params.key);
        if (item && !canCompleteItem(principal, item)) {
          throw new Problem(403, 'Forbidden', `Item "${item.key}" is owned by ${item.ownerRole}; your roles may not complete it`);
        }
        const handle = client.workflow.getHandle(launchWorkflowId(params.id));
        let after: LaunchState;
        try {
          after = await handle.executeUpdate(completeLaunchItem, {
            args: [{ itemKey: params.key, completedBy: principal.subject, note: body.note, expectedSeq: context.ifMatch }],
          });
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) {
            throw new Problem(409, 'Launch is closed', `Launch ${params.id} is ${before.status} and takes no more actions`);
          }
          throw error;
        }
        await recordAudit(db, context, {
          action: 'launch.item.complete',
          target: `${launchWorkflowId(params.id)}/items/${params.key}`,
          before: item,
          after: after.items.find((candidate) => candidate.key === params.key),
        });
        return { status: 200, body: after, headers: { ETag: etag(after) } };
      },
    }),
  ];
}

function etag(state: LaunchState): string {
  return `"${state.seq}"`;
}

/** The live state of a launch the caller may see; anything else is 404, so its existence is not revealed. */
async function visibleLaunch(client: Client, launchId: string, principal: Principal): Promise<LaunchState> {
  const notFound = new Problem(404, 'Not found', `No launch ${launchId}`);
  let state: LaunchState;
  try {
    state = await client.workflow.getHandle(launchWorkflowId(launchId)).query(getLaunchState);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw notFound;
    throw error;
  }
  if (!canSeeRegions(principal, state.regions)) throw notFound;
  return state;
}
