import { Context } from '@temporalio/activity';
import { localDate, localHour } from '../../domain/shared/local-time';
import type { DigestActivities } from '../../activities/shared/notices/digest';
import {
  digestPlanSignal,
  nextDigestQuery,
  personDigest,
  personDigestWorkflowId,
} from '../../workflows/shared/person-digest';
import { WORKFLOW_TEST_QUEUE, timeSkippingWorker } from '../helpers/time-skipping';

const DAY = 86_400_000;

/** How far a zone's clock is ahead of UTC at an instant, in hours. */
const offsetHours = (at: number, zone: string) =>
  (localHour(new Date(at), zone) - new Date(at).getUTCHours() + 24) % 24;

/** Of a few zones with daylight saving, the one whose clocks change soonest after `now`, and when. */
function soonestClockChange(now: number): { zone: string; changeAt: number } {
  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'America/Santiago', 'Pacific/Auckland'];
  const changes = zones.map((zone) => {
    for (let at = now; at < now + 400 * DAY; at += DAY / 4)
      if (offsetHours(at, zone) !== offsetHours(now, zone)) return { zone, changeAt: at };
    throw new Error(`${zone} has no clock change within a year`);
  });
  return changes.sort((a, b) => a.changeAt - b.changeAt)[0]!;
}

describe('personDigest (time-skipping)', () => {
  const sends: { email: string; date: string; at: string; firedAt: number }[] = [];
  const activities: DigestActivities = {
    async sendPersonDigest(request) {
      sends.push({ ...request, firedAt: Context.current().info.currentAttemptScheduledTimestampMs });
      return 'sent';
    },
  };
  const harness = timeSkippingWorker(activities);

  it("sends one digest a day at the person's hour in their zone, across a daylight-saving change", async () => {
    const { env } = harness;
    const now = await env.currentTimeMs();
    const { zone, changeAt } = soonestClockChange(now);
    const email = 'dora@hq.example';
    const handle = await env.client.workflow.start(personDigest, {
      workflowId: personDigestWorkflowId(email),
      taskQueue: WORKFLOW_TEST_QUEUE,
      args: [{ email, plan: { enabled: true, hour: 8, timeZone: zone } }],
    });
    // Past the change and beyond a month, so the run also continues as new on the way.
    await env.sleep(Math.max(changeAt + 3 * DAY, now + 40 * DAY) - now);

    const mine = sends.filter((send) => send.email === email);
    const dates = mine.map((send) => send.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (let i = 1; i < dates.length; i += 1) expect(Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)).toBe(DAY);
    // Each after the first (which may go out at once when 8:00 had passed) at 8:00 sharp, local.
    for (const send of mine.slice(1)) {
      const at = new Date(send.at);
      expect([localHour(at, zone), at.getUTCMinutes(), localDate(at, zone)]).toEqual([8, 0, send.date]);
      expect(send.firedAt).toBeGreaterThanOrEqual(at.getTime());
    }
    // Sends on both sides of the change: the same local hour, another UTC hour once the clocks moved.
    const offsetNow = offsetHours(now, zone);
    const before = mine.slice(1).filter((send) => offsetHours(Date.parse(send.at), zone) === offsetNow);
    const after = mine.slice(1).filter((send) => offsetHours(Date.parse(send.at), zone) !== offsetNow);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(Date.parse(after[0]!.at)).toBeGreaterThan(Date.parse(before.at(-1)!.at));
    expect(new Set(mine.slice(1).map((send) => new Date(send.at).getUTCHours())).size).toBe(2);
    expect(mine.length).toBeGreaterThan(31);
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);

    // A new hour moves the next digest at once; turning it off ends the workflow.
    await handle.signal(digestPlanSignal, { enabled: true, hour: 18, timeZone: zone });
    const next = new Date((await handle.query(nextDigestQuery))!);
    expect(localHour(next, zone)).toBe(18);
    const sentSoFar = sends.length;
    await env.sleep(2 * DAY);
    expect(sends.slice(sentSoFar).map((send) => localHour(new Date(send.at), zone))).toEqual([18, 18]);
    await handle.signal(digestPlanSignal, { enabled: false, hour: 18, timeZone: zone });
    await handle.result();
    expect(sends.length).toBe(sentSoFar + 2);
  });
});
