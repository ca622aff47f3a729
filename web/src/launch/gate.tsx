import type { ReactNode } from 'react';
import type { LaunchGate, LaunchState } from '../api/types';
import { Badge } from '../components/ui';
import { formatInstant } from '../lib/format';
import type { useI18n } from '../lib/i18n';

type I18n = ReturnType<typeof useI18n>;

const SETTLED = new Set(['done', 'skipped']);

/** What a gate still waits on: its open required items and the roles that have not signed. */
export function gateGaps(state: LaunchState, gate: LaunchGate) {
  const openItems = gate.requiredItems
    .map((key) => state.items.find((item) => item.key === key))
    .filter((item) => item && !SETTLED.has(item.status));
  const missingSignOffs = gate.signOffs.filter((role) => !gate.signedOff.some((signed) => signed.role === role));
  return { openItems: openItems.map((item) => item!), missingSignOffs };
}

/** The go/no-go readiness of a run in one badge. */
export function gateReadiness(state: LaunchState, { t, locale }: I18n): ReactNode {
  const gate = state.gates[0];
  if (!gate) return null;
  if (gate.decision?.outcome === 'go')
    return <Badge tone="good">{t('launches.passed', { date: formatInstant(gate.decision.at, locale) })}</Badge>;
  const { openItems, missingSignOffs } = gateGaps(state, gate);
  if (openItems.length === 0 && missingSignOffs.length === 0)
    return <Badge tone="good">{t('launches.readyForGo')}</Badge>;
  return (
    <Badge tone="warn">{t('launches.notReady', { open: openItems.length, signOffs: missingSignOffs.length })}</Badge>
  );
}
