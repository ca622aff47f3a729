import type { Database } from '../../db/prisma';
import type { LegacyLaunchSummary } from '../../domain/launch/legacy-checklist';

/**
 * Upserts a launch's row in the read model. The write is conditional on the
 * projection sequence so a retried or delayed older write never overwrites a newer one.
 */
export function createLegacyProjection(db: Database) {
  return {
    async projectLaunch(summary: LegacyLaunchSummary): Promise<void> {
      await db.$executeRaw`
        INSERT INTO launch_run (id, workflow_id, product_name, regions, launch_date, status, items_total, items_done,
                                items_overdue, projection_seq, started_at, updated_at)
        VALUES (${summary.launchId}, ${summary.workflowId}, ${summary.productName}, ${summary.regions}::text[], ${summary.launchDate}::date,
                ${summary.status}, ${summary.itemsTotal}, ${summary.itemsDone}, ${summary.itemsOverdue},
                ${summary.seq}, ${new Date(summary.startedAt)}, now())
        ON CONFLICT (id) DO UPDATE SET
          product_name = EXCLUDED.product_name, regions = EXCLUDED.regions, launch_date = EXCLUDED.launch_date, status = EXCLUDED.status,
          items_total = EXCLUDED.items_total, items_done = EXCLUDED.items_done,
          items_overdue = EXCLUDED.items_overdue, projection_seq = EXCLUDED.projection_seq,
          updated_at = EXCLUDED.updated_at
        WHERE launch_run.projection_seq < EXCLUDED.projection_seq`;
    },
  };
}
