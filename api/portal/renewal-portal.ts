import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { renewalCustomerSteps, type RenewalCustomerAction } from '../../domain/renewal/customer-actions';
import { renewalCustomerReminders } from '../../domain/renewal/customer-reminders';
import type { RenewalState } from '../../domain/renewal/types';
import type { Database } from '../../db/prisma';
import { getRenewalState, renewalCustomerAction } from '../../workflows/renewal/renewal-follow-up';
import { Problem } from '../http/problem';
import { defineRoute, type RouteContext } from '../http/route';
import { workflowAccess } from '../http/workflow-access';
import { renewalCases } from '../renewal/routes';
import { renewalParamsSchema } from '../renewal/schemas';
import type { PortalCaseKind } from './invitations';
import { portalStepProblem } from './routes';
import { portalCallRequestSchema, portalProposalAcceptanceSchema, portalRenewalSchema } from './schemas';
import { portalUnauthorized, recordPortalEvent, type PortalCaller } from './sessions';
import { actingAsCustomer } from '../../domain/insights/effort';

type Language = 'en' | 'zh';

/** A renewal as a portal case: its customer-success people invite the customer's contacts. */
export function renewalPortalKind(deps: {
  client: Client;
  db: Database;
  taskQueue: string;
}): PortalCaseKind<RenewalState> {
  const cases = renewalCases(deps);
  return {
    playbook: 'renewal',
    basePath: '/api/renewals',
    params: renewalParamsSchema,
    visible: cases.visible,
    invitePermission: 'renewal:act',
    readPermission: 'renewal:read',
    operationIds: {
      invite: 'inviteRenewalCustomer',
      read: 'getRenewalPortal',
      revoke: 'revokeRenewalPortalInvitation',
    },
    noun: 'renewal',
    facts: (state) => ({
      caseId: state.renewalId,
      region: state.region,
      account: state.account,
      project: state.contractId,
    }),
    pendingSteps: (state) => renewalCustomerSteps(state),
    reminded: (state) => renewalCustomerReminders.reminded(state),
  };
}

const money = (state: RenewalState, value: number) =>
  `${value.toLocaleString('en-US')}${state.currency ? ` ${state.currency}` : ''}`;

/** The words a customer agrees to when accepting the renewal proposal, in both languages. */
export function proposalStatement(state: RenewalState, caller: Pick<PortalCaller, 'name'>): Record<Language, string> {
  const value = money(state, state.term.proposal?.value ?? 0);
  const end = state.term.contractEnd;
  return {
    en: `I, ${caller.name}, accept for ${state.account} the renewal proposal for contract ${state.contractId}: ${value} a year from the day after ${end}.`,
    zh: `本人 ${caller.name} 代表 ${state.account} 接受合同 ${state.contractId} 的续约方案：自 ${end} 次日起每年 ${value}。`,
  };
}

/** What a customer sees of their renewal: the key dates, the proposal and their answer; no health, risk or notes. */
export function portalRenewalView(state: RenewalState, caller: PortalCaller): z.input<typeof portalRenewalSchema> {
  const { term } = state;
  const response =
    term.proposal && term.customerResponse?.proposalAt === term.proposal.at ? term.customerResponse : undefined;
  return {
    playbook: 'renewal',
    caseId: state.renewalId,
    account: state.account,
    contractId: state.contractId,
    contact: { name: caller.name, email: caller.email, language: caller.language },
    keyDates: {
      termStart: term.termStart,
      contractEnd: term.contractEnd,
      decisionDue: term.steps.find((step) => step.key === 'outcome')?.dueDate ?? null,
    },
    currency: state.currency ?? null,
    currentValue: term.value,
    proposal: term.proposal
      ? {
          value: term.proposal.value,
          sentAt: term.proposal.at,
          link: term.proposal.link ?? null,
          note: term.proposal.note ?? null,
        }
      : null,
    response: response
      ? {
          kind: response.kind,
          name: response.signature.name,
          at: response.signature.at,
          text: response.kind === 'accepted' ? response.signature.text : null,
          note: response.note ?? null,
        }
      : null,
    decided: term.decision !== undefined || state.stage === 'churned',
    steps: renewalCustomerSteps(state).map((step) => ({ ...step, statement: proposalStatement(state, caller) })),
    seq: state.seq,
  };
}

const notYours = { description: 'Not the case your link is for (as for one that does not exist)' };
const stepErrors = {
  404: notYours,
  409: { description: 'There is no proposal to answer, it was answered, or the renewal is decided' },
  412: { description: 'If-Match does not match the current seq' },
  422: { description: 'The text is not the statement the portal shows' },
  503: { description: 'Temporal or the worker did not answer in time; nothing changed, try again' },
};

/**
 * The customer's side of a renewal in the portal: the contract's key dates and the proposal, which
 * they accept or ask a call about. A session sees only its own renewal; every attempt is audited.
 */
export function renewalPortalRoutes(deps: { client: Client; db: Database }) {
  const { db } = deps;
  const workflows = workflowAccess(deps.client);

  function caller(context: { portal?: PortalCaller }): PortalCaller {
    if (!context.portal) throw portalUnauthorized('A portal route needs a portal session');
    return context.portal;
  }

  async function ownRenewal(id: string, who: PortalCaller): Promise<RenewalState> {
    if (id !== who.caseId || who.playbook !== 'renewal') throw new Problem(404, 'Not found', `No case ${id}`);
    try {
      return await workflows.query(id, getRenewalState);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new Problem(404, 'Not found', `No case ${id}`);
      throw error;
    }
  }

  async function step<B>(
    context: RouteContext<{ id: string }, undefined, B>,
    build: (state: RenewalState, who: PortalCaller) => { action: RenewalCustomerAction; detail: string },
  ) {
    const who = caller(context);
    const state = await ownRenewal(context.params.id, who);
    let action: RenewalCustomerAction | undefined;
    try {
      const built = build(state, who);
      action = built.action;
      const result = await workflows.act(
        state.renewalId,
        renewalCustomerAction,
        {
          action,
          ...actingAsCustomer(who.email),
          customer: { name: who.name, email: who.email, ip: context.origin.ip, userAgent: context.origin.userAgent },
          expectedSeq: context.ifMatch,
        },
        `The renewal ${state.renewalId} has ended and takes no more steps`,
        { stateQuery: getRenewalState },
      );
      await recordPortalEvent(db, who.invitationId, `renewal-${action.type}`, context.origin, built.detail);
      return { ...result, body: portalRenewalView(result.body as RenewalState, who) };
    } catch (error) {
      const problem = portalStepProblem(error);
      await recordPortalEvent(
        db,
        who.invitationId,
        `renewal-${action?.type ?? 'step'}-refused`,
        context.origin,
        problem.detail,
      );
      throw problem;
    }
  }

  const ok = { description: 'Done; the new view', schema: portalRenewalSchema };

  return [
    defineRoute({
      method: 'get',
      path: '/api/portal/renewals/:id',
      operationId: 'getPortalRenewal',
      summary: 'The customer’s view of their renewal: key dates, the proposal and their answer',
      tag: 'Customer portal',
      permission: 'portal',
      params: renewalParamsSchema,
      responses: {
        200: { description: 'The renewal as the customer sees it; ETag is its seq', schema: portalRenewalSchema },
        404: notYours,
        503: { description: 'No worker answered in time' },
      },
      async handle(context) {
        const who = caller(context);
        const state = await ownRenewal(context.params.id, who);
        await recordPortalEvent(db, who.invitationId, 'viewed', context.origin);
        return { status: 200, body: portalRenewalView(state, who), headers: { ETag: `"${state.seq}"` } };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/renewals/:id/proposal/accept',
      operationId: 'acceptPortalRenewalProposal',
      summary: 'Accept the renewal proposal, with the statement the portal shows (staff then record the outcome)',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: renewalParamsSchema,
      body: portalProposalAcceptanceSchema,
      responses: { 200: ok, ...stepErrors },
      handle: (context) =>
        step(context, (state, who) => {
          const statement = proposalStatement(state, who);
          if (context.body.text !== statement.en && context.body.text !== statement.zh)
            throw new Problem(
              422,
              'Statement mismatch',
              'The text must be the statement the portal shows for this step, word for word',
            );
          return { action: { type: 'accept-proposal', text: context.body.text }, detail: `"${context.body.text}"` };
        }),
    }),

    defineRoute({
      method: 'post',
      path: '/api/portal/renewals/:id/proposal/call',
      operationId: 'askPortalRenewalCall',
      summary: 'Ask the customer-success owner for a call about the proposal',
      tag: 'Customer portal',
      permission: 'portal',
      conditional: true,
      params: renewalParamsSchema,
      body: portalCallRequestSchema,
      responses: { 200: ok, ...stepErrors },
      handle: (context) =>
        step(context, () => ({
          action: { type: 'ask-for-call', ...(context.body.note ? { note: context.body.note } : {}) },
          detail: context.body.note ?? 'call requested',
        })),
    }),
  ];
}
