import type { Prisma } from '../../db/generated/client';
import { enqueueCaseEvents } from '../integrations/webhook-outbox';
import { refreshInsights } from './insights-rollups';
import type { CaseEvent } from './notices/audience';
import { insertNotices, noticeCase } from './notices/write';
import { insertOutboxRows, jsonColumn, type NotifyingEvent } from './outbox';
import type { TaskPlaybook } from './work-tasks';
import { refreshWorkTasks } from './work-tasks';

/** A projected timeline event of a POC trial, deal case, handoff or renewal, as its event table stores it. */
export type StoredCaseEvent = NotifyingEvent &
  CaseEvent & {
    at: string;
    actorRole?: string;
    effortMinutes?: number;
    cause?: object;
    message?: unknown;
    before?: unknown;
    after?: unknown;
  };

/** The columns every playbook's event table has, from one event (each table adds its case id and its own keys). */
export function eventColumns(event: StoredCaseEvent) {
  return {
    n: event.n,
    at: new Date(event.at),
    type: event.type,
    actor: event.actor,
    actorRole: event.actorRole ?? null,
    effortMinutes: event.effortMinutes ?? null,
    summary: event.summary,
    message: jsonColumn(event.message),
    before: jsonColumn(event.before),
    after: jsonColumn(event.after),
    cause: jsonColumn(event.cause),
  };
}

/**
 * What a case's projection does after writing its row, in the same transaction: its open tasks, its new events
 * (`insertEvents`, into its own table), the insights rollups of its chain (after its rows and events), the outbox
 * and notices for whom its events notify, and, given its stage history, the case events integrations subscribe to.
 */
export async function storeCaseEvents<E extends StoredCaseEvent>(
  tx: Prisma.TransactionClient,
  projected: {
    playbook: Exclude<TaskPlaybook, 'launch'>;
    caseId: string;
    /** How notices name the case, e.g. "Acme · OPP-1". */
    title: string;
    region: string;
    account: string;
    events: readonly E[];
    insertEvents(events: readonly E[]): Promise<unknown>;
    sinkNames: readonly string[];
    /** Subscribers hear of the case's creation, stage changes, escalations and outcome (issue 18). */
    stageHistory?: readonly { stage: string; enteredAt: string }[];
  },
): Promise<void> {
  const { playbook, caseId, region, events } = projected;
  await refreshWorkTasks(tx, playbook, caseId);
  if (events.length === 0) return refreshInsights(tx, caseId);
  await projected.insertEvents(events);
  await refreshInsights(tx, caseId);
  await insertOutboxRows(tx, caseId, events, projected.sinkNames);
  await insertNotices(tx, noticeCase(playbook, caseId, projected.title, [region]), events);
  if (projected.stageHistory) {
    const owner = { playbook, caseId, region, account: projected.account };
    await enqueueCaseEvents(tx, owner, projected.stageHistory, events);
  }
}
