import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { CustomerAction } from '../../domain/handoff/customer-actions';
import type { HandoffState } from '../../domain/handoff/types';
import type { Database } from '../../db/prisma';
import { getHandoffState, handoffCustomerAction } from '../../workflows/handoff/delivery-handoff';
import { handoffParamsSchema } from '../handoff/schemas';
import { toProblem } from '../http/error-handler';
import { Problem } from '../http/problem';
import { defineRoute, type RouteContext } from '../http/route';
import { workflowAccess } from '../http/workflow-access';
import { acceptanceStatement, milestoneStatement, portalHandoffView } from './handoff-view';
import {
  portalHandoffSchema,
  portalMilestoneParamsSchema,
  portalRatingSchema,
  portalSessionSchema,
  portalSignatureSchema,
  signInSchema,
} from './schemas';
import { openPortalSession, portalUnauthorized, recordPortalEvent, type PortalCaller } from './sessions';
import { actingAsCustomer } from '../../domain/insights/effort';

/** Devices a link may sign in per hour: enough for a phone, a laptop and a colleague's screen, not for a script. */
export const SIGN_INS_PER_HOUR = 20;

const portalMeSchema = z
  .object({
    caseId: z.string(),
    playbook: z.string(),
    contact: z.object({ name: z.string(), email: z.string(), language: z.string() }),
  })
  .meta({ id: 'PortalMe' });

const notYours = { description: 'Not the case your link is for (as for one that does not exist)' };
const stepErrors = {
  404: notYours,
  409: { description: 'The step is not open now (the message says why)' },
  412: { description: 'If-Match does not match the current seq' },
  422: { description: 'The text is not the statement the portal shows, or the step needs something else' },
  503: { description: 'Temporal or the worker did not answer in time; nothing changed, try again' },
};

/**
 * The customer's side of the portal: sign in with a magic link's secret (one session per device),
 * read their own case, take its customer steps, sign out. A session sees exactly one case: any other
 * id answers 404 as a missing case would, and every staff route answers 404 to it (api/auth).
 */
export function portalRoutes(deps: { client: Client; db: Database }) {
  const { db } = deps;
  const workflows = workflowAccess(deps.client);

  function caller(context: { portal?: PortalCaller }): PortalCaller {
    if (!context.portal) throw portalUnauthorized('A portal route needs a portal session');
    return context.portal;
  }

  async function ownCase(id: string, who: PortalCaller): Promise<HandoffState> {
    if (id !== who.caseId || who.playbook !== 'handoff') throw new Problem(404, 'Not found', `No case ${id}`);
    try {
      return await workflows.query(id, getHandoffState);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new Problem(404, 'Not found', `No case ${id}`);
      throw error;
    }
  }

  /** Runs a customer step after checking the words signed are the ones shown; every attempt lands in the audit trail. */
  async function step(
    context: RouteContext<{ id: string; key?: string }, undefined, z.output<typeof portalSignatureSchema>>,
    build: (
      state: HandoffState,
      who: PortalCaller,
    ) => { action: CustomerAction; statement: Record<'en' | 'zh', string> },
  ) {
    const who = caller(context);
    const state = await ownCase(context.params.id, who);
    const { action, statement } = build(state, who);
    try {
      if (context.body.text !== statement.en && context.body.text !== statement.zh)
        throw new Problem(
          422,
          'Statement mismatch',
          'The text must be the statement the portal shows for this step, word for word',
        );
      const result = await workflows.act(
        state.handoffId,
        handoffCustomerAction,
        {
          action,
          ...actingAsCustomer(who.email),
          customer: { name: who.name, email: who.email, ip: context.origin.ip, userAgent: context.origin.userAgent },
          expectedSeq: context.ifMatch,
        },
        `The handoff ${state.handoffId} has ended and takes no more steps`,
        { stateQuery: getHandoffState },
      );
      await recordPortalEvent(db, who.invitationId, action.type, context.origin, describe(action));
      return { ...result, body: portalHandoffView(result.body as HandoffState, who) };
    } catch (error) {
      const problem = portalStepProblem(error);
      await recordPortalEvent(db, who.invitationId, `${action.type}-refused`, context.origin, problem.detail);
      throw problem;
    }
  }

  return [
    defineRoute({
      method: 'post',
      path: '/api/portal/sign-in',
      operationId: 'signInToPortal',
      summary: 'Open a portal session for this device with the secret from a magic link',
      tag: 'Customer portal',
      permission: 'public',
      body: signInSchema,
      responses: {
        201: {
          description: 'The session token for portal routes (Authorization: Bearer)',
          schema: portalSessionSchema,
        },
        401: { description: 'Unknown, revoked or expired link' },
        429: { description: 'This link signed in too many devices in the last hour' },
      },
      async handle({ body, origin }) {
        const opened = await openPortalSession(db, body.invitation, origin, SIGN_INS_PER_HOUR);
        if (!opened) throw portalUnauthorized('The link is unknown; check it was copied whole');
        return {
          status: 201,
          body: {
            token: opened.token,
            caseId: opened.invitation.caseId,
            expiresAt: opened.invitation.expiresAt.toISOString(),
          },
        };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/portal/me',
      operationId: 'getPortalSession',
      summary: 'Who this portal session is for, and the one case it opens',
      tag: 'Customer portal',
      permission: 'portal',
      responses: { 200: { description: 'The contact and their case', schema: portalMeSchema } },
      async handle(context) {
        const who = caller(context);
        return {
          status: 200,
          body: {
            caseId: who.caseId,
            playbook: who.playbook,
            contact: { name: who.name, email: who.email, language: who.language },
          },
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/sign-out',
      operationId: 'signOutOfPortal',
      summary: 'End this device’s portal session (the link still opens new ones until it expires)',
      tag: 'Customer portal',
      permission: 'portal',
      responses: { 204: { description: 'Signed out; the session token answers 401 from now on' } },
      async handle(context) {
        const who = caller(context);
        await db.portalSession.update({ where: { id: who.sessionId }, data: { endedAt: new Date() } });
        await recordPortalEvent(db, who.invitationId, 'signed-out', context.origin);
        return { status: 204 };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/portal/handoffs/:id',
      operationId: 'getPortalHandoff',
      summary: 'The customer’s view of their handoff: milestone plan, acceptance and the steps waiting on them',
      tag: 'Customer portal',
      permission: 'portal',
      params: handoffParamsSchema,
      responses: {
        200: { description: 'The handoff as the customer sees it; ETag is its seq', schema: portalHandoffSchema },
        404: notYours,
        503: { description: 'No worker answered in time' },
      },
      async handle(context) {
        const who = caller(context);
        const state = await ownCase(context.params.id, who);
        await recordPortalEvent(db, who.invitationId, 'viewed', context.origin);
        return { status: 200, body: portalHandoffView(state, who), headers: { ETag: `"${state.seq}"` } };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/handoffs/:id/milestones/:key/confirm',
      operationId: 'confirmPortalMilestone',
      summary: 'Confirm a milestone that is the customer’s to confirm (the spec and prototype, say)',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: handoffParamsSchema.extend(portalMilestoneParamsSchema.shape),
      body: portalSignatureSchema,
      responses: { 200: { description: 'Confirmed; the new view', schema: portalHandoffSchema }, ...stepErrors },
      handle: (context) =>
        step(context, (state, who) => ({
          action: { type: 'confirm-milestone', milestoneKey: context.params.key, text: context.body.text },
          statement: milestoneStatement(state, who, context.params.key),
        })),
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/handoffs/:id/milestones/:key/rating',
      operationId: 'ratePortalMilestone',
      summary: 'Rate a done milestone: a short CSAT, 1 (poor) to 5 (excellent), with a comment',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: handoffParamsSchema.extend(portalMilestoneParamsSchema.shape),
      body: portalRatingSchema,
      responses: { 200: { description: 'Rated; the new view', schema: portalHandoffSchema }, ...stepErrors },
      async handle(context) {
        const who = caller(context);
        const state = await ownCase(context.params.id, who);
        const action: CustomerAction = {
          type: 'rate-milestone',
          milestoneKey: context.params.key,
          score: context.body.score,
          ...(context.body.comment ? { comment: context.body.comment } : {}),
        };
        try {
          const result = await workflows.act(
            state.handoffId,
            handoffCustomerAction,
            {
              action,
              ...actingAsCustomer(who.email),
              customer: {
                name: who.name,
                email: who.email,
                ip: context.origin.ip,
                userAgent: context.origin.userAgent,
              },
              expectedSeq: context.ifMatch,
            },
            `The handoff ${state.handoffId} has ended and takes no more steps`,
            { stateQuery: getHandoffState },
          );
          await recordPortalEvent(db, who.invitationId, action.type, context.origin, describe(action));
          return { ...result, body: portalHandoffView(result.body as HandoffState, who) };
        } catch (error) {
          const problem = portalStepProblem(error);
          await recordPortalEvent(db, who.invitationId, `${action.type}-refused`, context.origin, problem.detail);
          throw problem;
        }
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/handoffs/:id/acceptance',
      operationId: 'signPortalAcceptance',
      summary: 'Sign the customer acceptance (验收) of the delivery',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: handoffParamsSchema,
      body: portalSignatureSchema,
      responses: { 200: { description: 'Signed; the new view', schema: portalHandoffSchema }, ...stepErrors },
      handle: (context) =>
        step(context, (state, who) => ({
          action: {
            type: 'accept',
            text: context.body.text,
            ...(context.body.title ? { title: context.body.title } : {}),
          },
          statement: acceptanceStatement(state, who),
        })),
    }),
  ];
}

function describe(action: CustomerAction): string {
  if (action.type === 'rate-milestone')
    return `${action.milestoneKey}: ${action.score}/5${action.comment ? ` "${action.comment}"` : ''}`;
  return action.type === 'accept' ? `signed: "${action.text}"` : `${action.milestoneKey}: "${action.text}"`;
}

/**
 * A step's failure as the customer is told it. A handoff started before the portal (no
 * `handoff-customer-portal` patch in its history) has no handler for customer steps: 409, not a 500.
 */
export function portalStepProblem(error: unknown): Problem {
  if (error instanceof WorkflowUpdateFailedError && /No registered handler for update/.test(error.cause?.message ?? ''))
    return new Problem(
      409,
      'Action not allowed in the current state',
      'This project started before the customer portal; your project manager records this step for you',
    );
  return toProblem(error);
}
