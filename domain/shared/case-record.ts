/** What requested cases (POC trials, deal-support cases) record alike: how they start, how they end. */

/** A new case: asked for by someone, in stage `requested`. */
export function requestedStage(at: string, requestedBy: string) {
  return {
    requestedAt: at,
    requestedBy,
    stage: 'requested' as const,
    stageEnteredAt: at,
    stageHistory: [{ stage: 'requested' as const, enteredAt: at, by: requestedBy }],
  };
}

/** How a case ended, as the read model stores it (what was not said is null). */
export interface ProjectedOutcome {
  stage: string;
  at: string;
  by: string;
  lossReason: string | null;
  reason: string | null;
  note: string | null;
}

export function projectedOutcome(outcome: {
  stage: string;
  at: string;
  by: string;
  lossReason?: string;
  reason?: string;
  note?: string;
}): ProjectedOutcome {
  return {
    stage: outcome.stage,
    at: outcome.at,
    by: outcome.by,
    lossReason: outcome.lossReason ?? null,
    reason: outcome.reason ?? null,
    note: outcome.note ?? null,
  };
}
