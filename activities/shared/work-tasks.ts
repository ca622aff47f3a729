import type { Prisma } from '../../db/generated/client';

/** The playbooks whose cases have tasks in work_task. */
export type TaskPlaybook = 'launch' | 'poc' | 'deal' | 'handoff' | 'renewal';

/**
 * Replaces one case's rows of work_task ("my tasks" over every playbook) with what the view
 * work_task_source derives from the case's read-model rows, in the projection's transaction, so the
 * tasks never disagree with the case. The rules live in the view alone (migration 20261206002000);
 * they read only stored rows, so a stale projection write that changed nothing refreshes to the same tasks.
 */
export async function refreshWorkTasks(
  tx: Prisma.TransactionClient,
  playbook: TaskPlaybook,
  caseId: string,
): Promise<void> {
  await tx.$executeRaw`DELETE FROM work_task WHERE playbook = ${playbook} AND case_id = ${caseId}`;
  await tx.$executeRaw`
    INSERT INTO work_task SELECT * FROM work_task_source WHERE playbook = ${playbook} AND case_id = ${caseId}`;
}

/** Rebuilds every row of work_task from the view (after rows were written around the projections, e.g. by SQL). */
export const REBUILD_WORK_TASKS = [
  'TRUNCATE work_task',
  'INSERT INTO work_task SELECT * FROM work_task_source',
] as const;
