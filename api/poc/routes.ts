import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { Database } from '../../db/prisma';
import type { PocAction } from '../../domain/poc/actions';
import { pocInputProblems } from '../../domain/poc/create';
import type { PocRules, PocTrialInput } from '../../domain/poc/types';
import { getPocState, pocAction, pocTrial, pocWorkflowId } from '../../workflows/poc/poc-trial';
import type { Permission } from '../auth/policy';
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
import { Problem, refuseInputProblems } from '../http/problem';
import { pinnedCalendar } from '../http/pinned-calendar';
import { defineRoute } from '../http/route';
import { regionalCases, requireOwnRegion } from '../http/regional-cases';

export interface PocRoutesDeps {
  client: Client;
  db: Database;
  taskQueue: string;
  /** Rules every new trial pins, e.g. the auto-approval threshold; unset rules take their defaults. */
  pocRules: Partial<PocRules>;
}

const ACTION_RESPONSES = {
  200: { description: 'The new state (a workflow update); ETag is its seq', schema: pocStateSchema },
  404: { description: 'No such trial, or not in your regions' },
  409: {
    description: 'Not allowed in the current stage (the message says why), a limit is reached, or the trial has ended',
  },
  412: { description: 'If-Match does not match the current seq' },
  422: { description: 'The trial has no such criterion, or a date is unusable' },
  503: { description: 'Temporal or the trial’s worker did not answer in time; nothing changed, try again' },
};

/** Requesting, reading and acting on POC trials. Lists, timelines and the regional dashboard come from the read model (poc-reads). */
export function pocRoutes({ client, db, taskQueue, pocRules }: PocRoutesDeps) {
  const cases = regionalCases({
    client,
    basePath: '/api/pocs',
    tag: 'POCs',
    idPrefix: 'poc:',
    noun: 'POC trial',
    params: pocParamsSchema,
    stateQuery: getPocState,
    actionUpdate: pocAction,
    actionResponses: ACTION_RESPONSES,
    stateSchema: pocStateSchema,
    notFoundDescription: 'No such trial, or not in your regions',
  });
  const actionRoute = <B extends z.ZodType>(spec: {
    path: string;
    operationId: string;
    summary: string;
    permission: Permission;
    body: B;
    toAction: (body: z.output<B>) => PocAction;
  }) => cases.actionRoute({ ...spec, toAction: (body) => spec.toAction(body) });

  return [
    defineRoute({
      method: 'post',
      path: '/api/pocs',
      operationId: 'requestPoc',
      summary: 'Request a POC trial (one per account and opportunity)',
      tag: 'POCs',
      permission: 'poc:request',
      idempotent: true,
      body: requestPocSchema,
      responses: {
        201: {
          description: 'Requested (approved already when under the auto-approval threshold)',
          schema: pocStateSchema,
        },
        200: {
          description: 'A trial for this account and opportunity already exists; it is returned',
          schema: pocStateSchema,
        },
        403: { description: 'The region is not one of yours' },
        409: { description: 'A trial for this account and opportunity exists in a region you cannot see' },
        422: { description: 'No such calendar' },
        503: { description: 'Temporal did not answer in time' },
      },
      async handle({ body, principal }) {
        requireOwnRegion(principal, body.region, 'request trials');
        const { calendar, regionalOps, ...request } = body;
        const input: PocTrialInput = {
          request,
          requestedBy: principal.subject,
          rules: pocRules,
          calendar: await pinnedCalendar(db, calendar),
          ...(regionalOps ? { contacts: { regionalOps } } : {}),
        };
        refuseInputProblems('The POC request is not valid', pocInputProblems(input));
        return cases.start({
          workflow: pocTrial,
          workflowId: pocWorkflowId(body.account, body.opportunity.id),
          taskQueue,
          input,
          principal,
          alreadyExists: () =>
            new Problem(
              409,
              'Trial already exists',
              `A trial for ${body.account} and opportunity ${body.opportunity.id} already exists`,
            ),
        });
      },
    }),

    cases.getRoute({
      operationId: 'getPoc',
      summary: 'Read a trial live: stage, criteria, check-ins, extensions and the latest timeline',
      permission: 'poc:read',
    }),

    actionRoute({
      path: 'approve',
      operationId: 'approvePoc',
      summary: 'Approve the request',
      permission: 'poc:decide',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'approve', ...body }),
    }),
    actionRoute({
      path: 'reject',
      operationId: 'rejectPoc',
      summary: 'Reject the request, with a reason',
      permission: 'poc:decide',
      body: pocReasonSchema,
      toAction: (body) => ({ type: 'reject', reason: body.reason }),
    }),
    actionRoute({
      path: 'provisioning/retry',
      operationId: 'retryPocProvisioning',
      summary: 'Try provisioning again after it failed',
      permission: 'poc:decide',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'retry-provisioning', ...body }),
    }),
    actionRoute({
      path: 'provisioning/manual',
      operationId: 'markPocProvisioned',
      summary: 'Record an environment provisioned by hand',
      permission: 'poc:decide',
      body: markProvisionedSchema,
      toAction: (body) => ({ type: 'mark-provisioned', ...body }),
    }),
    actionRoute({
      path: 'kickoff',
      operationId: 'kickOffPoc',
      summary: 'Kick off the trial: check-ins start',
      permission: 'poc:act',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'kickoff', ...body }),
    }),
    actionRoute({
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
    actionRoute({
      path: 'extensions',
      operationId: 'requestPocExtension',
      summary: 'Ask for more days (needs approval; limited in count and days)',
      permission: 'poc:act',
      body: requestExtensionSchema,
      toAction: (body) => ({ type: 'request-extension', ...body }),
    }),
    actionRoute({
      path: 'extensions/approve',
      operationId: 'approvePocExtension',
      summary: 'Approve the pending extension',
      permission: 'poc:decide',
      body: optionalNoteSchema,
      toAction: (body) => ({ type: 'approve-extension', ...body }),
    }),
    actionRoute({
      path: 'extensions/reject',
      operationId: 'rejectPocExtension',
      summary: 'Reject the pending extension, with a reason',
      permission: 'poc:decide',
      body: pocReasonSchema,
      toAction: (body) => ({ type: 'reject-extension', reason: body.reason }),
    }),
    actionRoute({
      path: 'convert',
      operationId: 'convertPoc',
      summary: 'Record the trial converted',
      permission: 'poc:act',
      body: convertSchema,
      toAction: (body) => ({ type: 'convert', ...body }),
    }),
    actionRoute({
      path: 'lose',
      operationId: 'losePoc',
      summary: 'Record the trial lost, with a reason from the taxonomy',
      permission: 'poc:act',
      body: loseSchema,
      toAction: (body) => ({ type: 'lose', ...body }),
    }),
    actionRoute({
      path: 'withdraw',
      operationId: 'withdrawPoc',
      summary: 'Withdraw the trial, with a reason',
      permission: 'poc:act',
      body: pocReasonSchema,
      toAction: (body) => ({ type: 'withdraw', reason: body.reason }),
    }),
  ];
}
