import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/prisma';
import type { Role } from '../../domain/shared/roles';
import type { Principal } from './principal';

export const API_TOKEN_PREFIX = 'baton_';
const LAST_USED_RESOLUTION_MS = 60_000;

export function newApiTokenSecret(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The principal behind a live (not revoked) API token, or undefined. */
export async function principalForApiToken(db: Database, secret: string): Promise<Principal | undefined> {
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(secret) } });
  if (!token || token.revokedAt) return undefined;
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return { subject: token.subject, roles: token.roles as Role[], regions: token.regions, via: 'api-token' };
}
