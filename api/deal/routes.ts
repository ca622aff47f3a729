import type { Client } from '@temporalio/client';
import type { Database } from '../../db/prisma';
import { dealInputProblems } from '../../domain/deal/create';
import type { DealSupportInput } from '../../domain/deal/types';
import { dealAction, dealSupport, dealWorkflowId, getDealState } from '../../workflows/deal/deal-support';
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
import { Problem, refuseInputProblems } from '../http/problem';
import { pinnedCalendar } from '../http/pinned-calendar';
import { regionalCases, requireOwnRegion } from '../http/regional-cases';
import { defineRoute } from '../http/route';
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
    stateSchema: dealStateSchema,
    notFoundDescription: 'No such case, or not in your regions',
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
        409: { description: 'A case for this account and opportunity exists in a region you cannot see' },
        422: { description: 'No such calendar' },
        503: { description: 'Temporal did not answer in time' },
      },
      async handle({ body, principal }) {
        requireOwnRegion(principal, body.region, 'ask for deal support');
        const { calendar, ...request } = body;
        const input: DealSupportInput = {
          request,
          requestedBy: principal.subject,
          calendar: await pinnedCalendar(db, calendar),
        };
        refuseInputProblems('The deal-support request is not valid', dealInputProblems(input));
        return cases.start({
          workflow: dealSupport,
          workflowId: dealWorkflowId(body.account, body.opportunity.id),
          taskQueue,
          input,
          principal,
          alreadyExists: () =>
            new Problem(
              409,
              'Case already exists',
              `A deal-support case for ${body.account} and opportunity ${body.opportunity.id} already exists`,
            ),
        });
      },
    }),

    cases.getRoute({
      operationId: 'getDealSupport',
      summary: 'Read a case live: support items and their log, pricing, outcome, lesson and the latest timeline',
      permission: 'deal:read',
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
