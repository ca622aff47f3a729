import { get } from '../api/client';
import { useI18n } from '../lib/i18n';
import { useLive, type Live } from '../lib/live';
import { Instant, Loading, ProblemNote, TableHead } from './ui';

/** One change of a versioned mapping (GET /api/region-calendars/history, /api/renewal-tier-templates/history). */
export interface MappingChange {
  subject: string;
  version: number;
  before: string | null;
  after: string | null;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

/** A mapping's history as the API keeps it, read once a minute (and again after a change here). */
export function useMappingHistory(path: string): Live<{ items: MappingChange[] }> {
  return useLive(path, (signal) => get<{ items: MappingChange[] }>(path, signal), 60);
}

/**
 * Versioned mappings (issue 20): every change of a region's calendar or a tier's template, newest first:
 * the region or tier and its version, what it mapped to before and after, who changed it, when and why.
 */
export function MappingHistory({
  history,
  subjectLabel,
  nameOf,
  testId,
}: {
  history: Live<{ items: MappingChange[] }>;
  subjectLabel: string;
  nameOf: (value: string) => string;
  testId: string;
}) {
  const { t } = useI18n();
  if (!history.data) return history.error ? <ProblemNote error={history.error} /> : <Loading />;
  if (history.data.items.length === 0) return <p className="muted">{t('mappings.noChanges')}</p>;
  const shown = (value: string | null) => (value === null ? <span className="muted">–</span> : nameOf(value));
  return (
    <table data-testid={testId}>
      <caption>{t('mappings.history')}</caption>
      <TableHead
        columns={[
          subjectLabel,
          t('mappings.version'),
          t('mappings.before'),
          t('mappings.after'),
          t('mappings.changedBy'),
          t('mappings.changedAt'),
          t('mappings.reason'),
        ]}
      />
      <tbody>
        {history.data.items.map((change) => (
          <tr key={`${change.subject}:${change.version}`}>
            <td>{change.subject}</td>
            <td>v{change.version}</td>
            <td>{shown(change.before)}</td>
            <td>{shown(change.after)}</td>
            <td>{change.changedBy}</td>
            <td>
              <Instant value={change.changedAt} />
            </td>
            <td>{change.reason ?? <span className="muted">{t('mappings.noReason')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
