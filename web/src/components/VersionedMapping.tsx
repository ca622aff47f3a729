import { useState, type ReactNode } from 'react';
import { ApiError, call, get, segment } from '../api/client';
import { useLive } from '../lib/live';
import { useI18n } from '../lib/i18n';
import { MappingHistory, useMappingHistory } from './MappingHistory';
import { Instant, Loading, ProblemNote, Section, TableHead } from './ui';

/** One row of a versioned mapping's list (GET /api/region-calendars, /api/renewal-tier-templates). */
export type MappingRow = Record<string, string> & { updatedBy: string; updatedAt: string };

/** What a mapping section says, in the reader's language. */
export interface MappingTexts {
  title: string;
  intro: string;
  none: string;
  subject: string;
  value: string;
  setBy: string;
  setAt: string;
  remove: string;
  set: string;
  saved(subject: string, value: string): string;
}

/**
 * A versioned mapping (issue 20) from a subject (a region, a customer tier) to a value (a calendar, a
 * renewal template): everyone sees the table and its history; managers set or remove a subject's value,
 * with a reason the history keeps (the API audits and numbers each change).
 */
export function VersionedMapping({
  path,
  fields,
  values,
  subjects,
  showValueKey = false,
  manage,
  texts,
  testId,
}: {
  /** The list's path; a subject's is `${path}/<subject>` and the history's `${path}/history`. */
  path: string;
  /** The row's and the PUT body's field names, e.g. region and calendar. */
  fields: { subject: string; value: string };
  values: readonly { key: string; name: string }[];
  /** The subjects admins keep (e.g. the regions list): a choice among them; free text when none are kept. */
  subjects?: readonly { value: string; label: string }[];
  /** Show each value's key beside its name (template keys, which API callers use). */
  showValueKey?: boolean;
  manage: boolean;
  texts: MappingTexts;
  /** The table's test id; its history's is `${testId}-history`. */
  testId: string;
}) {
  const { t } = useI18n();
  const mapped = useLive(path, (signal) => get<{ items: MappingRow[] }>(path, signal), 60);
  const history = useMappingHistory(`${path}/history`);
  const [reason, setReason] = useState('');
  const [subject, setSubject] = useState('');
  const [value, setValue] = useState(values[0]?.key ?? '');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<{ subject: string; value: string }>();
  const nameOf = (key: string) => values.find((entry) => entry.key === key)?.name ?? key;
  const subjectLabel = (key: string) => subjects?.find((entry) => entry.value === key)?.label ?? key;
  const valueCell = (key: string): ReactNode =>
    showValueKey ? (
      <>
        {nameOf(key)} <code>{key}</code>
      </>
    ) : (
      nameOf(key)
    );

  async function change(target: string, newValue?: string) {
    const why = reason.trim() === '' ? undefined : reason.trim();
    const at = `${path}/${segment(target)}`;
    try {
      if (newValue !== undefined)
        await call('PUT', at, { body: { [fields.value]: newValue, ...(why ? { reason: why } : {}) } });
      else await call('DELETE', why ? `${at}?reason=${encodeURIComponent(why)}` : at);
      setError(undefined);
      setSaved(newValue !== undefined ? { subject: target, value: newValue } : undefined);
      setReason('');
      if (newValue !== undefined) setSubject('');
      await Promise.all([mapped.reload(), history.reload()]);
    } catch (problem) {
      setSaved(undefined);
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }

  return (
    <Section title={texts.title}>
      <p className="muted">{texts.intro}</p>
      {!mapped.data ? (
        mapped.error ? (
          <ProblemNote error={mapped.error} />
        ) : (
          <Loading />
        )
      ) : mapped.data.items.length === 0 ? (
        <p>{texts.none}</p>
      ) : (
        <table data-testid={testId}>
          <TableHead columns={[texts.subject, texts.value, texts.setBy, texts.setAt, ...(manage ? [''] : [])]} />
          <tbody>
            {mapped.data.items.map((row) => (
              <tr key={row[fields.subject]}>
                <td>{subjectLabel(row[fields.subject]!)}</td>
                <td>{valueCell(row[fields.value]!)}</td>
                <td>{row.updatedBy}</td>
                <td>
                  <Instant value={row.updatedAt} />
                </td>
                {manage ? (
                  <td>
                    <button
                      type="button"
                      className="button secondary small"
                      aria-label={`${texts.remove} ${row[fields.subject]}`}
                      onClick={() => void change(row[fields.subject]!)}
                    >
                      {texts.remove}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage ? (
        <div className="form-row">
          <label>
            {texts.subject}{' '}
            {subjects && subjects.length > 0 ? (
              <select value={subject} onChange={(event) => setSubject(event.target.value)}>
                <option value="">–</option>
                {subjects.map((entry) => (
                  <option key={entry.value} value={entry.value}>
                    {entry.label}
                  </option>
                ))}
              </select>
            ) : (
              <input value={subject} maxLength={63} onChange={(event) => setSubject(event.target.value.trim())} />
            )}
          </label>{' '}
          <label>
            {texts.value}{' '}
            <select value={value} onChange={(event) => setValue(event.target.value)}>
              {values.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('mappings.reasonField')}{' '}
            <input value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
          </label>{' '}
          <button
            type="button"
            className="button primary"
            disabled={subject === '' || value === ''}
            onClick={() => void change(subject, value)}
          >
            {texts.set}
          </button>
        </div>
      ) : null}
      {error ? <ProblemNote error={error} fields={[fields.subject, fields.value]} /> : null}
      {saved ? <p role="status">{texts.saved(subjectLabel(saved.subject), nameOf(saved.value))}</p> : null}
      <MappingHistory history={history} subjectLabel={texts.subject} nameOf={nameOf} testId={`${testId}-history`} />
    </Section>
  );
}
