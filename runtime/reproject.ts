import type { Client, QueryDefinition } from '@temporalio/client';
import { createDealProjection } from '../activities/deal/projection';
import { createHandoffProjection } from '../activities/handoff/projection';
import { createLaunchProjection } from '../activities/launch/projection';
import { createPocProjection } from '../activities/poc/projection';
import { createRenewalProjection } from '../activities/renewal/projection';
import type { Database } from '../db/prisma';
import { dealProjectionOf } from '../domain/deal/projection';
import { handoffProjectionOf } from '../domain/handoff/projection';
import { launchProjectionOf } from '../domain/launch/projection';
import { pocProjectionOf } from '../domain/poc/projection';
import { renewalProjectionOf } from '../domain/renewal/projection';
import { getDealState } from '../workflows/deal/deal-support';
import { getHandoffState } from '../workflows/handoff/delivery-handoff';
import { getLaunchState } from '../workflows/launch/messages';
import { getPocState } from '../workflows/poc/poc-trial';
import { getRenewalState } from '../workflows/renewal/renewal-follow-up';

interface Projection {
  events: { notify?: unknown }[];
}

/** How one playbook's runs are read from Temporal and written to the read model, as its workflow does. */
interface Playbook<State, P extends Projection> {
  workflowType: string;
  stateQuery: QueryDefinition<State>;
  projectionOf(state: State, eventsAfter: number): P;
  store(db: Database): (projection: P) => Promise<void>;
}

// No sinks: the outbox rows of events that notified were sent when the events happened.
const NO_SINKS: readonly string[] = [];

/** One playbook's rebuild, with its state and projection types settled inside. */
interface Reprojector {
  workflowType: string;
  run(client: Client, db: Database, taskQueue: string, skipped: ReprojectReport['skipped']): Promise<number>;
}

function playbook<State, P extends Projection>(definition: Playbook<State, P>): Reprojector {
  return {
    workflowType: definition.workflowType,
    run: (client, db, taskQueue, skipped) => reprojectPlaybook(client, db, taskQueue, definition, skipped),
  };
}

const PLAYBOOKS: Reprojector[] = [
  playbook({
    workflowType: 'launchReadiness',
    stateQuery: getLaunchState,
    projectionOf: launchProjectionOf,
    store: (db) => createLaunchProjection(db, NO_SINKS).projectRun,
  }),
  playbook({
    workflowType: 'pocTrial',
    stateQuery: getPocState,
    projectionOf: pocProjectionOf,
    store: (db) => createPocProjection(db, NO_SINKS).projectPoc,
  }),
  playbook({
    workflowType: 'dealSupport',
    stateQuery: getDealState,
    projectionOf: dealProjectionOf,
    store: (db) => createDealProjection(db, NO_SINKS).projectDeal,
  }),
  playbook({
    workflowType: 'deliveryHandoff',
    stateQuery: getHandoffState,
    projectionOf: handoffProjectionOf,
    store: (db) => createHandoffProjection(db, NO_SINKS).projectHandoff,
  }),
  playbook({
    workflowType: 'renewalFollowUp',
    stateQuery: getRenewalState,
    projectionOf: renewalProjectionOf,
    store: (db) => createRenewalProjection(db, NO_SINKS).projectRenewal,
  }),
];

export interface ReprojectReport {
  /** Runs written, per workflow type. */
  projected: Record<string, number>;
  /** Runs that could not be read (e.g. a launch of the first fixed checklist), with why. */
  skipped: { workflowId: string; reason: string }[];
}

/**
 * Rebuilds the read model from Temporal, the source of truth: every run of every playbook on the task
 * queue (open or closed; the last run of a chain that continued as new) is queried for its state and
 * written by the same projection code its workflow uses. The writes are guarded by the run's sequence
 * number and keyed by event number, so running it twice, or beside a working worker, changes nothing
 * more. What it cannot restore: timeline events a run already trimmed from its state (it keeps its
 * latest ones), and notifications (never sent again).
 */
export async function reproject(client: Client, db: Database, taskQueue: string): Promise<ReprojectReport> {
  const report: ReprojectReport = { projected: {}, skipped: [] };
  for (const kind of PLAYBOOKS) {
    report.projected[kind.workflowType] = await kind.run(client, db, taskQueue, report.skipped);
  }
  return report;
}

async function reprojectPlaybook<State, P extends Projection>(
  client: Client,
  db: Database,
  taskQueue: string,
  kind: Playbook<State, P>,
  skipped: ReprojectReport['skipped'],
): Promise<number> {
  const store = kind.store(db);
  const query = `WorkflowType = "${kind.workflowType}" AND TaskQueue = "${taskQueue}" AND ExecutionStatus != "ContinuedAsNew"`;
  let projected = 0;
  for await (const run of client.workflow.list({ query })) {
    let state: State;
    try {
      state = await client.workflow.getHandle(run.workflowId, run.runId).query(kind.stateQuery);
    } catch (error) {
      skipped.push({ workflowId: run.workflowId, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const projection = kind.projectionOf(state, 0);
    await store({ ...projection, events: projection.events.map(({ notify: _sent, ...event }) => event) });
    projected += 1;
  }
  return projected;
}

/** Whether the read model holds no run of any playbook (a new install, or a data folder that was lost). */
export async function readModelIsEmpty(db: Database): Promise<boolean> {
  const [row] = await db.$queryRaw<{ empty: boolean }[]>`
    SELECT NOT (EXISTS (SELECT 1 FROM launch_run) OR EXISTS (SELECT 1 FROM poc_trial) OR EXISTS (SELECT 1 FROM deal_case)
             OR EXISTS (SELECT 1 FROM handoff) OR EXISTS (SELECT 1 FROM renewal)) AS empty`;
  return row?.empty ?? true;
}

/** Whether Temporal holds any run on the task queue. */
export async function temporalHoldsRuns(client: Client, taskQueue: string): Promise<boolean> {
  const { count } = await client.workflow.count(`TaskQueue = "${taskQueue}"`);
  return count > 0;
}

/** Rebuilds the read model when it holds no run but Temporal does (local mode runs this at start). */
export async function reprojectIfLost(
  client: Client,
  db: Database,
  taskQueue: string,
  log: (message: string) => void,
): Promise<void> {
  if (!(await readModelIsEmpty(db)) || !(await temporalHoldsRuns(client, taskQueue))) return;
  log('the read model holds no runs but Temporal does: rebuilding it from Temporal');
  const report = await reproject(client, db, taskQueue);
  const counts = Object.entries(report.projected).map(([workflowType, count]) => `${workflowType} ${count}`);
  log(
    `read model rebuilt: ${counts.join(', ')}${report.skipped.length ? `; ${report.skipped.length} runs skipped` : ''}`,
  );
}
