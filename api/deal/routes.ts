import { dealInputProblems } from '../../domain/deal/create';
import { withDealPlan } from '../../domain/deal/plan';
import { workingDays } from '../../domain/shared/business-calendar';
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
  startDealSupportSchema,
} from './schemas';
import { resolveDealPlan } from './template-plan';
import { refuseInputProblems } from '../http/problem';
import { startCalendar } from '../http/pinned-calendar';
import { regionalCases } from '../http/regional-cases';
import type { PlaybookRoutesDeps } from '../http/route';
import { refuseUnlisted } from '../insights/reference-lists';
import { listedProfile, splitProfile } from '../insights/profile-fields';

/** What an action answers besides the new state, 404, 412 and 503. */
const ACTION_ERRORS = {
  403: { description: 'Your roles may not take this action (e.g. a pricing decision without the approver role)' },
  409: { description: 'Not allowed in the current stage (the message says why), or the case has ended' },
  422: { description: 'The case has no such support item' },
};

/** Asking HQ for help on a key deal, and working the case to an outcome and a lesson. */
export function dealRoutes({ client, db, taskQueue }: PlaybookRoutesDeps) {
  const cases = regionalCases({
    client,
    basePath: '/api/deals',
    tag: 'Deals',
    idPrefix: 'deal:',
    noun: 'deal-support case',
    taskQueue,
    params: dealParamsSchema,
    stateQuery: getDealState,
    actionUpdate: dealAction,
    shortNoun: 'case',
    stateSchema: dealStateSchema,
    actionErrors: ACTION_ERRORS,
    // The workflow checks the pricing approver's role itself, so it must know the caller's roles.
    callerFields: (principal) => ({ actorRoles: principal.roles }),
    projected: (id) => db.dealCase.findUnique({ where: { id }, select: { region: true, stage: true } }),
  });

  return [
    cases.startRoute({
      operationId: 'requestDealSupport',
      summary: 'Ask HQ for help on a key deal (one case per account and opportunity)',
      permission: 'deal:request',
      body: startDealSupportSchema,
      startedDescription: 'Requested',
      existing: 'A case for this account and opportunity',
      ownRegionsOnly: 'ask for deal support',
      workflow: dealSupport,
      async prepare({ body, principal }) {
        const [{ calendar, template, ...request }, profile] = splitProfile(body);
        // Templates (issue 20): the case pins its template's plan, so later versions never reach it.
        const plan = await resolveDealPlan(db, template);
        const input: DealSupportInput = {
          request: { ...request, ...profile },
          requestedBy: principal.subject,
          calendar: await startCalendar(db, calendar, [body.region]),
          ...(plan ? { plan } : {}),
        };
        const planned = withDealPlan(
          input,
          workingDays(input.calendar.definition),
          new Date().toISOString().slice(0, 10),
        );
        refuseInputProblems('The deal-support request is not valid', dealInputProblems(planned));
        await refuseUnlisted(db, [{ field: 'region', list: 'regions', values: [body.region] }, ...listedProfile(body)]);
        return {
          workflowId: dealWorkflowId(body.account, body.opportunity.id),
          input,
        };
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
