import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Router } from 'express';
import type { Database } from '../db/prisma';
import {
  STARTER_CHECKLIST,
  launchWorkflowId,
  type LaunchInput,
  type LaunchState,
} from '../domain/launch';
import { completeLaunchItem, getLaunchState, launchReadiness } from '../workflows/launch-readiness';
import {
  completeItemSchema,
  itemParamsSchema,
  launchParamsSchema,
  listLaunchesQuerySchema,
  startLaunchSchema,
} from './launch-schemas';
import { Problem } from './problem';

export interface LaunchRoutesDeps {
  client: Client;
  db: Database;
  taskQueue: string;
}

export function launchRoutes({ client, db, taskQueue }: LaunchRoutesDeps): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = startLaunchSchema.parse(req.body);
    const input: LaunchInput = { ...body, items: body.items ?? [...STARTER_CHECKLIST] };
    const workflowId = launchWorkflowId(input.launchId);
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
      if (existing.productName !== input.productName || existing.launchDate !== input.launchDate) {
        throw new Problem(409, 'Launch already exists', `Launch ${input.launchId} already exists with different details`, {
          existing: { productName: existing.productName, launchDate: existing.launchDate },
        });
      }
      res.status(200).location(launchPath(input.launchId)).json(existing);
      return;
    }
    const state = await client.workflow.getHandle(workflowId).query(getLaunchState);
    res.status(201).location(launchPath(input.launchId)).json(state);
  });

  router.get('/', async (req, res) => {
    const query = listLaunchesQuerySchema.parse(req.query);
    const rows = await db.launchRun.findMany({
      where: query.status ? { status: query.status } : {},
      orderBy: [{ launchDate: 'asc' }, { id: 'asc' }],
      take: query.limit,
    });
    res.json({
      items: rows.map((row) => ({
        launchId: row.id,
        workflowId: row.workflowId,
        productName: row.productName,
        launchDate: row.launchDate.toISOString().slice(0, 10),
        status: row.status,
        itemsTotal: row.itemsTotal,
        itemsDone: row.itemsDone,
        itemsOverdue: row.itemsOverdue,
        startedAt: row.startedAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      })),
    });
  });

  router.get('/:id', async (req, res) => {
    const { id } = launchParamsSchema.parse(req.params);
    res.json(await queryLaunch(client, id));
  });

  router.post('/:id/items/:key/complete', async (req, res) => {
    const { id, key } = itemParamsSchema.parse(req.params);
    const body = completeItemSchema.parse(req.body);
    const handle = client.workflow.getHandle(launchWorkflowId(id));
    try {
      res.json(await handle.executeUpdate(completeLaunchItem, { args: [{ itemKey: key, ...body }] }));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) await rejectIfFinished(client, id);
      throw error;
    }
  });

  return router;
}

function launchPath(launchId: string): string {
  return `/api/launches/${launchId}`;
}

async function queryLaunch(client: Client, launchId: string): Promise<LaunchState> {
  try {
    return await client.workflow.getHandle(launchWorkflowId(launchId)).query(getLaunchState);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new Problem(404, 'Not found', `No launch ${launchId}`);
    throw error;
  }
}

/** An update to a closed run fails as "not found"; tell the caller the run exists but no longer takes actions. */
async function rejectIfFinished(client: Client, launchId: string): Promise<never> {
  const state = await queryLaunch(client, launchId);
  throw new Problem(409, 'Launch is closed', `Launch ${launchId} is ${state.status} and takes no more actions`);
}
