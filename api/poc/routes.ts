import { pocInputProblems } from '../../domain/poc/create';
import { withPocPlan } from '../../domain/poc/plan';
import { resolvePocPlan } from './template-plan';
import type { PocRules, PocTrialInput } from '../../domain/poc/types';
import { getPocState, pocAction, pocTrial, pocWorkflowId } from '../../workflows/poc/poc-trial';
import {
  checkInSchema,
  convertSchema,
  loseSchema,
  markCriterionSchema,
  markProvisionedSchema,
  optionalNoteSchema,
  pocCriterionParamsSchema,
  pocParamsSchema,
  pocReasonSchema,
  pocStateSchema,
  requestExtensionSchema,
  requestPocSchema,
} from './schemas';
import { refuseInputProblems } from '../http/problem';
import { setCustomerContactsSchema } from '../portal/schemas';
import { startCalendar } from '../http/pinned-calendar';
import { regionalCases } from '../http/regional-cases';
import type { PlaybookRoutesDeps } from '../http/route';
import { refuseUnlisted } from '../insights/reference-lists';

export interface PocRoutesDeps extends PlaybookRoutesDeps {
  /** Rules every new trial pins, e.g. the auto-approval threshold; unset rules take their defaults. */
  pocRules: Partial<PocRules>;
}

/** What an action answers besides the new state, 404, 412 and 503. */
const ACTION_ERRORS = {
  409: {
    description: 'Not allowed in the current stage (the message says why), a limit is reached, or the trial has ended',
  },
  422: { description: 'The trial has no such criterion, or a date is unusable' },
};

/** Requesting, reading and acting on POC trials. Lists, timelines and the regional dashboard come from the read model (poc-reads). */
export function pocRoutes({ client, db, taskQueue, pocRules }: PocRoutesDeps) {
  const cases = pocCases({ client, db, taskQueue });

  return [
    cases.startRoute({
      operationId: 'requestPoc',
      summary: 'Request a POC trial (one per account and opportunity)',
      permission: 'poc:request',
      body: requestPocSchema,
      startedDescription: 'Requested (approved already when under the auto-approval threshold)',
      existing: 'A trial for this account and opportunity',
      ownRegionsOnly: 'request trials',
      workflow: pocTrial,
      async prepare({ body, principal }) {
        const { calendar, regionalOps, customerContacts, template, ...request } = body;
        // Templates (issue 20): the trial pins the plan of its template, so later versions never reach it.
        const plan = await resolvePocPlan(db, { template, region: body.region, product: body.product }, pocRules);
        const input: PocTrialInput = {
          request,
          requestedBy: principal.subject,
          ...(plan ? { plan } : { rules: pocRules }),
          calendar: await startCalendar(db, calendar, [body.region]),
          ...(regionalOps ? { contacts: { regionalOps } } : {}),
          ...(customerContacts?.length ? { customerContacts } : {}),
        };
        refuseInputProblems('The POC request is not valid', pocInputProblems(withPocPlan(input)));
        await refuseUnlisted(db, [
          { field: 'region', list: 'regions', values: [body.region] },
          { field: 'industry', list: 'industries', values: [body.industry] },
          { field: 'product', list: 'products', values: [body.product] },
          { field: 'channel', list: 'lead-channels', values: body.channel ? [body.channel] : [] },
        ]);
        return {
          workflowId: pocWorkflowId(body.account, body.opportunity.id),
          input,
        };
      },
    }),

    cases.getRoute({
      operationId: 'getPoc',
      summary: 'Read a trial live: stage, criteria, check-ins, extensions and the latest timeline',
      permission: 'poc:read',
    }),

    cases.actionRoute({
      path: 'approve',
      operationId: 'approvePoc',
      summary: 'Approve the request',
      permission: 'poc:decide',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'approve', ...body }),
    }),
    cases.actionRoute({
      path: 'reject',
      operationId: 'rejectPoc',
      summary: 'Reject the request, with a reason',
      permission: 'poc:decide',
      body: pocReasonSchema,
      toAction: (body) => ({ type: 'reject', reason: body.reason }),
    }),
    cases.actionRoute({
      path: 'provisioning/retry',
      operationId: 'retryPocProvisioning',
      summary: 'Try provisioning again after it failed',
      permission: 'poc:decide',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'retry-provisioning', ...body }),
    }),
    cases.actionRoute({
      path: 'provisioning/manual',
      operationId: 'markPocProvisioned',
      summary: 'Record an environment provisioned by hand',
      permission: 'poc:decide',
      body: markProvisionedSchema,
      toAction: (body) => ({ type: 'mark-provisioned', ...body }),
    }),
    cases.actionRoute({
      path: 'kickoff',
      operationId: 'kickOffPoc',
      summary: 'Kick off the trial: check-ins start',
      permission: 'poc:act',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'kickoff', ...body }),
    }),
    cases.actionRoute({
      path: 'check-ins',
      operationId: 'checkInPoc',
      summary: 'Record a check-in',
      permission: 'poc:act',
      body: checkInSchema,
      toAction: (body) => ({ type: 'check-in', ...body }),
    }),
    cases.actionRoute({
      path: 'criteria/:key',
      operationId: 'markPocCriterion',
      summary: 'Mark a success criterion met or unmet, with evidence',
      permission: 'poc:act',
      params: pocCriterionParamsSchema,
      body: markCriterionSchema,
      toAction: (body, params) => ({ type: 'mark-criterion', criterionKey: params.key, ...body }),
    }),
    cases.actionRoute({
      path: 'extensions',
      operationId: 'requestPocExtension',
      summary: 'Ask for more days (needs approval; limited in count and days)',
      permission: 'poc:act',
      body: requestExtensionSchema,
      toAction: (body) => ({ type: 'request-extension', ...body }),
    }),
    cases.actionRoute({
      path: 'extensions/approve',
      operationId: 'approvePocExtension',
      summary: 'Approve the pending extension',
      permission: 'poc:decide',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'approve-extension', ...body }),
    }),
    cases.actionRoute({
      path: 'extensions/reject',
      operationId: 'rejectPocExtension',
      summary: 'Reject the pending extension, with a reason',
      permission: 'poc:decide',
      body: pocReasonSchema,
      toAction: (body) => ({ type: 'reject-extension', reason: body.reason }),
    }),
    cases.actionRoute({
      path: 'convert',
      operationId: 'convertPoc',
      summary: 'Record the trial converted',
      permission: 'poc:act',
      body: convertSchema,
      toAction: (body) => ({ type: 'convert', ...body }),
    }),
    cases.actionRoute({
      path: 'lose',
      operationId: 'losePoc',
      summary: 'Record the trial lost, with a reason from the taxonomy',
      permission: 'poc:act',
      body: loseSchema,
      toAction: (body) => ({ type: 'lose', ...body }),
    }),
    cases.actionRoute({
      path: 'customer-contacts',
      operationId: 'setPocCustomerContacts',
      summary: 'Set the customer contacts (whom the portal may invite); replaces the list',
      permission: 'poc:act',
      body: setCustomerContactsSchema,
      toAction: (body) => ({ type: 'set-customer-contacts', contacts: body.contacts }),
    }),
    cases.actionRoute({
      path: 'withdraw',
      operationId: 'withdrawPoc',
      summary: 'Withdraw the trial, with a reason',
      permission: 'poc:act',
      body: pocReasonSchema,
      toAction: (body) => ({ type: 'withdraw', reason: body.reason }),
    }),
  ];
}

/** POC trials as regional cases: reading one, starting, acting (shared with the customer portal's staff routes). */
export function pocCases({ client, db, taskQueue }: Pick<PlaybookRoutesDeps, 'client' | 'db' | 'taskQueue'>) {
  return regionalCases({
    client,
    basePath: '/api/pocs',
    tag: 'POCs',
    idPrefix: 'poc:',
    noun: 'POC trial',
    taskQueue,
    params: pocParamsSchema,
    stateQuery: getPocState,
    actionUpdate: pocAction,
    shortNoun: 'trial',
    stateSchema: pocStateSchema,
    actionErrors: ACTION_ERRORS,
    projected: (id) => db.pocTrial.findUnique({ where: { id }, select: { region: true, stage: true } }),
  });
}
