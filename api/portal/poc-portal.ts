import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { extensionDaysGranted } from '../../domain/poc/actions';
import { pocCustomerSteps, type PocCustomerAction } from '../../domain/poc/customer-actions';
import { pocCustomerReminders } from '../../domain/poc/customer-reminders';
import type { PocState } from '../../domain/poc/types';
import type { Database } from '../../db/prisma';
import { getPocState, pocCustomerAction } from '../../workflows/poc/poc-trial';
import { Problem } from '../http/problem';
import { defineRoute, type RouteContext } from '../http/route';
import { workflowAccess } from '../http/workflow-access';
import { pocCases } from '../poc/routes';
import { pocParamsSchema } from '../poc/schemas';
import type { PortalCaseKind } from './invitations';
import { portalStepProblem } from './routes';
import { portalCriteriaSchema, portalExtensionSchema, portalFeedbackSchema, portalPocSchema } from './schemas';
import { portalUnauthorized, recordPortalEvent, type PortalCaller } from './sessions';
import { actingAsCustomer } from '../../domain/insights/effort';

type Language = 'en' | 'zh';

/** A POC trial as a portal case: staff in its region who may act on it invite its customer contacts. */
export function pocPortalKind(deps: { client: Client; db: Database; taskQueue: string }): PortalCaseKind<PocState> {
  const cases = pocCases(deps);
  return {
    playbook: 'poc',
    basePath: '/api/pocs',
    params: pocParamsSchema,
    visible: cases.visible,
    invitePermission: 'poc:act',
    readPermission: 'poc:read',
    operationIds: { invite: 'invitePocCustomer', read: 'getPocPortal', revoke: 'revokePocPortalInvitation' },
    noun: 'trial',
    facts: (state) => ({
      caseId: state.trialId,
      region: state.region,
      account: state.account,
      project: state.opportunity.id,
    }),
    // Feedback and extensions are open while the trial runs; only the criteria wait on the customer.
    pendingSteps: (state) =>
      pocCustomerSteps(state)
        .filter((step) => step.kind === 'confirm-criteria')
        .map((step) => ({ kind: step.kind, dueDate: 'dueDate' in step ? (step.dueDate ?? null) : null })),
    reminded: (state) => pocCustomerReminders.reminded(state),
  };
}

/** The words a customer agrees to when confirming the success criteria, in both languages. */
export function criteriaStatement(state: PocState, caller: Pick<PortalCaller, 'name'>): Record<Language, string> {
  const list = state.criteria.map((criterion) => criterion.description);
  return {
    en: `I, ${caller.name}, confirm for ${state.account} that the ${list.length} success criteria of the ${state.product} trial (${list.join('; ')}) are the ones we agreed.`,
    zh: `本人 ${caller.name} 代表 ${state.account} 确认：${state.product} 试用的 ${list.length} 项成功标准（${list.join('；')}）即双方约定的标准。`,
  };
}

/** What a customer sees of their trial: no amounts, risks, staff notes or internal check-ins. */
export function portalPocView(state: PocState, caller: PortalCaller): z.input<typeof portalPocSchema> {
  const used = state.extensions.filter((extension) => extension.status === 'approved');
  return {
    playbook: 'poc',
    caseId: state.trialId,
    account: state.account,
    product: state.product,
    stage: state.stage,
    contact: { name: caller.name, email: caller.email, language: caller.language },
    plannedStart: state.plannedStart,
    kickoffDate: state.kickoffAt?.slice(0, 10) ?? null,
    endDate: state.endDate,
    criteria: state.criteria.map(({ key, description, measuredBy, status }) => ({
      key,
      description,
      measuredBy,
      status,
    })),
    criteriaConfirmation: state.criteriaConfirmation
      ? {
          name: state.criteriaConfirmation.name,
          at: state.criteriaConfirmation.at,
          text: state.criteriaConfirmation.text,
        }
      : null,
    feedback: (state.customerFeedback ?? []).map((each) => ({
      at: each.at,
      name: each.name,
      health: each.health,
      note: each.note ?? null,
    })),
    extensions: state.extensions.map((extension) => ({
      days: extension.days,
      reason: extension.reason,
      status: extension.status,
      requestedAt: extension.requestedAt,
      byCustomer: extension.requestedByCustomer !== undefined,
    })),
    extensionsLeft: {
      count: Math.max(0, state.rules.maxExtensions - used.length),
      days: Math.max(0, state.rules.maxExtensionDays - extensionDaysGranted(state)),
    },
    steps: pocCustomerSteps(state).map((step) => ({
      kind: step.kind,
      dueDate: 'dueDate' in step ? (step.dueDate ?? null) : null,
      statement: step.kind === 'confirm-criteria' ? criteriaStatement(state, caller) : null,
    })),
    seq: state.seq,
  };
}

const notYours = { description: 'Not the case your link is for (as for one that does not exist)' };
const stepErrors = {
  404: notYours,
  409: { description: 'The step is not open now, or a limit is reached (the message says why)' },
  412: { description: 'If-Match does not match the current seq' },
  422: { description: 'The text is not the statement the portal shows, or the step needs something else' },
  503: { description: 'Temporal or the worker did not answer in time; nothing changed, try again' },
};

/**
 * The customer's side of a POC trial in the portal: read it, confirm the success criteria, give
 * feedback, ask for more days. As for handoffs, a session sees only its own trial (any other id is
 * a 404) and every attempt lands in the invitation's audit trail.
 */
export function pocPortalRoutes(deps: { client: Client; db: Database }) {
  const { db } = deps;
  const workflows = workflowAccess(deps.client);

  function caller(context: { portal?: PortalCaller }): PortalCaller {
    if (!context.portal) throw portalUnauthorized('A portal route needs a portal session');
    return context.portal;
  }

  async function ownTrial(id: string, who: PortalCaller): Promise<PocState> {
    if (id !== who.caseId || who.playbook !== 'poc') throw new Problem(404, 'Not found', `No case ${id}`);
    try {
      return await workflows.query(id, getPocState);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new Problem(404, 'Not found', `No case ${id}`);
      throw error;
    }
  }

  async function step<B>(
    context: RouteContext<{ id: string }, undefined, B>,
    build: (state: PocState, who: PortalCaller) => { action: PocCustomerAction; detail: string },
  ) {
    const who = caller(context);
    const state = await ownTrial(context.params.id, who);
    let action: PocCustomerAction | undefined;
    try {
      const built = build(state, who);
      action = built.action;
      const result = await workflows.act(
        state.trialId,
        pocCustomerAction,
        {
          action,
          ...actingAsCustomer(who.email),
          customer: { name: who.name, email: who.email, ip: context.origin.ip, userAgent: context.origin.userAgent },
          expectedSeq: context.ifMatch,
        },
        `The trial ${state.trialId} has ended and takes no more steps`,
        { stateQuery: getPocState },
      );
      await recordPortalEvent(db, who.invitationId, `poc-${action.type}`, context.origin, built.detail);
      return { ...result, body: portalPocView(result.body as PocState, who) };
    } catch (error) {
      const problem = portalStepProblem(error);
      await recordPortalEvent(
        db,
        who.invitationId,
        `poc-${action?.type ?? 'step'}-refused`,
        context.origin,
        problem.detail,
      );
      throw problem;
    }
  }

  const ok = { description: 'Done; the new view', schema: portalPocSchema };

  return [
    defineRoute({
      method: 'get',
      path: '/api/portal/pocs/:id',
      operationId: 'getPortalPoc',
      summary: 'The customer’s view of their trial: criteria, end date, feedback, extensions and open steps',
      tag: 'Customer portal',
      permission: 'portal',
      params: pocParamsSchema,
      responses: {
        200: { description: 'The trial as the customer sees it; ETag is its seq', schema: portalPocSchema },
        404: notYours,
        503: { description: 'No worker answered in time' },
      },
      async handle(context) {
        const who = caller(context);
        const state = await ownTrial(context.params.id, who);
        await recordPortalEvent(db, who.invitationId, 'viewed', context.origin);
        return { status: 200, body: portalPocView(state, who), headers: { ETag: `"${state.seq}"` } };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/pocs/:id/criteria/confirm',
      operationId: 'confirmPortalPocCriteria',
      summary: 'Confirm the agreed success criteria (at kickoff), with the statement the portal shows',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: pocParamsSchema,
      body: portalCriteriaSchema,
      responses: { 200: ok, ...stepErrors },
      handle: (context) =>
        step(context, (state, who) => {
          const statement = criteriaStatement(state, who);
          if (context.body.text !== statement.en && context.body.text !== statement.zh)
            throw new Problem(
              422,
              'Statement mismatch',
              'The text must be the statement the portal shows for this step, word for word',
            );
          return { action: { type: 'confirm-criteria', text: context.body.text }, detail: `"${context.body.text}"` };
        }),
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/pocs/:id/feedback',
      operationId: 'givePortalPocFeedback',
      summary: 'Tell the team how the trial goes: red, amber or green, and a note (needed for amber and red)',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: pocParamsSchema,
      body: portalFeedbackSchema,
      responses: { 200: ok, ...stepErrors },
      handle: (context) =>
        step(context, () => ({
          action: {
            type: 'feedback',
            health: context.body.health,
            ...(context.body.note ? { note: context.body.note } : {}),
          },
          detail: `${context.body.health}${context.body.note ? `: ${context.body.note}` : ''}`,
        })),
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/pocs/:id/extensions',
      operationId: 'requestPortalPocExtension',
      summary: 'Ask for more days; the team decides it (limited in count and days)',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: pocParamsSchema,
      body: portalExtensionSchema,
      responses: { 200: ok, ...stepErrors },
      handle: (context) =>
        step(context, () => ({
          action: { type: 'request-extension', days: context.body.days, reason: context.body.reason },
          detail: `${context.body.days} days: ${context.body.reason}`,
        })),
    }),
  ];
}
