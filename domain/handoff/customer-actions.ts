import { blank } from '../shared/input-checks';
import type { Said } from '../shared/text';
import { pruneFiredAlarms } from './alarms';
import { handoffActionRejection, type HandoffActionContext, type HandoffRejection } from './actions';
import { handoffSays, handoffText } from './text';
import { appendEvent, handoffNamed, recipient, today } from './transitions';
import type { HandoffState, Milestone, PortalSignature } from './types';

/**
 * What the customer does on their own handoff through the portal (issue 16): confirm the milestones
 * that are theirs to confirm, and sign the acceptance (验收). Each is a workflow Update like a staff
 * action and reuses that action's rules, so the customer can do nothing staff could not record for
 * them; only the provenance differs (who, from where, the words agreed), and the timeline says so.
 */
export type CustomerAction =
  | { type: 'confirm-milestone'; milestoneKey: string; text: string }
  | { type: 'accept'; text: string; title?: string }
  // A short CSAT of a done milestone (1-5 and a comment); it changes nothing else.
  | { type: 'rate-milestone'; milestoneKey: string; score: number; comment?: string; text?: undefined };

/** The portal contact acting, as the API authenticated them from their magic link. */
export interface PortalCustomer {
  name: string;
  email: string;
  ip?: string;
  userAgent?: string;
}

export interface CustomerActionRequest {
  /** The portal sends role customer and the customer's email as actor, so the workflow stamps their events (issue 21). */
  actorRole?: 'customer';
  actor?: string;
  action: CustomerAction;
  customer: PortalCustomer;
  /** The `seq` the portal last saw; refused if the handoff changed since. */
  expectedSeq?: number;
}

/** Milestones of the default template that are the customer's to confirm (the acceptance has its own step). */
export const CUSTOMER_CONFIRMED_MILESTONES: readonly string[] = ['requirements-confirmed', 'spec-confirmed'];

/** A customer step still open on a handoff: what the portal offers and staff see as pending. */
export type PendingCustomerStep =
  | { kind: 'confirm-milestone'; milestoneKey: string; title: string; dueDate: string }
  | { kind: 'accept'; dueDate?: string };

const reject = (kind: HandoffRejection['kind'], said: Said): HandoffRejection => ({
  kind,
  message: said.summary,
  text: said.message,
});

/** "Li Wei (customer)": how the timeline names a customer, in each reader's language. */
export const customerNamed = (customer: { name: string }) =>
  handoffText('handoff.customer-name', { name: customer.name.trim() });

/** Why the customer cannot take this step now, or undefined when they can. */
export function customerActionRejection(
  state: HandoffState,
  request: CustomerActionRequest,
  context: HandoffActionContext,
): HandoffRejection | undefined {
  const { action, customer } = request;
  if (blank(customer.name) || blank(customer.email))
    return reject('evidence-required', handoffSays('handoff.refused.portal-contact'));
  if (action.type === 'rate-milestone') return ratingRejection(state, action);
  if (blank(action.text)) return reject('evidence-required', handoffSays('handoff.refused.portal-text'));
  const actor = customer.email;
  switch (action.type) {
    case 'confirm-milestone': {
      const milestone = state.milestones.find((each) => each.key === action.milestoneKey);
      if (!milestone || !CUSTOMER_CONFIRMED_MILESTONES.includes(milestone.key) || milestone.customerSignOff)
        return reject(
          'unknown-item',
          handoffSays('handoff.refused.not-customer-milestone', {
            key: String(action.milestoneKey),
            label: handoffNamed(state),
          }),
        );
      return handoffActionRejection(
        state,
        {
          action: { type: 'complete-milestone', milestoneKey: milestone.key },
          actor,
          expectedSeq: request.expectedSeq,
        },
        context,
      );
    }
    case 'accept': {
      if (state.customerAcceptance?.portal)
        return reject(
          'invalid-transition',
          handoffSays('handoff.refused.portal-accepted', {
            label: handoffNamed(state),
            who: customerNamed(state.customerAcceptance.portal),
            signedOn: state.customerAcceptance.signedOn,
          }),
        );
      return handoffActionRejection(
        state,
        {
          action: {
            type: 'record-customer-acceptance',
            signedBy: customer.name,
            signedOn: today(context.now),
            evidence: { note: action.text },
          },
          actor,
          expectedSeq: request.expectedSeq,
        },
        context,
      );
    }
    default:
      return reject(
        'invalid-transition',
        handoffSays('handoff.refused.portal-unknown', { type: String((action as { type: unknown }).type) }),
      );
  }
}

function ratingRejection(
  state: HandoffState,
  action: Extract<CustomerAction, { type: 'rate-milestone' }>,
): HandoffRejection | undefined {
  const label = handoffNamed(state);
  const milestone = state.milestones.find((each) => each.key === action.milestoneKey);
  if (!milestone)
    return reject(
      'unknown-item',
      handoffSays('handoff.refused.unknown-milestone', {
        label,
        milestone: String(action.milestoneKey),
        milestones: state.milestones.map((each) => each.key).join(', '),
      }),
    );
  if (!Number.isInteger(action.score) || action.score < 1 || action.score > 5)
    return reject('evidence-required', handoffSays('handoff.refused.rating-score', { score: String(action.score) }));
  if (milestone.status !== 'done')
    return reject(
      'invalid-transition',
      handoffSays('handoff.refused.rating-not-done', { title: milestone.title, label }),
    );
  if (milestone.customerRating)
    return reject(
      'invalid-transition',
      handoffSays('handoff.refused.rating-given', {
        title: milestone.title,
        label,
        who: customerNamed(milestone.customerRating),
      }),
    );
  return undefined;
}

/** Records a milestone's CSAT already validated by `customerActionRejection`. */
function rateMilestone(
  state: HandoffState,
  action: Extract<CustomerAction, { type: 'rate-milestone' }>,
  customer: PortalCustomer,
  now: Date,
): void {
  const milestone = state.milestones.find((each) => each.key === action.milestoneKey) as Milestone;
  const comment = blank(action.comment) ? undefined : action.comment!.trim();
  milestone.customerRating = {
    score: action.score,
    ...(comment ? { comment } : {}),
    name: customer.name.trim(),
    email: customer.email.trim(),
    at: now.toISOString(),
  };
  appendEvent(state, now, {
    type: 'handoff.customer-rated',
    actor: customer.email.trim(),
    milestoneKey: milestone.key,
    ...handoffSays('handoff.customer-rated', {
      title: milestone.title,
      label: handoffNamed(state),
      score: action.score,
      who: customerNamed(customer),
      comment,
    }),
    after: { score: action.score, comment: comment ?? null, via: 'portal' },
    notify: recipient(state, 'project_manager'),
  });
  state.seq += 1;
}

/** Applies a customer step already validated by `customerActionRejection`. */
export function applyCustomerAction(
  state: HandoffState,
  request: CustomerActionRequest,
  context: HandoffActionContext,
): void {
  const { action, customer } = request;
  const { now, calendar } = context;
  if (action.type === 'rate-milestone') return rateMilestone(state, action, customer, now);
  const at = now.toISOString();
  const label = handoffNamed(state);
  const signature: PortalSignature = {
    name: customer.name.trim(),
    email: customer.email.trim(),
    at,
    ...(blank(customer.ip) ? {} : { ip: customer.ip }),
    ...(blank(customer.userAgent) ? {} : { userAgent: customer.userAgent }),
    text: action.text.trim(),
  };
  const who = customerNamed(signature);
  switch (action.type) {
    case 'confirm-milestone': {
      const target = state.milestones.find((each) => each.key === action.milestoneKey) as Milestone;
      const before = { status: target.status };
      Object.assign(target, {
        status: 'done',
        completedAt: at,
        completedBy: signature.email,
        customerConfirmation: signature,
      });
      appendEvent(state, now, {
        type: 'handoff.customer-confirmed',
        actor: signature.email,
        milestoneKey: target.key,
        ...handoffSays('handoff.customer-confirmed', { title: target.title, label, who, text: signature.text }),
        before,
        after: { status: 'done', confirmedBy: signature.name, from: signature.ip ?? null },
        notify: recipient(state, 'project_manager'),
      });
      break;
    }
    case 'accept': {
      const acceptance = state.milestones.find((each) => each.customerSignOff);
      state.customerAcceptance = {
        signedBy: signature.name,
        ...(blank(action.title) ? {} : { signedByTitle: action.title!.trim() }),
        signedOn: today(now),
        evidence: { note: `Signed in the customer portal: "${signature.text}"` },
        recordedBy: signature.email,
        recordedAt: at,
        portal: signature,
      };
      appendEvent(state, now, {
        type: 'handoff.customer-sign-off',
        actor: signature.email,
        ...(acceptance ? { milestoneKey: acceptance.key } : {}),
        ...handoffSays('handoff.customer-sign-off.portal', { label, who, date: today(now), text: signature.text }),
        after: {
          signedBy: signature.name,
          signedOn: today(now),
          via: 'portal',
          from: signature.ip ?? null,
          userAgent: signature.userAgent ?? null,
        },
        notify: recipient(state, 'project_manager'),
      });
      break;
    }
  }
  state.seq += 1;
  pruneFiredAlarms(state, calendar);
}

/** The steps the customer can take now (the portal's to-do list, and staff's "waiting on the customer"). */
export function pendingCustomerSteps(state: HandoffState): PendingCustomerStep[] {
  if (state.stage !== 'kicked_off') return [];
  const steps: PendingCustomerStep[] = [];
  for (const milestone of state.milestones) {
    if (milestone.status === 'done' || !CUSTOMER_CONFIRMED_MILESTONES.includes(milestone.key)) continue;
    steps.push({
      kind: 'confirm-milestone',
      milestoneKey: milestone.key,
      title: milestone.title,
      dueDate: milestone.dueDate,
    });
  }
  // Once anyone recorded the acceptance (staff on the customer's behalf too), it no longer waits on them,
  // as the reminders count it (customer-reminders.ts).
  if (!state.customerAcceptance) {
    const acceptance = state.milestones.find((each) => each.customerSignOff);
    steps.push({ kind: 'accept', ...(acceptance ? { dueDate: acceptance.dueDate } : {}) });
  }
  return steps;
}
