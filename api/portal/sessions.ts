import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Database } from '../../db/prisma';
import { Problem } from '../http/problem';

/**
 * Customer portal credentials (issue 16). A magic link carries an invitation secret (`bpi_...`): one
 * case, one contact, until it expires or staff revoke it, from as many devices as the contact likes.
 * Signing in with it opens a session for that device (`bps_...`), which is what portal routes take.
 * Only SHA-256 hashes of either secret are stored, and every use is written to portal_event.
 */
export const INVITATION_PREFIX = 'bpi_';
export const PORTAL_SESSION_PREFIX = 'bps_';

/** The customer behind a portal request: who they are and the one case they may see. */
export interface PortalCaller {
  sessionId: string;
  invitationId: string;
  caseId: string;
  playbook: string;
  name: string;
  email: string;
  language: string;
}

export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Writes one use of an invitation to its audit trail. */
export async function recordPortalEvent(
  db: Database,
  invitationId: string,
  action: string,
  origin: { ip?: string; userAgent?: string },
  detail?: string,
): Promise<void> {
  await db.portalEvent.create({
    data: {
      invitationId,
      action,
      ...(detail ? { detail: detail.slice(0, 2000) } : {}),
      ...(origin.ip ? { ip: origin.ip } : {}),
      ...(origin.userAgent ? { userAgent: origin.userAgent.slice(0, 500) } : {}),
    },
  });
}

/** Why an invitation no longer lets anyone in, or undefined while it does. */
export function invitationClosed(
  invitation: { revokedAt: Date | null; expiresAt: Date },
  now: Date,
): string | undefined {
  if (invitation.revokedAt) return 'The invitation was revoked; ask your project manager for a new link';
  if (invitation.expiresAt <= now) return 'The invitation has expired; ask your project manager for a new link';
  return undefined;
}

/** Opens a session for one device from a magic link's secret; undefined for an unknown secret. */
export async function openPortalSession(
  db: Database,
  secret: string,
  origin: { ip?: string; userAgent?: string },
  perHour: number,
): Promise<{ token: string; invitation: { id: string; caseId: string; expiresAt: Date } } | undefined> {
  const invitation = await db.portalInvitation.findUnique({ where: { secretHash: hashSecret(secret) } });
  if (!invitation) return undefined;
  const closed = invitationClosed(invitation, new Date());
  if (closed) {
    await recordPortalEvent(db, invitation.id, 'sign-in-refused', origin, closed);
    throw portalUnauthorized(closed);
  }
  const recent = await db.portalSession.count({
    where: { invitationId: invitation.id, createdAt: { gt: new Date(Date.now() - 3_600_000) } },
  });
  if (recent >= perHour) {
    await recordPortalEvent(db, invitation.id, 'sign-in-refused', origin, `more than ${perHour} sign-ins in an hour`);
    throw new Problem(
      429,
      'Too many requests',
      `This link signed in ${recent} times in the last hour; try again later`,
      {},
      undefined,
      {
        'Retry-After': '3600',
      },
    );
  }
  const token = newSecret(PORTAL_SESSION_PREFIX);
  await db.$transaction([
    db.portalSession.create({
      data: {
        id: randomUUID(),
        invitationId: invitation.id,
        tokenHash: hashSecret(token),
        ...(origin.ip ? { ip: origin.ip } : {}),
        ...(origin.userAgent ? { userAgent: origin.userAgent.slice(0, 500) } : {}),
      },
    }),
    db.portalInvitation.update({ where: { id: invitation.id }, data: { lastSeenAt: new Date() } }),
  ]);
  await recordPortalEvent(db, invitation.id, 'signed-in', origin);
  return { token, invitation };
}

/** The caller behind a session token, or a 401 saying why there is none. */
export async function portalCallerFor(db: Database, token: string): Promise<PortalCaller> {
  const session = await db.portalSession.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { invitation: true },
  });
  if (!session) throw portalUnauthorized('The portal session is unknown; open the link from your invitation again');
  if (session.endedAt) throw portalUnauthorized('You signed out; open the link from your invitation again');
  const now = new Date();
  const closed = invitationClosed(session.invitation, now);
  if (closed) throw portalUnauthorized(closed);
  const { invitation } = session;
  // Staff see when the contact last came; a minute's resolution spares a write per request.
  if (!invitation.lastSeenAt || now.getTime() - invitation.lastSeenAt.getTime() > 60_000)
    await db.portalInvitation.update({ where: { id: invitation.id }, data: { lastSeenAt: now } });
  return {
    sessionId: session.id,
    invitationId: invitation.id,
    caseId: invitation.caseId,
    playbook: invitation.playbook,
    name: invitation.name,
    email: invitation.email,
    language: invitation.language,
  };
}

/** Portal routes take only a portal session: anything else is a 401. */
export function authenticatePortal(db: Database): RequestHandler {
  return async (req, res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token?.startsWith(PORTAL_SESSION_PREFIX))
      throw portalUnauthorized(
        'Send Authorization: Bearer <portal session>, from signing in with your invitation link',
      );
    res.locals.portal = await portalCallerFor(db, token);
    next();
  };
}

/**
 * A portal session on a staff route: a live one learns nothing (404, as for a route that does not
 * exist), a dead one is told to sign in again (401).
 */
export async function refusePortalSessionOnStaffRoute(db: Database, token: string): Promise<never> {
  await portalCallerFor(db, token);
  throw new Problem(404, 'Not found', 'No such resource');
}

export function portalUnauthorized(detail: string): Problem {
  return new Problem(401, 'Unauthorized', detail, {}, undefined, { 'WWW-Authenticate': 'Bearer' });
}
