import type { CaseEventKind } from '../../../domain/integrations/case-events';

/** What the integration admin routes answer (api/integrations), as the board reads it. */

export interface SourceSummary {
  source: string;
  configured: boolean;
  shipped: boolean;
  latestVersion: number | null;
  openDeadLetters: number;
}

export interface MappingVersion {
  version: number;
  createdBy: string;
  createdAt: string | null;
  mapping: Record<string, unknown>;
}

export interface DryRun {
  version: number | null;
  ok: boolean;
  problems: string[];
  facts?: Record<string, unknown>;
  commands: string[];
  workflowId?: string;
}

export interface DeadLetter {
  id: string;
  source: string;
  eventId: string | null;
  receivedAt: string;
  reason: 'signature' | 'timestamp' | 'malformed' | 'unmappable' | 'refused';
  problem: string;
  payload: string;
  verified: boolean;
  replayedAt: string | null;
  replayedBy: string | null;
  replayOutcome: string | null;
}

export interface EventApplied {
  eventId: string;
  mappingVersion: number;
  duplicate: boolean;
  outcomes: { command: string; workflowId: string; outcome: string }[];
}

export interface Subscription {
  id: string;
  url: string;
  kinds: CaseEventKind[];
  enabled: boolean;
  failureStreak: number;
  disabledAt: string | null;
  disabledWhy: string | null;
  createdBy: string;
  createdAt: string;
}

export interface Delivery {
  messageId: string;
  caseId: string;
  eventN: number;
  kind: string;
  status: 'pending' | 'sending' | 'delivered';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
