import { REGION_SCOPED_ROLES, ROLES, type Role } from '../../domain/shared/roles';
import type { Principal } from './principal';

const EVERYONE = ROLES;
const EVERYONE_BUT_READ_ONLY = ROLES.filter((role) => role !== 'read_only');

/** Which roles may take each action. Object-level rules (regions, item owners) come on top. */
export const PERMISSIONS = {
  'launch:start': ['ops_manager', 'admin'],
  'launch:read': EVERYONE,
  'launch:act': EVERYONE_BUT_READ_ONLY,
  'launch:manage': ['ops_manager', 'admin'],
  'poc:read': EVERYONE,
  'poc:request': ['sales', 'regional_ops', 'ops_manager', 'admin'],
  'poc:act': EVERYONE_BUT_READ_ONLY,
  'poc:decide': ['regional_ops', 'ops_manager', 'admin'],
  'deal:read': EVERYONE,
  'deal:request': ['sales', 'regional_ops', 'ops_manager', 'admin'],
  'deal:triage': ['presales', 'ops_manager', 'admin'],
  'deal:act': EVERYONE_BUT_READ_ONLY,
  'handoff:read': EVERYONE,
  'handoff:start': ['sales', 'regional_ops', 'ops_manager', 'admin'],
  'handoff:accept': ['project_manager', 'ops_manager', 'admin'],
  'handoff:act': EVERYONE_BUT_READ_ONLY,
  'renewal:read': EVERYONE,
  'renewal:start': ['customer_success', 'ops_manager', 'admin'],
  'renewal:act': ['customer_success', 'regional_ops', 'sales', 'ops_manager', 'admin'],
  'renewal:decide': ['customer_success', 'ops_manager', 'admin'],
  'template:read': EVERYONE,
  'template:manage': ['ops_manager', 'admin'],
  'calendar:read': EVERYONE,
  'calendar:manage': ['ops_manager', 'admin'],
  'token:manage': ['admin'],
  'audit:read': ['admin'],
  'people:manage': ['ops_manager', 'admin'],
  'people:self': EVERYONE,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(principal: Principal, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return principal.roles.some((role) => allowed.includes(role));
}

/** True when every role the caller holds is limited to its regions. */
export function isRegionScoped(principal: Principal): boolean {
  return principal.roles.every((role) => REGION_SCOPED_ROLES.has(role));
}

/** A company-wide object (no regions) is visible to all; a regional one to its regions and to company-wide roles. */
export function canSeeRegions(principal: Principal, regions: readonly string[]): boolean {
  return (
    !isRegionScoped(principal) || regions.length === 0 || regions.some((region) => principal.regions.includes(region))
  );
}

/**
 * Ops managers and admins work on any item; everyone else on the items their role owns or that
 * are assigned to them; read-only callers on none.
 */
export function canWorkOnItem(principal: Principal, item: { ownerRole: string; assignee?: string }): boolean {
  const actsAtAll = principal.roles.some((role) => role !== 'read_only');
  return (
    actsAtAll &&
    (item.assignee === principal.subject ||
      principal.roles.some((role) => role === 'ops_manager' || role === 'admin' || role === item.ownerRole))
  );
}
