import { useState } from 'react';
import { ApiError, call, segment } from '../api/client';
import { Instant, Loading, ProblemNote, Section, TableHead } from '../components/ui';
import { useReferenceLists } from '../insights/reference-lists';
import { useI18n } from '../lib/i18n';
import { useRegionCalendars } from './region-calendars';
import { MappingHistory, useMappingHistory } from '../components/MappingHistory';

/**
 * Which calendar each region's new cases count on when their start names none: everyone sees it, ops
 * managers and admins set or remove a region's default (the API audits each change).
 */
export function RegionDefaults({ calendars, manage }: { calendars: { key: string; name: string }[]; manage: boolean }) {
  const { t, language } = useI18n();
  const mapped = useRegionCalendars();
  const lists = useReferenceLists();
  const kept = lists?.get('regions') ?? [];
  // Versioned mappings (issue 20): each change with who made it and why.
  const history = useMappingHistory('/api/region-calendars/history');
  const [reason, setReason] = useState('');
  const [region, setRegion] = useState('');
  const [calendar, setCalendar] = useState(calendars[0]?.key ?? 'mon-fri');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<{ region: string; calendar: string }>();
  const nameOf = (key: string) => calendars.find((entry) => entry.key === key)?.name ?? key;
  const regionLabel = (value: string) => kept.find((entry) => entry.value === value)?.labels[language] ?? value;

  async function change(method: 'PUT' | 'DELETE', target: string, body?: { calendar: string }) {
    const why = reason.trim() === '' ? undefined : reason.trim();
    const path = `/api/region-calendars/${segment(target)}`;
    try {
      if (body) await call(method, path, { body: { ...body, ...(why ? { reason: why } : {}) } });
      else await call(method, why ? `${path}?reason=${encodeURIComponent(why)}` : path);
      setError(undefined);
      setSaved(body ? { region: target, calendar: body.calendar } : undefined);
      setReason('');
      if (body) setRegion('');
      await Promise.all([mapped.reload(), history.reload()]);
    } catch (problem) {
      setSaved(undefined);
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }

  return (
    <Section title={t('calendars.regions')}>
      <p className="muted">{t('calendars.regionsIntro')}</p>
      {!mapped.data ? (
        mapped.error ? (
          <ProblemNote error={mapped.error} />
        ) : (
          <Loading />
        )
      ) : mapped.data.items.length === 0 ? (
        <p>{t('calendars.noRegions')}</p>
      ) : (
        <table data-testid="region-calendars">
          <TableHead
            columns={[
              t('calendars.region'),
              t('calendars.regionCalendar'),
              t('calendars.setBy'),
              t('calendars.setAt'),
              ...(manage ? [''] : []),
            ]}
          />
          <tbody>
            {mapped.data.items.map((row) => (
              <tr key={row.region}>
                <td>{regionLabel(row.region)}</td>
                <td>{nameOf(row.calendar)}</td>
                <td>{row.updatedBy}</td>
                <td>
                  <Instant value={row.updatedAt} />
                </td>
                {manage ? (
                  <td>
                    <button
                      type="button"
                      className="button secondary small"
                      aria-label={`${t('calendars.removeDefault')} ${row.region}`}
                      onClick={() => void change('DELETE', row.region)}
                    >
                      {t('calendars.removeDefault')}
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
            {t('calendars.region')}{' '}
            {kept.length > 0 ? (
              <select value={region} onChange={(event) => setRegion(event.target.value)}>
                <option value="">–</option>
                {kept.map((entry) => (
                  <option key={entry.value} value={entry.value}>
                    {entry.labels[language]}
                  </option>
                ))}
              </select>
            ) : (
              <input value={region} maxLength={63} onChange={(event) => setRegion(event.target.value.trim())} />
            )}
          </label>{' '}
          <label>
            {t('calendars.regionCalendar')}{' '}
            <select value={calendar} onChange={(event) => setCalendar(event.target.value)}>
              {calendars.map((entry) => (
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
            disabled={region === ''}
            onClick={() => void change('PUT', region, { calendar })}
          >
            {t('calendars.setDefault')}
          </button>
        </div>
      ) : null}
      {error ? <ProblemNote error={error} fields={['region', 'calendar']} /> : null}
      {saved ? (
        <p role="status">
          {t('calendars.defaultSaved', { region: regionLabel(saved.region), calendar: nameOf(saved.calendar) })}
        </p>
      ) : null}
      <MappingHistory
        history={history}
        subjectLabel={t('calendars.region')}
        nameOf={nameOf}
        testId="region-calendar-history"
      />
    </Section>
  );
}
