import type { WorkingDays } from './business-calendar';
import { startOfDay } from './dated-alarms';
import { resolveOffset } from './schedule';
import type { Text } from './text';

/**
 * Reminders to a customer who has a portal step waiting on them (issue 16), on the case workflow's
 * durable timers like staff reminders. A step is waiting from the moment the customer can take it
 * (criteria once the trial is approved, a milestone once the ones before it are done, a proposal once
 * it is made). The invited contacts are reminded some business days later, and once more; at the
 * last reminder the customer is late and the case's owner (the project manager, the sales owner,
 * the customer-success owner) is told. A step taken stops its reminders: its alarms are gone.
 * Pure, so the workflow imports it.
 */

/** Business days after a step opened when the customer is reminded; at the last one they are late. */
export const CUSTOMER_REMINDER_DAYS: readonly number[] = [2, 5];

/** A step waiting on the customer, as the reminders see it. */
export interface WaitingCustomerStep {
  /** Unique on the case while waiting, e.g. `confirm-milestone:spec-confirmed`, `answer-proposal`. */
  key: string;
  /** The instant the customer could first take it. */
  since: string;
  /** What the customer is asked to do ("confirm the milestone "Spec"") in the case's catalog. */
  step: Text;
  /** The same as done ("confirmed the milestone "Spec""), for "the customer has not ... since ...". */
  done: Text;
  dueDate?: string;
}

/** A pending step's reminder key, as staff's list of waiting steps names it (`confirm-milestone` steps by milestone). */
export const reminderKeyOf = (step: { kind: string; milestoneKey?: string }): string =>
  step.kind === 'confirm-milestone' ? `confirm-milestone:${step.milestoneKey}` : step.kind;

/** What a reminder's timeline entry carries to the projection, which mails it to each invited contact. */
export interface CustomerReminderFacts {
  stepKey: string;
  step: Text;
  /** YYYY-MM-DD the step has waited since. */
  since: string;
  dueDate?: string;
  /** 1 for the first reminder, up to CUSTOMER_REMINDER_DAYS.length. */
  round: number;
}

/** A case's reminder book: kept in its state once the reminders are on (absent on cases recorded before). */
export interface CustomerReminderBook {
  /** When the case started reminding: a step older than this counts from here, so nobody gets a burst of old reminders. */
  from: string;
  /** Alarm ids already fired, so each fires once. */
  fired: string[];
  /** The last reminder per waiting step, for staff ("last reminded on ..."). */
  last: Record<string, { at: string; round: number; since: string }>;
}

export interface CustomerReminderAlarm {
  id: string;
  /** Epoch ms, the start of a UTC day. */
  at: number;
  step: WaitingCustomerStep;
  round: number;
  /** The last reminder: the customer is late and the case's owner is told. */
  late: boolean;
}

const laterOf = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Every reminder the waiting steps have, fired or not. Ids carry the step and when it opened, so a step opened again reminds again. */
export function customerReminderAlarms(
  steps: readonly WaitingCustomerStep[],
  book: CustomerReminderBook,
  calendar: WorkingDays,
): CustomerReminderAlarm[] {
  return steps.flatMap((step) => {
    const counted = laterOf(step.since, book.from).slice(0, 10);
    return CUSTOMER_REMINDER_DAYS.map((days, index) => ({
      id: `customer:${step.key}@${step.since}:reminder:${index + 1}`,
      at: startOfDay(resolveOffset(counted, { days, unit: 'business-days' }, calendar).date),
      step,
      round: index + 1,
      late: index === CUSTOMER_REMINDER_DAYS.length - 1,
    }));
  });
}

/** The facts a reminder's entry carries to the projection. */
export function reminderFacts(alarm: CustomerReminderAlarm): CustomerReminderFacts {
  return {
    stepKey: alarm.step.key,
    step: alarm.step.step,
    since: alarm.step.since.slice(0, 10),
    ...(alarm.step.dueDate ? { dueDate: alarm.step.dueDate } : {}),
    round: alarm.round,
  };
}

interface RemindingState {
  seq: number;
  customerReminders?: CustomerReminderBook;
}

/**
 * A playbook's customer reminders from what waits on its customer (`waiting`) and what a reminder
 * writes (`remind`): turning them on, the time until the next, and firing what is due. A case whose
 * book was never opened (recorded before reminders) has none.
 */
export function customerReminderClock<State extends RemindingState>(
  waiting: (state: State) => WaitingCustomerStep[],
  remind: (state: State, alarm: CustomerReminderAlarm, now: Date) => void,
) {
  const all = (state: State, calendar: WorkingDays) =>
    state.customerReminders ? customerReminderAlarms(waiting(state), state.customerReminders, calendar) : [];
  const pending = (state: State, calendar: WorkingDays) => {
    const fired = new Set(state.customerReminders?.fired ?? []);
    return all(state, calendar)
      .filter((alarm) => !fired.has(alarm.id))
      .sort((a, b) => a.at - b.at);
  };
  return {
    /** Opens the case's book (once): from now on its waiting steps remind the customer. */
    start(state: State, now: Date): void {
      state.customerReminders ??= { from: now.toISOString(), fired: [], last: {} };
    },
    pending,
    msUntilNext(state: State, calendar: WorkingDays, now: Date): number | undefined {
      const next = pending(state, calendar)[0];
      return next === undefined ? undefined : Math.max(0, next.at - now.getTime());
    },
    /** Fires every reminder whose day has come, one at a time; bumps `seq` once when any did. */
    fireDue(state: State, calendar: WorkingDays, now: Date): boolean {
      const book = state.customerReminders;
      if (!book) return false;
      let changed = false;
      for (;;) {
        const alarm = pending(state, calendar).find((candidate) => candidate.at <= now.getTime());
        if (!alarm) break;
        changed = true;
        book.fired.push(alarm.id);
        book.last[alarm.step.key] = { at: now.toISOString(), round: alarm.round, since: alarm.step.since };
        remind(state, alarm, now);
      }
      if (!changed) return false;
      // Steps taken since have no alarms any more: forget them, so the book stays small.
      const current = all(state, calendar);
      book.fired = book.fired.filter((id) => current.some((alarm) => alarm.id === id));
      const keys = new Set(current.map((alarm) => alarm.step.key));
      for (const key of Object.keys(book.last)) if (!keys.has(key)) delete book.last[key];
      state.seq += 1;
      return true;
    },
    /** When the customer was last reminded of each step still waiting (by step key), and how often. */
    reminded(state: State): Record<string, { at: string; round: number }> {
      const book = state.customerReminders;
      if (!book) return {};
      return Object.fromEntries(
        waiting(state).flatMap((step) => {
          const last = book.last[step.key];
          return last && last.since === step.since ? [[step.key, { at: last.at, round: last.round }]] : [];
        }),
      );
    },
  };
}

type Clock<State extends RemindingState> = ReturnType<typeof customerReminderClock<State>>;

/**
 * A case loop's alarm entry points with the customer reminders beside the playbook's own alarms:
 * the sooner of the two waits, and firing both. `on` is false for a case recorded before reminders.
 */
export function withCustomerReminders<State extends RemindingState>(
  clock: Clock<State>,
  on: boolean,
  state: State,
  calendar: WorkingDays,
  alarms: { msUntilNext(now: Date): number | undefined; fire(now: Date): unknown },
) {
  return {
    msUntilNextAlarm(now: Date): number | undefined {
      const own = alarms.msUntilNext(now);
      const customer = on ? clock.msUntilNext(state, calendar, now) : undefined;
      if (own === undefined) return customer;
      return customer === undefined ? own : Math.min(own, customer);
    },
    fireAlarms(now: Date): void {
      alarms.fire(now);
      if (on) clock.fireDue(state, calendar, now);
    },
  };
}
