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
  'integration:manage': ['admin'],
  // Admin-kept reference lists (regions, industries, products, lead channels) and the insights read from the chain.
  'lists:read': EVERYONE,
  'lists:manage': ['admin'],
  'insights:read': EVERYONE,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether any of the caller's roles grants `permission` somewhere; what holds on one object is `mayIn`'s question. */
export function hasPermission(principal: Principal, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return principal.roles.some((role) => allowed.includes(role));
}

/**
 * The roles that hold on an object in `regions`: a company-wide role everywhere, a region-scoped role
 * only on objects in one of the caller's regions (or on company-wide objects, which have none). Each
 * role is judged alone, so a company-wide role next to a regional one never carries the regional
 * role's grants into other regions.
 */
export function rolesIn(principal: Principal, regions: readonly string[]): Role[] {
  const inCallersRegions = regions.length === 0 || regions.some((region) => principal.regions.includes(region));
  return principal.roles.filter((role) => !REGION_SCOPED_ROLES.has(role) || inCallersRegions);
}

/** The caller as they stand on an object in `regions`: only the roles that hold there. */
export function principalIn(principal: Principal, regions: readonly string[]): Principal {
  return { ...principal, roles: rolesIn(principal, regions) };
}

/** Whether the caller may take `permission` on an object in `regions`. */
export function mayIn(principal: Principal, permission: Permission, regions: readonly string[]): boolean {
  return hasPermission(principalIn(principal, regions), permission);
}

/**
 * True when every role the caller holds is limited to its regions. Lists filter by region only for
 * such callers: every role reads, so one company-wide role makes every region readable.
 */
export function isRegionScoped(principal: Principal): boolean {
  return principal.roles.every((role) => REGION_SCOPED_ROLES.has(role));
}

/** A company-wide object (no regions) is visible to all; a regional one to its regions and to company-wide roles. */
export function canSeeRegions(principal: Principal, regions: readonly string[]): boolean {
  return (
    !isRegionScoped(principal) || regions.length === 0 || regions.some((region) => principal.regions.includes(region))
  );
}
