import { localDate, localInstant, nextDate } from './local-time';

/** When a person wants their daily digest; a person without one has `enabled: false`. */
export interface DigestPlan {
  enabled: boolean;
  /** Local hour, 0-23. */
  hour: number;
  timeZone: string;
}

/**
 * The next digest: today's at the chosen hour when that is still ahead, or at once when it has
 * passed and today's was not sent yet (someone who chooses a digest at noon gets today's), else
 * tomorrow's. `lastDate` is the local date of the last digest sent.
 */
export function nextDigest(now: number, plan: DigestPlan, lastDate: string | undefined): { at: number; date: string } {
  const today = localDate(new Date(now), plan.timeZone);
  const todayAt = localInstant(today, plan.hour, plan.timeZone);
  if (todayAt > now) return { at: todayAt, date: today };
  if (lastDate !== today) return { at: now, date: today };
  const tomorrow = nextDate(today);
  return { at: localInstant(tomorrow, plan.hour, plan.timeZone), date: tomorrow };
}
