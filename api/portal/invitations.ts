import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createMailer } from '../../activities/shared/notices/mailer';
import { pendingCustomerSteps } from '../../domain/handoff/customer-actions';
import type { Database } from '../../db/prisma';
import type { MailConfig } from '../../runtime/config';
import { actorIn } from '../auth/object-access';
import { recordAudit } from '../admin/audit';
import { handoffCases } from '../handoff/routes';
import { handoffParamsSchema } from '../handoff/schemas';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { invitationMail } from './invitation-mail';
import { caseParticipationSchema, invitationParamsSchema, invitationSchema, inviteContactSchema } from './schemas';
import { hashSecret, INVITATION_PREFIX, newSecret, recordPortalEvent } from './sessions';

/** Invitations a contact may receive per case in an hour: a mistyped address is fixed, a mail bomb is not. */
export const INVITATIONS_PER_HOUR = 5;
const EVENTS_SHOWN = 50;

type InvitationRow = Awaited<ReturnType<Database['portalInvitation']['findFirstOrThrow']>> & {
  events: Awaited<ReturnType<Database['portalEvent']['findFirstOrThrow']>>[];
};

function present(row: InvitationRow, now: Date) {
  const status = row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'active';
  return {
    id: row.id,
    caseId: row.caseId,
    name: row.name,
    email: row.email,
    language: row.language,
    invitedBy: row.invitedBy,
    invitedAt: row.invitedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy ?? null,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    status: status as 'active' | 'expired' | 'revoked',
    events: row.events.map((event) => ({
      at: event.at.toISOString(),
      action: event.action,
      detail: event.detail,
      ip: event.ip,
      userAgent: event.userAgent,
    })),
  };
}

/**
 * Staff's side of the customer portal on a handoff: invite a customer contact (Baton mails them a
 * magic link), see who was invited, when they last came and what they did, and revoke a link. Only
 * people who may see the handoff (its region) and accept handoffs (project managers, ops) invite.
 */
export function portalStaffRoutes(deps: { client: Client; db: Database; taskQueue: string; mail?: MailConfig }) {
  const { db } = deps;
  const cases = handoffCases(deps);
  const mailer = deps.mail ? createMailer(deps.mail) : undefined;
  const notFound = { description: 'No such handoff, or not in your regions' };

  return [
    defineRoute({
      method: 'post',
      path: '/api/handoffs/:id/portal-invitations',
      operationId: 'inviteHandoffCustomer',
      summary: 'Invite a customer contact to the handoff’s portal: Baton mails them a magic link',
      tag: 'Customer portal',
      permission: 'handoff:accept',
      params: handoffParamsSchema,
      body: inviteContactSchema,
      responses: {
        201: { description: 'Invited; the link went to the contact’s mailbox only', schema: invitationSchema },
        404: notFound,
        503: { description: 'The mail could not be sent (nothing was kept), or no worker answered' },
      },
      async handle(context) {
        const { params, body, principal, origin } = context;
        const state = await cases.visible(params.id, principal);
        const actor = actorIn(principal, 'handoff:accept', [state.region], 'invite customers to its portal');
        if (!mailer) throw new Problem(503, 'Mail unavailable', 'This Baton has no mail settings to send a link with');
        const recent = await db.portalInvitation.count({
          where: { caseId: state.handoffId, email: body.email, invitedAt: { gt: new Date(Date.now() - 3_600_000) } },
        });
        if (recent >= INVITATIONS_PER_HOUR)
          throw new Problem(
            429,
            'Too many requests',
            `${body.email} was invited to this handoff ${recent} times in the last hour; try again later`,
            {},
            undefined,
            { 'Retry-After': '3600' },
          );
        const secret = newSecret(INVITATION_PREFIX);
        const id = randomUUID();
        const expiresAt = new Date(Date.now() + body.expiresInDays * 86_400_000);
        await db.portalInvitation.create({
          data: {
            id,
            caseId: state.handoffId,
            playbook: 'handoff',
            name: body.name,
            email: body.email,
            language: body.language,
            secretHash: hashSecret(secret),
            invitedBy: actor.subject,
            expiresAt,
          },
        });
        try {
          await mailer.send(
            invitationMail({
              to: body.email,
              name: body.name,
              language: body.language,
              account: state.account,
              project: state.opportunity,
              invitedBy: actor.subject,
              link: `${mailer.settings.boardUrl}/portal#invite=${secret}`,
              expiresAt,
              invitationId: id,
            }),
          );
        } catch (error) {
          // A link nobody received must not stay valid.
          await db.portalInvitation.delete({ where: { id } });
          throw new Problem(503, 'Mail unavailable', error instanceof Error ? error.message : String(error));
        }
        await recordPortalEvent(db, id, 'invited', origin, `by ${actor.subject}`);
        await recordAudit(db, context, {
          action: 'portal.invite',
          target: state.handoffId,
          after: { invitation: id, email: body.email, expiresAt: expiresAt.toISOString() },
        });
        const row = await db.portalInvitation.findUniqueOrThrow({ where: { id }, include: { events: true } });
        return { status: 201, body: present(row, new Date()) };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/handoffs/:id/portal',
      operationId: 'getHandoffPortal',
      summary: 'Who was invited to the handoff’s portal, when they last came, what they did, and what waits on them',
      tag: 'Customer portal',
      permission: 'handoff:read',
      params: handoffParamsSchema,
      responses: { 200: { description: 'Invitations, newest first', schema: caseParticipationSchema }, 404: notFound },
      async handle({ params, principal }) {
        const state = await cases.visible(params.id, principal);
        const rows = await db.portalInvitation.findMany({
          where: { caseId: state.handoffId },
          orderBy: { invitedAt: 'desc' },
          include: { events: { orderBy: { id: 'desc' }, take: EVENTS_SHOWN } },
        });
        const now = new Date();
        return {
          status: 200,
          body: {
            invitations: rows.map((row) => present(row, now)),
            pendingSteps: pendingCustomerSteps(state).map((step) => ({ ...step, dueDate: step.dueDate ?? null })),
          },
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/handoffs/:id/portal-invitations/:invitationId/revoke',
      operationId: 'revokeHandoffPortalInvitation',
      summary: 'Revoke a portal link: every session opened with it answers 401 from now on',
      tag: 'Customer portal',
      permission: 'handoff:accept',
      params: invitationParamsSchema,
      responses: { 200: { description: 'Revoked (or already revoked)', schema: invitationSchema }, 404: notFound },
      async handle(context) {
        const { params, principal, origin } = context;
        const state = await cases.visible(params.id, principal);
        const actor = actorIn(principal, 'handoff:accept', [state.region], 'revoke its portal links');
        const found = await db.portalInvitation.findFirst({
          where: { id: params.invitationId, caseId: state.handoffId },
        });
        if (!found) throw new Problem(404, 'Not found', `No invitation ${params.invitationId} on ${state.handoffId}`);
        if (!found.revokedAt) {
          await db.portalInvitation.update({
            where: { id: found.id },
            data: { revokedAt: new Date(), revokedBy: actor.subject },
          });
          await recordPortalEvent(db, found.id, 'revoked', origin, `by ${actor.subject}`);
          await recordAudit(db, context, {
            action: 'portal.revoke',
            target: state.handoffId,
            after: { invitation: found.id },
          });
        }
        const row = await db.portalInvitation.findUniqueOrThrow({
          where: { id: found.id },
          include: { events: { orderBy: { id: 'desc' }, take: EVENTS_SHOWN } },
        });
        return { status: 200, body: present(row, new Date()) };
      },
    }),
  ];
}
