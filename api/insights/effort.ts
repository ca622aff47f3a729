import { z } from 'zod';
import { MAX_EFFORT_MINUTES } from '../../domain/insights/effort';
import { ROLES, type Role } from '../../domain/shared/roles';
import { PERMISSIONS, type Permission } from '../auth/policy';
import type { Principal } from '../auth/principal';

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
