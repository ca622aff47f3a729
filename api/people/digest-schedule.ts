import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Database } from '../../db/prisma';
import type { Person } from '../../db/generated/client';
import { readPreferences } from '../../activities/shared/notices/preferences';
import type { DigestPlan } from '../../domain/shared/digest-plan';
import { digestPlanSignal, personDigest, personDigestWorkflowId } from '../../workflows/shared/person-digest';

export interface DigestScheduler {
  /** Brings a person's digest workflow in line with their record: started, moved, or ended. */
  schedule(person: Pick<Person, 'email' | 'timeZone' | 'preferences'>): Promise<void>;
  /** At start: every person who wants a digest has its workflow (people imported or kept before it ran). */
  scheduleAll(db: Database): Promise<number>;
}

export function digestScheduler(client: Client, taskQueue: string): DigestScheduler {
  const planOf = (person: Pick<Person, 'timeZone' | 'preferences'>): DigestPlan => {
    const { digest } = readPreferences(person.preferences);
    return { enabled: digest.enabled, hour: digest.hour, timeZone: person.timeZone };
  };
  const scheduler: DigestScheduler = {
    async schedule(person) {
      const plan = planOf(person);
      const workflowId = personDigestWorkflowId(person.email);
      if (!plan.enabled) {
        try {
          await client.workflow.getHandle(workflowId).signal(digestPlanSignal, plan);
        } catch (error) {
          // Nobody to tell: the person never had a digest, or it already ended.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
        return;
      }
      await client.workflow.signalWithStart(personDigest, {
        workflowId,
        taskQueue,
        args: [{ email: person.email, plan }],
        signal: digestPlanSignal,
        signalArgs: [plan],
      });
    },
    async scheduleAll(db) {
      const people = await db.person.findMany({
        where: { preferences: { path: ['digest', 'enabled'], equals: true } },
        select: { email: true, timeZone: true, preferences: true },
      });
      for (const person of people) await scheduler.schedule(person);
      return people.length;
    },
  };
  return scheduler;
}
