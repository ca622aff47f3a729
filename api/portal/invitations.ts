import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createMailer, MailFailure } from '../../activities/shared/notices/mailer';
import { pendingCustomerSteps } from '../../domain/handoff/customer-actions';
import { handoffCustomerReminders } from '../../domain/handoff/customer-reminders';
import { reminderKeyOf } from '../../domain/shared/customer-reminders';
import type { Database } from '../../db/prisma';
import type { MailConfig } from '../../runtime/config';
import { actorIn } from '../auth/object-access';
import { recordAudit } from '../admin/audit';
import { handoffCases } from '../handoff/routes';
import { handoffParamsSchema } from '../handoff/schemas';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { invitationMail } from './invitation-mail';
import {
  caseParticipationSchema,
  invitationParamsSchema,
  invitationSchema,
  inviteContactSchema,
  type pendingStepSchema,
} from './schemas';
import type { z } from 'zod';
import type { HandoffState } from '../../domain/handoff/types';
import type { Permission } from '../auth/policy';
import type { Principal } from '../auth/principal';
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

/** One playbook whose cases take customers in through the portal: how staff reach a case and what waits on the customer. */
export interface PortalCaseKind<State> {
  playbook: 'handoff' | 'poc' | 'renewal';
  /** e.g. `/api/handoffs`; the portal routes hang below `<basePath>/:id`. */
  basePath: string;
  params: typeof handoffParamsSchema;
  /** The case as the caller may see it; another region's or a missing one throws 404. */
  visible(id: string, principal: Principal): Promise<State>;
  invitePermission: Permission;
  readPermission: Permission;
  operationIds: { invite: string; read: string; revoke: string };
  /** "handoff", "trial": in route descriptions. */
  noun: string;
  facts(state: State): { caseId: string; region: string; account: string; project: string };
  pendingSteps(state: State): Omit<z.input<typeof pendingStepSchema>, 'lastRemindedAt' | 'reminders'>[];
  /** When the customer was last reminded of each waiting step (by reminder key), and how often. */
  reminded(state: State): Record<string, { at: string; round: number }>;
}

/** The handoff as a portal case: the first playbook the portal served. */
export function handoffPortalKind(deps: {
  client: Client;
  db: Database;
  taskQueue: string;
}): PortalCaseKind<HandoffState> {
  const cases = handoffCases(deps);
  return {
    playbook: 'handoff',
    basePath: '/api/handoffs',
    params: handoffParamsSchema,
    visible: cases.visible,
    invitePermission: 'handoff:accept',
    readPermission: 'handoff:read',
    operationIds: {
      invite: 'inviteHandoffCustomer',
      read: 'getHandoffPortal',
      revoke: 'revokeHandoffPortalInvitation',
    },
    noun: 'handoff',
    facts: (state) => ({
      caseId: state.handoffId,
      region: state.region,
      account: state.account,
      project: state.opportunity,
    }),
    pendingSteps: (state) => pendingCustomerSteps(state).map((step) => ({ ...step, dueDate: step.dueDate ?? null })),
    reminded: (state) => handoffCustomerReminders.reminded(state),
  };
}

/**
 * Staff's side of the customer portal on a case: invite a customer contact (Baton mails them a
 * magic link), see who was invited, when they last came and what they did, and revoke a link. Only
 * people who may see the case (its region) and hold the kind's invite permission invite.
 */
export function portalStaffRoutes<State>(deps: { db: Database; mail?: MailConfig }, kind: PortalCaseKind<State>) {
  const { db } = deps;
  const mailer = deps.mail ? createMailer(deps.mail) : undefined;
  const notFound = { description: `No such ${kind.noun}, or not in your regions` };

  return [
    defineRoute({
      method: 'post',
      path: `${kind.basePath}/:id/portal-invitations`,
      operationId: kind.operationIds.invite,
      summary: `Invite a customer contact to the ${kind.noun}’s portal: Baton mails them a magic link`,
      tag: 'Customer portal',
      permission: kind.invitePermission,
      params: kind.params,
      body: inviteContactSchema,
      responses: {
        201: { description: 'Invited; the link went to the contact’s mailbox only', schema: invitationSchema },
        404: notFound,
        422: { description: 'The mail server refused the address for good (nothing was kept)' },
        503: { description: 'The mail could not be sent (nothing was kept), or no worker answered' },
      },
      async handle(context) {
        const { params, body, principal, origin } = context;
        const state = kind.facts(await kind.visible(params.id, principal));
        const actor = actorIn(principal, kind.invitePermission, [state.region], 'invite customers to its portal');
        if (!mailer) throw new Problem(503, 'Mail unavailable', 'This Baton has no mail settings to send a link with');
        const recent = await db.portalInvitation.count({
          where: { caseId: state.caseId, email: body.email, invitedAt: { gt: new Date(Date.now() - 3_600_000) } },
        });
        if (recent >= INVITATIONS_PER_HOUR)
          throw new Problem(
            429,
            'Too many requests',
            `${body.email} was invited to this ${kind.noun} ${recent} times in the last hour; try again later`,
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
            caseId: state.caseId,
            playbook: kind.playbook,
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
              project: state.project,
              playbook: kind.playbook,
              invitedBy: actor.subject,
              link: `${mailer.settings.boardUrl}/portal#invite=${secret}`,
              expiresAt,
              invitationId: id,
            }),
          );
        } catch (error) {
          // A link nobody received must not stay valid.
          await db.portalInvitation.delete({ where: { id } });
          if (error instanceof MailFailure && error.permanent) {
            const said = apiSays('api.mail.address-refused', { email: body.email, reason: error.message });
            throw new Problem(422, 'Address refused', said, {
              errors: [{ path: 'email', message: said.summary, code: 'address_refused' }],
            });
          }
          throw new Problem(503, 'Mail unavailable', error instanceof Error ? error.message : String(error));
        }
        await recordPortalEvent(db, id, 'invited', origin, `by ${actor.subject}`);
        await recordAudit(db, context, {
          action: 'portal.invite',
          target: state.caseId,
          after: { invitation: id, email: body.email, expiresAt: expiresAt.toISOString() },
        });
        const row = await db.portalInvitation.findUniqueOrThrow({ where: { id }, include: { events: true } });
        return { status: 201, body: present(row, new Date()) };
      },
    }),

    defineRoute({
      method: 'get',
      path: `${kind.basePath}/:id/portal`,
      operationId: kind.operationIds.read,
      summary: `Who was invited to the ${kind.noun}’s portal, when they last came, what they did, and what waits on them`,
      tag: 'Customer portal',
      permission: kind.readPermission,
      params: kind.params,
      responses: { 200: { description: 'Invitations, newest first', schema: caseParticipationSchema }, 404: notFound },
      async handle({ params, principal }) {
        const live = await kind.visible(params.id, principal);
        const state = kind.facts(live);
        const rows = await db.portalInvitation.findMany({
          where: { caseId: state.caseId },
          orderBy: { invitedAt: 'desc' },
          include: { events: { orderBy: { id: 'desc' }, take: EVENTS_SHOWN } },
        });
        const now = new Date();
        const reminded = kind.reminded(live);
        return {
          status: 200,
          body: {
            invitations: rows.map((row) => present(row, now)),
            pendingSteps: kind.pendingSteps(live).map((step) => {
              const last = reminded[reminderKeyOf(step)];
              return { ...step, lastRemindedAt: last?.at ?? null, reminders: last?.round ?? 0 };
            }),
          },
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: `${kind.basePath}/:id/portal-invitations/:invitationId/revoke`,
      operationId: kind.operationIds.revoke,
      summary: 'Revoke a portal link: every session opened with it answers 401 from now on',
      tag: 'Customer portal',
      permission: kind.invitePermission,
      params: invitationParamsSchema,
      responses: { 200: { description: 'Revoked (or already revoked)', schema: invitationSchema }, 404: notFound },
      async handle(context) {
        const { params, principal, origin } = context;
        const state = kind.facts(await kind.visible(params.id, principal));
        const actor = actorIn(principal, kind.invitePermission, [state.region], 'revoke its portal links');
        const found = await db.portalInvitation.findFirst({
          where: { id: params.invitationId, caseId: state.caseId },
        });
        if (!found) throw new Problem(404, 'Not found', `No invitation ${params.invitationId} on ${state.caseId}`);
        if (!found.revokedAt) {
          await db.portalInvitation.update({
            where: { id: found.id },
            data: { revokedAt: new Date(), revokedBy: actor.subject },
          });
          await recordPortalEvent(db, found.id, 'revoked', origin, `by ${actor.subject}`);
          await recordAudit(db, context, {
            action: 'portal.revoke',
            target: state.caseId,
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
