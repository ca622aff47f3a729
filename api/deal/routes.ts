import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Database } from '../../db/prisma';
import { businessCalendarSchema } from '../../domain/shared/business-calendar';
import { dealInputProblems } from '../../domain/deal/create';
import type { DealSupportInput } from '../../domain/deal/types';
import { dealAction, dealSupport, dealWorkflowId, getDealState } from '../../workflows/deal/deal-support';
import { canSeeRegions, mayIn } from '../auth/policy';
import {
  acceptDealSchema,
  closeLostSchema,
  completeSupportSchema,
  closeWonSchema,
  dealNoteSchema,
  dealParamsSchema,
  dealReasonSchema,
  dealStateSchema,
  lessonSchema,
  logSupportSchema,
} from './schemas';
import { invalidRequest, Problem } from '../http/problem';
import { regionalCases } from '../http/regional-cases';
import { defineRoute } from '../http/route';
import { versionTag } from '../http/workflow-access';
import { requestDealSupportSchema } from '../shared/lifecycle-schemas';

export interface DealRoutesDeps {
  client: Client;
  db: Database;
  taskQueue: string;
}

const ACTION_RESPONSES = {
  200: { description: 'The new state (a workflow update); ETag is its seq', schema: dealStateSchema },
  403: { description: 'Your roles may not take this action (e.g. a pricing decision without the approver role)' },
  404: { description: 'No such case, or not in your regions' },
  409: { description: 'Not allowed in the current stage (the message says why), or the case has ended' },
  412: { description: 'If-Match does not match the current seq' },
  422: { description: 'The case has no such support item' },
  503: { description: 'Temporal or the case’s worker did not answer in time; nothing changed, try again' },
};

/** Asking HQ for help on a key deal, and working the case to an outcome and a lesson. */
export function dealRoutes({ client, db, taskQueue }: DealRoutesDeps) {
  const cases = regionalCases({
    client,
    basePath: '/api/deals',
    tag: 'Deals',
    idPrefix: 'deal:',
    noun: 'deal-support case',
    params: dealParamsSchema,
    stateQuery: getDealState,
    actionUpdate: dealAction,
    actionResponses: ACTION_RESPONSES,
    // The workflow checks the pricing approver's role itself, so it must know the caller's roles.
    callerFields: (principal) => ({ actorRoles: principal.roles }),
  });

  return [
    defineRoute({
      method: 'post',
      path: '/api/deals',
      operationId: 'requestDealSupport',
      summary: 'Ask HQ for help on a key deal (one case per account and opportunity)',
      tag: 'Deals',
      permission: 'deal:request',
      idempotent: true,
      body: requestDealSupportSchema,
      responses: {
        201: { description: 'Requested', schema: dealStateSchema },
        200: {
          description: 'A case for this account and opportunity already exists; it is returned',
          schema: dealStateSchema,
        },
        403: { description: 'The region is not one of yours' },
        404: {
          description:
            'The case this would start belongs to a region you cannot see (answered as for any case outside your regions)',
        },
        422: { description: 'No such calendar' },
        503: { description: 'Temporal did not answer in time' },
      },
      async handle({ body, principal }) {
        // Only a role that holds in the requested region counts: a company-wide role does not lift a regional one.
        if (!mayIn(principal, 'deal:request', [body.region])) {
          throw new Problem(
            403,
            'Forbidden',
            `You may ask for deal support only in your regions (${principal.regions.join(', ') || 'none'})`,
          );
        }
        const calendarRow = await db.businessCalendar.findUnique({ where: { key: body.calendar } });
        if (!calendarRow) throw new Problem(422, 'Unknown calendar', `No calendar ${body.calendar}`);
        const { calendar, ...request } = body;
        const input: DealSupportInput = {
          request,
          requestedBy: principal.subject,
          calendar: { key: calendar, definition: businessCalendarSchema.parse(calendarRow.definition) },
        };
        const problems = dealInputProblems(input);
        if (problems.length > 0)
          throw invalidRequest(
            'The deal-support request is not valid',
            problems.map((message) => ({ path: '', message, code: 'custom' })),
          );
        const dealId = dealWorkflowId(body.account, body.opportunity.id);
        const headers = { Location: `/api/deals/${encodeURIComponent(dealId)}` };
        try {
          // A case id names one case for good: a repeat, even after it ended, finds the existing one.
          await client.workflow.start(dealSupport, {
            workflowId: dealId,
            taskQueue,
            args: [input],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          const existing = await cases.query(dealId, getDealState);
          // As a read of it would answer: the caller learns nothing about a case outside their regions.
          if (!canSeeRegions(principal, [existing.region]))
            throw new Problem(404, 'Not found', `No deal-support case ${dealId}`);
          return { status: 200, body: existing, headers: { ...headers, ETag: versionTag(existing) } };
        }
        const state = await cases.query(dealId, getDealState);
        return { status: 201, body: state, headers: { ...headers, ETag: versionTag(state) } };
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/deals/:id',
      operationId: 'getDealSupport',
      summary: 'Read a case live: support items and their log, pricing, outcome, lesson and the latest timeline',
      tag: 'Deals',
      permission: 'deal:read',
      params: dealParamsSchema,
      responses: {
        200: { description: 'Live state (a workflow query); ETag is its seq', schema: dealStateSchema },
        404: { description: 'No such case, or not in your regions' },
        503: { description: 'No worker answered in time' },
      },
      async handle({ params, principal }) {
        const state = await cases.visible(params.id, principal);
        return { status: 200, body: state, headers: { ETag: versionTag(state) } };
      },
    }),

    cases.actionRoute({
      path: 'accept',
      operationId: 'acceptDealSupport',
      summary: 'Accept the request and assign people per support type',
      permission: 'deal:triage',
      body: acceptDealSchema,
      toAction: (body) => ({ type: 'accept', ...body }),
    }),
    cases.actionRoute({
      path: 'decline',
      operationId: 'declineDealSupport',
      summary: 'Decline the request, with a reason',
      permission: 'deal:triage',
      body: dealReasonSchema,
      toAction: (body) => ({ type: 'decline', reason: body.reason }),
    }),
    cases.actionRoute({
      path: 'support-log',
      operationId: 'logDealSupport',
      summary: 'Log a support action and its outcome',
      permission: 'deal:act',
      body: logSupportSchema,
      toAction: (body) => ({ type: 'log-support', ...body }),
    }),
    cases.actionRoute({
      path: 'support-done',
      operationId: 'completeDealSupport',
      summary: 'Mark a support item done, with its outcome',
      permission: 'deal:act',
      body: completeSupportSchema,
      toAction: (body) => ({ type: 'complete-support', ...body }),
    }),
    cases.actionRoute({
      path: 'pricing/approve',
      operationId: 'approveDealPricing',
      summary: 'Approve the pricing exception (the configured approver role only)',
      permission: 'deal:act',
      body: dealNoteSchema,
      toAction: (body) => ({ type: 'approve-pricing', ...body }),
    }),
    cases.actionRoute({
      path: 'pricing/reject',
      operationId: 'rejectDealPricing',
      summary: 'Reject the pricing exception, with a reason',
      permission: 'deal:act',
      body: dealReasonSchema,
      toAction: (body) => ({ type: 'reject-pricing', reason: body.reason }),
    }),
    cases.actionRoute({
      path: 'won',
      operationId: 'closeDealWon',
      summary: 'Close the case won: it starts the delivery handoff with a pre-filled package',
      permission: 'deal:act',
      body: closeWonSchema,
      toAction: (body) => ({ type: 'close-won', ...body }),
    }),
    cases.actionRoute({
      path: 'lost',
      operationId: 'closeDealLost',
      summary: 'Close the case lost, with a reason',
      permission: 'deal:act',
      body: closeLostSchema,
      toAction: (body) => ({ type: 'close-lost', ...body }),
    }),
    cases.actionRoute({
      path: 'lesson',
      operationId: 'recordDealLesson',
      summary: 'Record the reusable lesson of a closed case',
      permission: 'deal:act',
      body: lessonSchema,
      toAction: (body) => ({ type: 'lesson', text: body.text }),
    }),
    cases.actionRoute({
      path: 'withdraw',
      operationId: 'withdrawDealSupport',
      summary: 'Withdraw the request, with a reason',
      permission: 'deal:act',
      body: dealReasonSchema,
      toAction: (body) => ({ type: 'withdraw', reason: body.reason }),
    }),
  ];
}
