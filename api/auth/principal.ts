import type { Response } from 'express';
import { z } from 'zod';
import { ROLES, type Role } from '../../domain/shared/roles';

/** Who is calling: from a verified JWT, an API token, or the local development login. */
export interface Principal {
  subject: string;
  roles: Role[];
  /** Regions a region-scoped role may see; ignored for company-wide roles. */
  regions: string[];
  via: 'jwt' | 'api-token';
}

export const roleSchema = z.enum(ROLES);
export const regionSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'region must be a lowercase slug, e.g. east-china');

/** The claims Baton reads from a JWT: `sub`, `roles` and, for region-scoped roles, `regions`. */
export const identityClaimsSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(roleSchema).min(1),
  regions: z.array(regionSchema).default([]),
});

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('no principal: the route was mounted without authentication');
  return principal;
}
