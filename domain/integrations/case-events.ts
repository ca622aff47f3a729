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
  if (/\.(accepted|package-accepted)$/.test(type)) kinds.push('accepted');
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
  return [...out, ...timelineCaseEvents(owner, entries)];
}

/** The timeline's events besides stages: overdue, escalated, won, lost, accepted, renewed, churned. */
export function timelineCaseEvents(owner: CaseOwner, entries: readonly TimelineEntry[]): CaseEventOut[] {
  return entries.flatMap((entry) =>
    timelineEventKinds(entry).map((kind) => ({
      messageId: `${owner.caseId}:${entry.n}:${kind}`,
      kind,
      eventN: entry.n,
      message: { type: `case.${kind}`, ...owner, eventN: entry.n, at: entry.at, summary: entry.summary },
    })),
  );
}

/**
 * Stage events of a playbook that keeps no stage history but says each status move on its timeline
 * (a launch run: started, then launched, cancelled or closed): its first entry created the case in
 * `firstStage`, and each entry of the case itself (`ofCase`: not one about an item, whose status is
 * the item's) whose `before`/`after` name different statuses changed it.
 */
export function entryStageEvents(
  owner: CaseOwner,
  entries: readonly TimelineEntry[],
  firstStage: string,
  ofCase: (entry: TimelineEntry) => boolean,
): CaseEventOut[] {
  return entries.flatMap((entry): CaseEventOut[] => {
    if (entry.n === 1) return [stageEvent(owner, `${owner.caseId}:stage:0`, entry.n, entry.at, undefined, firstStage)];
    if (!ofCase(entry)) return [];
    const before = stageNamed(entry.before);
    const after = stageNamed(entry.after);
    if (!after || before === after) return [];
    return [stageEvent(owner, `${owner.caseId}:${entry.n}:stage-changed`, entry.n, entry.at, before, after)];
  });
}

/**
 * The stage event of a playbook whose stage follows from its state without a timeline entry of its
 * own (a renewal's stage is its term's first open step): what the read model stored before this
 * write against what it stores now. The message id names the term and stage entered, so the same
 * move written again (a retried projection) is the same message.
 */
export function storedStageEvent(
  owner: CaseOwner,
  stored: { stage: string; term: number } | null,
  now: { stage: string; term: number; enteredAt: string },
  eventN: number,
): CaseEventOut | null {
  if (!stored) return stageEvent(owner, `${owner.caseId}:stage:0`, eventN, now.enteredAt, undefined, now.stage);
  if (stored.stage === now.stage && stored.term === now.term) return null;
  const id = `${owner.caseId}:stage:${now.term}:${now.stage}`;
  return stageEvent(owner, id, eventN, now.enteredAt, stored.stage, now.stage);
}

function stageNamed(values: Record<string, unknown> | undefined): string | undefined {
  const named = values?.stage ?? values?.status;
  return typeof named === 'string' ? named : undefined;
}

function stageEvent(
  owner: CaseOwner,
  messageId: string,
  eventN: number,
  at: string,
  before: string | undefined,
  after: string,
): CaseEventOut {
  const kind: CaseEventKind = before === undefined ? 'created' : 'stage-changed';
  return {
    messageId,
    kind,
    eventN,
    message: {
      type: `case.${kind}`,
      ...owner,
      eventN,
      at,
      summary: before === undefined ? `${owner.account}: ${after}` : `${owner.account}: ${before} → ${after}`,
      stage: { ...(before ? { before } : {}), after },
    },
  };
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
