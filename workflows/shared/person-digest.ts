import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { DigestActivities } from '../../activities/shared/notices/digest';
import { nextDigest, type DigestPlan } from '../../domain/shared/digest-plan';
import { DELIVERY_OPTIONS } from './activity-options';

/** A person's digest plan changed (hour, time zone, or turned off). */
export const digestPlanSignal = defineSignal<[DigestPlan]>('digestPlan');
/** When the next digest goes out, as an ISO instant (none once the plan is off). */
export const nextDigestQuery = defineQuery<string | null>('nextDigest');

export interface PersonDigestInput {
  email: string;
  plan: DigestPlan;
  /** The local date of the last digest sent, carried across continue-as-new. */
  lastDate?: string;
}

/** The workflow id of a person's digest: one per person, so a plan change signals the running one. */
export const personDigestWorkflowId = (email: string) => `digest:${email}`;

const { sendPersonDigest } = proxyActivities<DigestActivities>(DELIVERY_OPTIONS);

/** A month of digests per run keeps the history short. */
const DIGESTS_PER_RUN = 31;

/**
 * Sends one person their daily digest at their hour in their time zone, on a durable timer: the
 * hour stays theirs across daylight-saving changes, a worker restart or an outage sends a missed
 * digest late rather than never, and a plan change moves the timer at once. Ends when the plan is off.
 */
export async function personDigest(input: PersonDigestInput): Promise<void> {
  let plan = input.plan;
  let lastDate = input.lastDate;
  let planChanged = false;
  let next: number | null = null;
  setHandler(digestPlanSignal, (changed) => {
    plan = changed;
    planChanged = true;
  });
  setHandler(nextDigestQuery, () => (next === null ? null : new Date(next).toISOString()));

  for (let sent = 0; sent < DIGESTS_PER_RUN && !workflowInfo().continueAsNewSuggested;) {
    if (!plan.enabled) return;
    const due = nextDigest(Date.now(), plan, lastDate);
    next = due.at;
    planChanged = false;
    const wait = due.at - Date.now();
    if (wait > 0 && (await condition(() => planChanged, wait))) continue;
    await sendPersonDigest({ email: input.email, date: due.date, at: new Date(due.at).toISOString() });
    lastDate = due.date;
    sent += 1;
  }
  await continueAsNew<typeof personDigest>({ email: input.email, plan, lastDate });
}
