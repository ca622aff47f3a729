import { addCalendarDays } from '../shared/business-calendar';
import { customerSignature, type PortalContact } from '../shared/customer-portal';
import { blank } from '../shared/input-checks';
import type { Said } from '../shared/text';
import { extensionRejection, pendingExtension, type PocRejection } from './actions';
import { pocSays, pocText } from './text';
import { appendEvent, isFinal, recipient, riskSnapshot, setRisk, trialText } from './transitions';
import type { CheckInHealth, PocStage, PocState } from './types';

/**
 * What the customer does on their own trial through the portal (issue 16): confirm the agreed
 * success criteria (at kickoff), tell us how the trial goes for them (red, amber or green and a
 * note), and ask for more days. Each is a workflow Update beside staff actions with its own rules;
 * an extension the customer asks for is decided by staff exactly as one asked for by sales.
 */
export type PocCustomerAction =
  | { type: 'confirm-criteria'; text: string }
  | { type: 'feedback'; health: CheckInHealth; note?: string }
  | { type: 'request-extension'; days: number; reason: string };

export interface PocCustomerActionRequest {
  /** The portal sends role customer and the customer's email as actor, so the workflow stamps their events (issue 21). */
  actorRole?: 'customer';
  actor?: string;
  action: PocCustomerAction;
  customer: PortalContact;
  /** The `seq` the portal last saw; refused if the trial changed since. */
  expectedSeq?: number;
}

/** A customer step open on a trial: what the portal offers and staff see as waiting on the customer. */
export type PocCustomerStep =
  | { kind: 'confirm-criteria'; dueDate?: string }
  | { kind: 'feedback'; dueDate?: string }
  | { kind: 'request-extension' };

/** Where each step is open: the criteria are agreed from approval until the trial ends; the rest while it runs. */
const OPEN_IN: Record<PocCustomerAction['type'], readonly PocStage[]> = {
  'confirm-criteria': ['approved', 'provisioning', 'provisioning_failed', 'ready', 'active'],
  feedback: ['active'],
  'request-extension': ['active'],
};

const reject = (kind: PocRejection['kind'], said: Said): PocRejection => ({
  kind,
  message: said.summary,
  text: said.message,
});

/** "Li Wei (customer)": how the timeline names a customer, in each reader's language. */
export const pocCustomerNamed = (customer: { name: string }) =>
  pocText('poc.customer-name', { name: customer.name.trim() });

/** Why the customer cannot take this step now, or undefined when they can. */
export function pocCustomerActionRejection(
  state: PocState,
  request: PocCustomerActionRequest,
): PocRejection | undefined {
  const { action, customer } = request;
  const label = trialText(state);
  if (blank(customer?.name) || blank(customer?.email))
    return reject('evidence-required', pocSays('poc.refused.portal-contact'));
  if (request.expectedSeq !== undefined && request.expectedSeq !== state.seq) {
    const name = trialText(state, 'poc.label.capital');
    return reject(
      'stale-version',
      pocSays('refused.stale-version', { name, seq: state.seq, expected: request.expectedSeq }),
    );
  }
  const allowed = OPEN_IN[action.type];
  if (!allowed)
    return reject(
      'invalid-transition',
      pocSays('poc.refused.portal-unknown', { type: String((action as { type: unknown }).type) }),
    );
  if (isFinal(state.stage))
    return reject('invalid-transition', pocSays('refused.final', { label, stage: state.stage }));
  if (!allowed.includes(state.stage))
    return reject(
      'invalid-transition',
      pocSays('poc.refused.portal-stage', {
        label,
        stage: state.stage.replace('_', ' '),
        allowed: allowed.map((stage) => stage.replace('_', ' ')).join(' or '),
      }),
    );
  switch (action.type) {
    case 'confirm-criteria': {
      const done = state.criteriaConfirmation;
      if (done)
        return reject(
          'invalid-transition',
          pocSays('poc.refused.criteria-confirmed', { label, who: pocCustomerNamed(done), date: done.at.slice(0, 10) }),
        );
      return blank(action.text) ? reject('evidence-required', pocSays('poc.refused.portal-text')) : undefined;
    }
    case 'feedback':
      if (!['green', 'amber', 'red'].includes(action.health))
        return reject('invalid-transition', pocSays('poc.refused.health', { health: String(action.health) }));
      if (action.health !== 'green' && blank(action.note))
        return reject('evidence-required', pocSays('poc.refused.feedback-note', { health: action.health }));
      return undefined;
    case 'request-extension':
      return extensionRejection(state, { type: 'request-extension', days: action.days, reason: action.reason });
  }
}

/** Applies a customer step already validated by `pocCustomerActionRejection`. */
export function applyPocCustomerAction(state: PocState, request: PocCustomerActionRequest, now: Date): void {
  const { action, customer } = request;
  const label = trialText(state);
  const who = pocCustomerNamed(customer);
  const email = customer.email.trim();
  switch (action.type) {
    case 'confirm-criteria': {
      state.criteriaConfirmation = customerSignature(customer, action.text, now);
      appendEvent(state, now, {
        type: 'poc.customer-confirmed-criteria',
        actor: email,
        ...pocSays('poc.customer-confirmed-criteria', { label, who, text: state.criteriaConfirmation.text }),
        after: {
          criteria: state.criteria.map((criterion) => criterion.key),
          confirmedBy: customer.name.trim(),
          via: 'portal',
          from: customer.ip ?? null,
        },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'feedback': {
      const before = riskSnapshot(state);
      const note = blank(action.note) ? undefined : action.note!.trim();
      state.customerFeedback = [
        ...(state.customerFeedback ?? []),
        { at: now.toISOString(), name: customer.name.trim(), email, health: action.health, ...(note ? { note } : {}) },
      ];
      // A customer who says the trial is failing is a risk now; only a staff check-in clears it.
      if (action.health === 'red') setRisk(state, 'red-health', true);
      appendEvent(state, now, {
        type: 'poc.customer-feedback',
        actor: email,
        ...pocSays('poc.customer-feedback', { label, who, health: action.health, note }),
        before,
        after: { health: action.health, note: note ?? null, via: 'portal', ...riskSnapshot(state) },
        notify: recipient(state, action.health === 'red' ? 'regional_ops' : 'sales'),
      });
      break;
    }
    case 'request-extension': {
      state.extensions.push({
        days: action.days,
        reason: action.reason.trim(),
        requestedBy: email,
        requestedByCustomer: customer.name.trim(),
        requestedAt: now.toISOString(),
        status: 'pending',
      });
      appendEvent(state, now, {
        type: 'poc.customer-extension-requested',
        actor: email,
        ...pocSays('poc.customer-extension-requested', {
          label,
          who,
          days: action.days,
          endDate: addCalendarDays(state.endDate, action.days),
          reason: action.reason.trim(),
        }),
        after: { days: action.days, reason: action.reason.trim(), endDate: state.endDate, via: 'portal' },
        notify: recipient(state, 'regional_ops'),
      });
      break;
    }
  }
  state.seq += 1;
}

/** The steps open to the customer now (the portal's list; staff see the first as waiting on the customer). */
export function pocCustomerSteps(state: PocState): PocCustomerStep[] {
  if (isFinal(state.stage)) return [];
  const steps: PocCustomerStep[] = [];
  if (!state.criteriaConfirmation && OPEN_IN['confirm-criteria'].includes(state.stage))
    steps.push({ kind: 'confirm-criteria', ...(state.kickoffAt ? { dueDate: state.kickoffAt.slice(0, 10) } : {}) });
  if (state.stage === 'active') {
    steps.push({ kind: 'feedback', ...(state.nextCheckInDue ? { dueDate: state.nextCheckInDue } : {}) });
    if (!pendingExtension(state)) steps.push({ kind: 'request-extension' });
  }
  return steps;
}
