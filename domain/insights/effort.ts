import type { Role } from '../shared/roles';

/**
 * Effort and the actor's role on a case's timeline (issue 21): what an action cost (minutes, as the
 * person acting says) and in which role they acted, so the insights can tell the time and people
 * each role puts into each step. Both ride on the action's Update request; the workflow stamps them
 * on the timeline events that action wrote. Pure: workflows import it.
 */

/** The most minutes one action may claim: a working day and a half. */
export const MAX_EFFORT_MINUTES = 720;

/**
 * Who acts besides staff in one of their roles: the customer on the portal, and an integration (a CRM) whose
 * events move a case. Their events carry this in place of a staff role, so the effort report shows them too.
 */
export type OutsideRole = 'customer' | 'integration';

/** What a portal step sends besides the action: the customer's role, and their email, the actor of their events. */
export const actingAsCustomer = (email: string) => ({ actorRole: 'customer' as const, actor: email });

/** What an action request may carry besides the action itself. */
export interface ActionEffort {
  /** The role the caller acted in (the API picks it from their roles at the time, or names an outside role). */
  actorRole?: Role | OutsideRole;
  /** Minutes the caller spent on this action, when they said. */
  effortMinutes?: number;
}

/** A timeline event as stamped: the role on every event the actor's action wrote, the minutes on its first only. */
export type StampedEvent = { n: number; actor?: string } & ActionEffort;

const validMinutes = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_EFFORT_MINUTES;

/**
 * Stamps the events after `eventsBefore` that the acting person wrote (an action may also make Baton
 * write some, e.g. a provisioning request) with the request's role and effort. Anything malformed is
 * left out rather than refused: the API validated it, and an old client sends none.
 */
export function stampActionEffort(
  state: { timeline: StampedEvent[] },
  eventsBefore: number,
  request: ActionEffort & { actor?: string },
): void {
  const role = typeof request.actorRole === 'string' && request.actorRole.length > 0 ? request.actorRole : undefined;
  const minutes = validMinutes(request.effortMinutes) ? request.effortMinutes : undefined;
  if (role === undefined && minutes === undefined) return;
  let first = true;
  for (const event of state.timeline) {
    if (event.n <= eventsBefore || (request.actor !== undefined && event.actor !== request.actor)) continue;
    if (role !== undefined) event.actorRole = role;
    if (first && minutes !== undefined) event.effortMinutes = minutes;
    first = false;
  }
}
