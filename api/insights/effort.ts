import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { MAX_EFFORT_MINUTES } from '../../domain/insights/effort';
import { ROLES, type Role } from '../../domain/shared/roles';
import { PERMISSIONS, type Permission } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { InsightsScope } from './chain';

/** The optional body field every case action takes: the minutes the caller spent on it (issue 21). */
export const effortField = {
  effortMinutes: z
    .int()
    .min(1)
    .max(MAX_EFFORT_MINUTES)
    .optional()
    .meta({
      description: `Minutes you spent on this action (1 to ${MAX_EFFORT_MINUTES}); counted in the effort insights`,
    }),
};

/**
 * The role the caller acts in: the first of their roles (in the order ROLES lists them) that grants
 * the permission where they act, so a sales rep who is also an admin approving as sales counts as sales.
 */
export function actingRole(actor: Principal, permission: Permission): Role | undefined {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return ROLES.find((role) => actor.roles.includes(role) && allowed.includes(role));
}

/**
 * The effort report's launch rows (README "Insights"): per role, the role-stamped events of the launch runs started
 * in the window, their minutes, and the runs and distinct people per run. A run is not on a customer's chain, so
 * only region filters apply (a company-wide run, with no regions, counts in every region), and a filter by
 * channel, industry or product leaves launches out. Runs are few beside cases: read from the events directly.
 */
export async function launchEffort(db: Database, scope: InsightsScope) {
  if (Object.keys(scope.dims).length > 0) return [];
  const regions = scope.regionLists.map(
    (list) => Prisma.sql`AND (cardinality(r.regions) = 0 OR r.regions && ${list}::text[])`,
  );
  const rows = await db.$queryRaw<{ role: string; entries: number; minutes: number; cases: number; people: number }[]>`
    SELECT role, sum(entries)::int AS entries, sum(minutes)::float8 AS minutes, count(*)::int AS cases,
           sum(people)::int AS people
    FROM (
      SELECT e.launch_id, e.actor_role AS role, count(*) AS entries, COALESCE(sum(e.effort_minutes), 0) AS minutes,
             count(DISTINCT e.actor) AS people
      FROM launch_run r JOIN launch_event e ON e.launch_id = r.id
      WHERE r.started_at >= ${scope.start} AND r.started_at < ${scope.end} AND e.actor_role IS NOT NULL
        ${regions.length > 0 ? Prisma.join(regions, ' ') : Prisma.empty}
      GROUP BY e.launch_id, e.actor_role
    ) per_run
    GROUP BY role`;
  const each = (total: number, cases: number) => (cases === 0 ? null : Math.round((total / cases) * 10) / 10);
  return rows.map((row) => ({
    playbook: 'launch' as const,
    role: row.role,
    entries: row.entries,
    minutes: row.minutes,
    cases: row.cases,
    minutesPerCase: each(row.minutes, row.cases),
    peoplePerCase: each(row.people, row.cases),
  }));
}
