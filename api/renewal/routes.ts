import type { z } from 'zod';
import type { RenewalAction } from '../../domain/renewal/actions';
import { renewalInputProblems } from '../../domain/renewal/create';
import { withRenewalPlan } from '../../domain/renewal/plan';
import { resolveRenewalPlan } from './template-plan';
import type { RenewalFollowUpInput, RenewalRules } from '../../domain/renewal/types';
import {
  getRenewalState,
  renewalAction,
  renewalFollowUp,
  renewalWorkflowId,
} from '../../workflows/renewal/renewal-follow-up';
import { canSeeRegions, type Permission } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { apiSays } from '../http/api-text';
import { Problem, refuseInputProblems } from '../http/problem';
import { startCalendar } from '../http/pinned-calendar';
import { regionalCases } from '../http/regional-cases';
import type { PlaybookRoutesDeps } from '../http/route';
import {
  assignRenewalSchema,
  healthCheckBodySchema,
  healthFiguresSchema,
  negotiationSchema,
  outcomeSchema,
  proposalSchema,
  renewalParamsSchema,
  renewalStateSchema,
  startRenewalSchema,
} from './schemas';
import { setCustomerContactsSchema } from '../portal/schemas';
import { refuseUnlisted } from '../insights/reference-lists';
import { listedProfile, splitProfile } from '../insights/profile-fields';

/** What an action answers besides the new state, 404, 412 and 503. */
const ACTION_ERRORS = {
  409: { description: 'Not allowed now (the message says why), or the renewal has churned and takes no more actions' },
  422: {
    description:
      'An unusable value or date (figures out of range, an expansion that is not higher, a next term ending before it starts...)',
  },
};

/** Starting, reading and acting on renewal follow-ups. Lists, timelines, the calendar and the forecast come from the read model (renewal-reads). */
export function renewalRoutes({ client, db, taskQueue }: PlaybookRoutesDeps) {
  const cases = renewalCases({ client, db, taskQueue });

  /**
   * A churned renewal's workflow has ended: the read model says so (409), so an action never wakes
   * the closed workflow. Another region's renewal is a 404, as everywhere.
   */
  async function refuseEnded(id: string, principal: Principal): Promise<void> {
    const row = await db.renewal.findUnique({
      where: { id },
      select: { region: true, stage: true, endedAt: true, account: true, contractId: true },
    });
    if (!row) return;
    if (!canSeeRegions(principal, [row.region]))
      throw new Problem(404, 'Not found', apiSays('api.not-found.case', { noun: 'renewal', id }));
    if (row.endedAt) {
      throw new Problem(
        409,
        'Renewal has ended',
        `The renewal of ${row.account} (contract ${row.contractId}) ${row.stage} on ${row.endedAt.toISOString().slice(0, 10)} and takes no more actions`,
      );
    }
  }

  const actionRoute = <B extends z.ZodType>(spec: {
    path: string;
    operationId: string;
    summary: string;
    permission: Permission;
    body: B;
    toAction: (body: z.output<B>) => RenewalAction;
  }) => {
    const route = cases.actionRoute({ ...spec, toAction: (body) => spec.toAction(body) });
    return {
      ...route,
      async handle(context: Parameters<typeof route.handle>[0]) {
        await refuseEnded(context.params.id, context.principal);
        return route.handle(context);
      },
    };
  };

  return [
    cases.startRoute({
      operationId: 'startRenewal',
      summary:
        'Start renewal follow-up of a contract that did not come through a delivery handoff (one per account and contract)',
      permission: 'renewal:start',
      body: startRenewalSchema,
      startedDescription: 'Started on its first term, every step dated back from the contract end',
      existing: 'A renewal for this account and contract',
      workflow: renewalFollowUp,
      async prepare({ body, principal }) {
        const [{ calendar, rules, opsManager, customerContacts, template, ...start }, profile] = splitProfile(body);
        // Templates (issue 20): the renewal pins its tier's template plan, so later versions never reach it.
        const plan = await resolveRenewalPlan(db, { template, tier: body.tier });
        const input: RenewalFollowUpInput = {
          start: {
            ...start,
            ...profile,
            source: { playbook: 'api' },
            calendar: await startCalendar(db, calendar, [body.region]),
          },
          requestedBy: principal.subject,
          ...(rules ? { rules: rules as Partial<RenewalRules> } : {}),
          ...(opsManager ? { contacts: { opsManager } } : {}),
          ...(customerContacts?.length ? { customerContacts } : {}),
          ...(plan ? { plan } : {}),
        };
        refuseInputProblems('The renewal is not valid', renewalInputProblems(withRenewalPlan(input)));
        await refuseUnlisted(db, [{ field: 'region', list: 'regions', values: [body.region] }, ...listedProfile(body)]);
        return {
          workflowId: renewalWorkflowId(body.account, body.contractId),
          input,
        };
      },
    }),

    cases.getRoute({
      operationId: 'getRenewal',
      summary: 'Read a renewal live: the current term and its steps, health, past terms and the latest timeline',
      permission: 'renewal:read',
    }),

    actionRoute({
      path: 'health',
      operationId: 'recordRenewalHealth',
      summary:
        "Post the customer's usage figures: Baton scores them, completes the health review when it is near, and escalates at once when at risk",
      permission: 'renewal:act',
      body: healthFiguresSchema,
      toAction: (figures) => ({ type: 'record-health', figures }),
    }),
    actionRoute({
      path: 'health-check',
      operationId: 'checkRenewalHealth',
      summary: 'Ask the health source for fresh figures now (the answer lands on the timeline)',
      permission: 'renewal:act',
      body: healthCheckBodySchema,
      toAction: (body) => ({ type: 'request-health-check', ...body }),
    }),
    actionRoute({
      path: 'proposal',
      operationId: 'sendRenewalProposal',
      summary: 'Record the renewal proposal sent (or revised)',
      permission: 'renewal:act',
      body: proposalSchema,
      toAction: (body) => ({ type: 'send-proposal', ...body }),
    }),
    actionRoute({
      path: 'negotiation',
      operationId: 'noteRenewalNegotiation',
      summary: 'Add a negotiation note',
      permission: 'renewal:act',
      body: negotiationSchema,
      toAction: (body) => ({ type: 'note-negotiation', ...body }),
    }),
    actionRoute({
      path: 'outcome',
      operationId: 'decideRenewal',
      summary:
        'Record the outcome: renewed, expanded or downgraded (the next term starts the day after this one ends), or churned with a reason',
      permission: 'renewal:decide',
      body: outcomeSchema,
      toAction: (body) => ({ type: 'decide', ...body }),
    }),
    actionRoute({
      path: 'customer-contacts',
      operationId: 'setRenewalCustomerContacts',
      summary: 'Set the customer contacts (whom the portal may invite); replaces the list',
      permission: 'renewal:act',
      body: setCustomerContactsSchema,
      toAction: (body) => ({ type: 'set-customer-contacts', contacts: body.contacts }),
    }),
    actionRoute({
      path: 'assign',
      operationId: 'assignRenewal',
      summary: 'Hand the renewal to another customer-success owner',
      permission: 'renewal:decide',
      body: assignRenewalSchema,
      toAction: (body) => ({ type: 'assign', ...body }),
    }),
  ];
}

/** Renewals as regional cases: reading one, starting, acting (shared with the customer portal's staff routes). */
export function renewalCases({ client, db, taskQueue }: Pick<PlaybookRoutesDeps, 'client' | 'db' | 'taskQueue'>) {
  return regionalCases({
    client,
    basePath: '/api/renewals',
    tag: 'Renewals',
    idPrefix: 'renewal:',
    noun: 'renewal',
    taskQueue,
    params: renewalParamsSchema,
    stateQuery: getRenewalState,
    actionUpdate: renewalAction,
    shortNoun: 'renewal',
    stateSchema: renewalStateSchema,
    actionErrors: ACTION_ERRORS,
    projected: (id) => db.renewal.findUnique({ where: { id }, select: { region: true, stage: true } }),
  });
}
