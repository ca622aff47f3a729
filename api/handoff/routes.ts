import { handoffInputProblems } from '../../domain/handoff/create';
import { withHandoffPlan } from '../../domain/handoff/plan';
import { resolveHandoffPlan } from './template-plan';
import type { DeliveryHandoffInput } from '../../domain/handoff/types';
import {
  deliveryHandoff,
  getHandoffState,
  handoffAction,
  handoffWorkflowId,
} from '../../workflows/handoff/delivery-handoff';
import {
  acceptPackageSchema,
  completeMilestoneSchema,
  customerAcceptanceSchema,
  handoffCommentSchema,
  handoffNoteSchema,
  handoffParamsSchema,
  handoffReasonSchema,
  handoffStateSchema,
  handoverSchema,
  kickoffSchema,
  milestoneParamsSchema,
  milestoneRiskSchema,
  returnPackageSchema,
  slipMilestoneSchema,
  startHandoffSchema,
  updatePackageSchema,
} from './schemas';
import { refuseInputProblems } from '../http/problem';
import { startCalendar } from '../http/pinned-calendar';
import { regionalCases } from '../http/regional-cases';
import type { PlaybookRoutesDeps } from '../http/route';
import { refuseUnlisted } from '../insights/reference-lists';
import { listedProfile, splitProfile } from '../insights/profile-fields';

/** What an action answers besides the new state, 404, 412 and 503. */
const ACTION_ERRORS = {
  403: { description: 'Your roles may not take this action' },
  409: {
    description: 'Not allowed in the current stage or milestone state (the message says why), or the handoff has ended',
  },
  422: {
    description:
      'No such package item or milestone, missing evidence or sign-off, or an unusable date (the message names it)',
  },
};

/**
 * Delivery handoff over HTTP: sales complete and submit the package (`handoff:act`); project
 * managers accept or return it, kick off, run the milestones, hand over and cancel
 * (`handoff:accept`); anyone who acts records comments and the customer's sign-off (`handoff:act`).
 * Region-scoped callers see and act only in their regions, as for deals.
 */
export function handoffRoutes({ client, db, taskQueue }: PlaybookRoutesDeps) {
  const cases = handoffCases({ client, db, taskQueue });
  const milestone = (path: string) => `milestones/:key/${path}`;

  return [
    cases.startRoute({
      operationId: 'startHandoff',
      summary: 'Hand a won deal to delivery (one handoff per account and opportunity)',
      permission: 'handoff:start',
      body: startHandoffSchema,
      startedDescription: 'Started: sales complete the package',
      existing: 'A handoff for this account and opportunity',
      ownRegionsOnly: 'start handoffs',
      workflow: deliveryHandoff,
      async prepare({ body, principal }) {
        const [{ calendar, projectManager, template, ...start }, profile] = splitProfile(body);
        // Templates (issue 20): the handoff pins its template's plan, so later versions never reach it.
        const plan = await resolveHandoffPlan(db, template);
        const input: DeliveryHandoffInput = {
          start: {
            ...start,
            ...profile,
            source: { playbook: 'api' },
            calendar: await startCalendar(db, calendar, [body.region]),
          },
          requestedBy: principal.subject,
          ...(projectManager ? { contacts: { projectManager } } : {}),
          ...(plan ? { plan } : {}),
        };
        refuseInputProblems('The delivery handoff is not valid', handoffInputProblems(withHandoffPlan(input)));
        await refuseUnlisted(db, [{ field: 'region', list: 'regions', values: [body.region] }, ...listedProfile(body)]);
        return {
          workflowId: handoffWorkflowId(body.account, body.opportunity),
          input,
        };
      },
    }),

    cases.getRoute({
      operationId: 'getHandoff',
      summary: 'Read a handoff live: package, reviews, SLA, milestones, acceptance, handover and the latest timeline',
      permission: 'handoff:read',
    }),

    cases.actionRoute({
      path: 'package',
      operationId: 'updateHandoffPackage',
      summary: 'Provide package items (text or link), the stakeholder map or the target go-live',
      permission: 'handoff:act',
      body: updatePackageSchema,
      toAction: (body) => ({ type: 'update-package', ...body }),
    }),
    cases.actionRoute({
      path: 'submit',
      operationId: 'submitHandoffPackage',
      summary: 'Submit the complete package to the project manager',
      permission: 'handoff:act',
      body: handoffNoteSchema,
      toAction: (body) => ({ type: 'submit', ...body }),
    }),
    cases.actionRoute({
      path: 'return',
      operationId: 'returnHandoffPackage',
      summary: 'Return the package to sales, naming what is missing',
      permission: 'handoff:accept',
      body: returnPackageSchema,
      toAction: (body) => ({ type: 'return', ...body }),
    }),
    cases.actionRoute({
      path: 'accept',
      operationId: 'acceptHandoffPackage',
      summary: 'Accept the package and take the project on',
      permission: 'handoff:accept',
      body: acceptPackageSchema,
      toAction: (body) => ({ type: 'accept', ...body }),
    }),
    cases.actionRoute({
      path: 'kickoff',
      operationId: 'kickoffHandoff',
      summary: 'Record the kickoff and plan the milestones',
      permission: 'handoff:accept',
      body: kickoffSchema,
      toAction: (body) => ({ type: 'kickoff', ...body }),
    }),
    cases.actionRoute({
      path: milestone('start'),
      operationId: 'startHandoffMilestone',
      summary: 'Start a milestone',
      permission: 'handoff:act',
      params: milestoneParamsSchema,
      body: handoffNoteSchema,
      toAction: (body, params) => ({ type: 'start-milestone', milestoneKey: params.key, ...body }),
    }),
    cases.actionRoute({
      path: milestone('complete'),
      operationId: 'completeHandoffMilestone',
      summary:
        "Complete a milestone (its owner or the project's lead; customer acceptance needs the customer's sign-off)",
      permission: 'handoff:act',
      params: milestoneParamsSchema,
      body: completeMilestoneSchema,
      toAction: (body, params) => ({ type: 'complete-milestone', milestoneKey: params.key, ...body }),
    }),
    cases.actionRoute({
      path: milestone('slip'),
      operationId: 'slipHandoffMilestone',
      summary: 'Move a milestone later, with a reason; later milestones move as far',
      permission: 'handoff:act',
      params: milestoneParamsSchema,
      body: slipMilestoneSchema,
      toAction: (body, params) => ({ type: 'slip-milestone', milestoneKey: params.key, ...body }),
    }),
    cases.actionRoute({
      path: milestone('risk'),
      operationId: 'flagHandoffMilestoneRisk',
      summary: 'Flag a milestone at risk (with a note), or clear the flag',
      permission: 'handoff:act',
      params: milestoneParamsSchema,
      body: milestoneRiskSchema,
      toAction: (body, params) => ({ type: 'flag-risk', milestoneKey: params.key, ...body }),
    }),
    cases.actionRoute({
      path: 'customer-acceptance',
      operationId: 'recordCustomerAcceptance',
      summary: "Record the customer's acceptance sign-off: who, when, evidence",
      permission: 'handoff:act',
      body: customerAcceptanceSchema,
      toAction: (body) => ({ type: 'record-customer-acceptance', ...body }),
    }),
    cases.actionRoute({
      path: 'handover',
      operationId: 'handOverToCustomerSuccess',
      summary: 'Hand over to customer success; starts the renewal follow-up',
      permission: 'handoff:accept',
      body: handoverSchema,
      toAction: (body) => ({ type: 'handover', ...body }),
    }),
    cases.actionRoute({
      path: 'cancel',
      operationId: 'cancelHandoff',
      summary: 'Cancel the project at any step, with a reason',
      permission: 'handoff:accept',
      body: handoffReasonSchema,
      toAction: (body) => ({ type: 'cancel', reason: body.reason }),
    }),
    cases.actionRoute({
      path: 'comments',
      operationId: 'commentOnHandoff',
      summary: 'Comment on the handoff or one of its milestones',
      permission: 'handoff:act',
      body: handoffCommentSchema,
      toAction: (body) => ({ type: 'comment', ...body }),
    }),
  ];
}

/** Handoffs as regional cases: reading, acting and visibility (the portal's staff routes use it too). */
export function handoffCases({ client, db, taskQueue }: Pick<PlaybookRoutesDeps, 'client' | 'db' | 'taskQueue'>) {
  return regionalCases({
    client,
    basePath: '/api/handoffs',
    tag: 'Handoffs',
    idPrefix: 'handoff:',
    noun: 'delivery handoff',
    taskQueue,
    params: handoffParamsSchema,
    stateQuery: getHandoffState,
    actionUpdate: handoffAction,
    shortNoun: 'handoff',
    stateSchema: handoffStateSchema,
    actionErrors: ACTION_ERRORS,
    // A milestone's owner may act on it without leading the project: the workflow checks it from the roles.
    callerFields: (principal) => ({ actorRoles: principal.roles }),
    projected: (id) => db.handoff.findUnique({ where: { id }, select: { region: true, stage: true } }),
  });
}
