/**
 * The case events a subscriber hears of (issue 18): a case created, its stage changed, overdue,
 * escalated, won or lost, accepted, renewed or churned. Pure: the projection computes them in the
 * transaction that stores the case, so each is written once with the change that caused it.
 */

export const CASE_EVENT_KINDS = [
  'created',
  'stage-changed',
  'overdue',
  'escalated',
  'won',
  'lost',
  'accepted',
  'renewed',
  'churned',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export interface TimelineEntry {
  n: number;
  at: string;
  type: string;
  summary: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** What a timeline entry says besides stages (created and stage changes come from the stage history). */
export function timelineEventKinds(entry: TimelineEntry): CaseEventKind[] {
  const kinds: CaseEventKind[] = [];
  const { type } = entry;
  if (/overdue|missed/.test(type)) kinds.push('overdue');
  if (/escalat/.test(type)) kinds.push('escalated');
  if (/\.(converted|won|closed-won)$/.test(type)) kinds.push('won');
  if (/\.(lost|closed-lost)$/.test(type)) kinds.push('lost');
  if (/\.accepted$/.test(type)) kinds.push('accepted');
  if (/\.(renewed|expanded|downgraded)$/.test(type)) kinds.push('renewed');
  if (/\.churned$/.test(type)) kinds.push('churned');
  return kinds;
}

export interface CaseOwner {
  playbook: string;
  caseId: string;
  region: string;
  account: string;
}

/** One message for a subscriber, keyed so that the same event is the same message however often it is written. */
export interface CaseEventOut {
  messageId: string;
  kind: CaseEventKind;
  eventN: number;
  message: CaseEventMessage;
}

/**
 * The case events in one projection: the case's creation and each stage it entered (from its stage
 * history, index by index, so each is one message even when several land in one write), and the
 * timeline's other events.
 */
export function caseEventsOf(
  owner: CaseOwner,
  stageHistory: readonly { stage: string; enteredAt: string }[],
  entries: readonly TimelineEntry[],
): CaseEventOut[] {
  const out: CaseEventOut[] = stageHistory.map((entered, index) => {
    const kind: CaseEventKind = index === 0 ? 'created' : 'stage-changed';
    const before = index === 0 ? undefined : stageHistory[index - 1]!.stage;
    return {
      messageId: `${owner.caseId}:stage:${index}`,
      kind,
      eventN: index,
      message: {
        type: `case.${kind}`,
        ...owner,
        eventN: index,
        at: entered.enteredAt,
        summary: index === 0 ? `${owner.account}: ${entered.stage}` : `${owner.account}: ${before} → ${entered.stage}`,
        stage: { ...(before ? { before } : {}), after: entered.stage },
      },
    };
  });
  for (const entry of entries) {
    for (const kind of timelineEventKinds(entry)) {
      out.push({
        messageId: `${owner.caseId}:${entry.n}:${kind}`,
        kind,
        eventN: entry.n,
        message: { type: `case.${kind}`, ...owner, eventN: entry.n, at: entry.at, summary: entry.summary },
      });
    }
  }
  return out;
}

/** The JSON a subscriber receives for one case event. */
export interface CaseEventMessage {
  type: `case.${CaseEventKind}`;
  playbook: string;
  caseId: string;
  region: string;
  account: string;
  eventN: number;
  at: string;
  summary: string;
  stage?: { before?: string; after?: string };
}
