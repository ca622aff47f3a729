import { REGION_SCOPED_ROLES } from '../../domain/shared/roles';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { hasPermission, PERMISSIONS, principalIn, type Permission } from './policy';
import type { Principal } from './principal';

/**
 * The caller as they stand on an object in `regions`, when one of the roles that hold there grants
 * `permission`; 403 otherwise. Mounting checks only that some role grants the permission somewhere,
 * so every action on a regional object asks again here, with the object's regions.
 */
export function actorIn(
  principal: Principal,
  permission: Permission,
  regions: readonly string[],
  doing: string,
): Principal {
  const actor = principalIn(principal, regions);
  if (hasPermission(actor, permission)) return actor;
  const allowed: readonly string[] = PERMISSIONS[permission];
  const regional = principal.roles.filter((role) => REGION_SCOPED_ROLES.has(role) && allowed.includes(role));
  throw new Problem(
    403,
    'Forbidden',
    regional.length > 0
      ? apiSays('api.forbidden.regions', {
          doing,
          regions: regions.join(', '),
          roles: regional.join(' and '),
          mine: principal.regions.join(', ') || 'none',
        })
      : apiSays('api.forbidden.roles', { roles: principal.roles.join(', '), doing }),
  );
}
