import { useMemo, useState } from 'react';
import { ApiError, call, get, segment } from '../api/client';
import { Loading, PageHeader, ProblemNote, Section, TableHead } from '../components/ui';
import { useCan } from '../lib/auth';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useLive } from '../lib/live';
import { Link, useSearchParams } from 'react-router';
import { dayKind, monthWeeks, type CalendarDefinition, type DayKind } from './year';
import { RegionDefaults } from './RegionDefaults';

interface StoredCalendar {
  key: string;
  name: string;
  updatedBy: string;
  updatedAt: string;
  definition: CalendarDefinition;
}

interface CalendarCase {
  playbook: CalendarUsage['playbooks'][number]['playbook'];
  id: string;
  name: string;
  regions: string[];
}

/** Where each playbook's case page is on the board. */
const CASE_PATH: Record<CalendarCase['playbook'], string> = {
  launch: '/launches',
  poc: '/pocs',
  deal: '/deals',
  handoff: '/handoffs',
  renewal: '/renewals',
};

interface CalendarUsage {
  playbooks: { playbook: 'launch' | 'poc' | 'deal' | 'handoff' | 'renewal'; open: number; total: number }[];
}

const PLAYBOOK_LABEL: Record<CalendarUsage['playbooks'][number]['playbook'], MessageKey> = {
  launch: 'nav.launches',
  poc: 'nav.pocs',
  deal: 'nav.deals',
  handoff: 'nav.handoffs',
  renewal: 'nav.renewals',
};

/**
 * Working-day calendars on the board: a year at a glance, holidays and adjusted working days (调休)
 * edited by ops managers and admins, which years are approximate, and which cases run on the calendar.
 */
export function CalendarsPage() {
  const { t } = useI18n();
  const manage = useCan().may('calendar:manage');
  const [params, setParams] = useSearchParams();
  const calendars = useLive(
    'calendars',
    (signal) => get<{ items: { key: string; name: string }[] }>('/api/calendars', signal),
    60,
  );
  const key = params.get('calendar') ?? calendars.data?.items[0]?.key;
  const year = Number(params.get('year')) || new Date().getFullYear();
  const choose = (next: { calendar?: string; year?: number }) =>
    setParams({ calendar: next.calendar ?? key ?? '', year: String(next.year ?? year) });

  return (
    <>
      <PageHeader title={t('calendars.title')} intro={t('calendars.intro')} />
      {!calendars.data ? (
        calendars.error ? (
          <ProblemNote error={calendars.error} onRetry={() => void calendars.reload()} />
        ) : (
          <Loading />
        )
      ) : (
        <div className="form-row">
          <label>
            {t('calendars.calendar')}{' '}
            <select value={key} onChange={(event) => choose({ calendar: event.target.value })}>
              {calendars.data.items.map((item) => (
                <option key={item.key} value={item.key}>
                  {item.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" className="button secondary small" onClick={() => choose({ year: year - 1 })}>
            {t('calendars.previousYear', { year: year - 1 })}
          </button>{' '}
          <strong aria-live="polite">{year}</strong>{' '}
          <button type="button" className="button secondary small" onClick={() => choose({ year: year + 1 })}>
            {t('calendars.nextYear', { year: year + 1 })}
          </button>
        </div>
      )}
      {key ? <CalendarYear key={key} calendarKey={key} year={year} manage={manage} /> : null}
      {calendars.data ? <RegionDefaults calendars={calendars.data.items} manage={manage} /> : null}
    </>
  );
}

function CalendarYear({ calendarKey, year, manage }: { calendarKey: string; year: number; manage: boolean }) {
  const { t, language } = useI18n();
  const path = `/api/calendars/${segment(calendarKey)}`;
  const stored = useLive(path, (signal) => get<StoredCalendar>(path, signal), 60);
  const usage = useLive(`${path}/usage`, (signal) => get<CalendarUsage>(`${path}/usage`, signal), 60);
  const cases = useLive(
    `${path}/cases`,
    (signal) => (manage ? get<{ items: CalendarCase[] }>(`${path}/cases`, signal) : Promise.resolve({ items: [] })),
    60,
  );
  const [draft, setDraft] = useState<CalendarDefinition>();
  const [selection, setSelected] = useState<string>();
  // A day picked in another year is not on screen.
  const selected = selection?.startsWith(`${year}-`) ? selection : undefined;
  const [entryName, setEntryName] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const calendar = draft ?? stored.data?.definition;
  const dirty = draft !== undefined;

  const months = useMemo(() => Array.from({ length: 12 }, (_, month) => monthWeeks(year, month)), [year]);
  if (!calendar) return stored.error ? <ProblemNote error={stored.error} /> : <Loading />;

  const change = (next: CalendarDefinition) => {
    setDraft(next);
    setSaved(false);
    setEntryName('');
  };
  const covered = calendar.coveredYears.includes(year);
  const tracksHolidays = calendar.holidays.length > 0 || calendar.coveredYears.length > 0;
  const selectedKind = selected ? dayKind(calendar, selected) : undefined;

  async function save() {
    if (!draft) return;
    try {
      await call('PUT', `/api/calendars/${segment(calendarKey)}`, { body: draft });
      setDraft(undefined);
      setError(undefined);
      setSaved(true);
      await Promise.all([stored.reload(), usage.reload()]);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  }

  return (
    <>
      <p className="muted" data-testid="covered-years">
        {calendar.coveredYears.length > 0
          ? t('calendars.coveredYears', { years: calendar.coveredYears.join(', ') })
          : tracksHolidays
            ? t('calendars.noCoveredYears')
            : null}
      </p>
      {tracksHolidays && !covered ? (
        <p className="banner warn" role="note" data-testid="approximate-year">
          {t('calendars.approximate', { year })}
        </p>
      ) : null}
      <ul className="calendar-legend" aria-label={t('calendars.legend')}>
        {(['working', 'weekend', 'holiday', 'workday'] as const).map((kind) => (
          <li key={kind}>
            <span className={`calendar-day ${kind}`} aria-hidden="true" /> {t(`calendars.kind.${kind}`)}
          </li>
        ))}
      </ul>
      <div className="calendar-year">
        {months.map((weeks, month) => (
          <table key={month} className="calendar-month">
            <caption>
              {new Date(Date.UTC(year, month, 1)).toLocaleDateString(language === 'zh' ? 'zh-CN' : 'en', {
                month: 'long',
                timeZone: 'UTC',
              })}
            </caption>
            <thead>
              <tr>
                {weekdayNames(language).map((name, day) => (
                  // Narrow names repeat (T, S): the column is the key.
                  <th key={day} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week, index) => (
                <tr key={index}>
                  {week.map((date, column) =>
                    date ? (
                      <td key={date}>
                        <DayButton
                          date={date}
                          kind={dayKind(calendar, date)}
                          selected={date === selected}
                          onSelect={() => {
                            setSelected(date);
                            setEntryName('');
                          }}
                        />
                      </td>
                    ) : (
                      <td key={`blank-${column}`} />
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>

      {selected && selectedKind ? (
        <Section title={t('calendars.selected', { date: selected })}>
          <p data-testid="selected-day">{describe(t, selectedKind)}</p>
          {manage ? (
            <DayEditor
              kind={selectedKind}
              name={entryName}
              onName={setEntryName}
              onChange={(next) => change(next(calendar, selected))}
            />
          ) : null}
        </Section>
      ) : null}

      {manage ? (
        <Section title={t('calendars.editing')}>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={covered}
              onChange={(event) =>
                change({
                  ...calendar,
                  coveredYears: event.target.checked
                    ? [...calendar.coveredYears, year].sort((a, b) => a - b)
                    : calendar.coveredYears.filter((covered) => covered !== year),
                })
              }
            />{' '}
            {t('calendars.covered', { year })}
          </label>
          {error ? <ProblemNote error={error} /> : null}
          <p role="status">{dirty ? t('calendars.unsaved') : saved ? t('calendars.saved') : t('calendars.pinned')}</p>
          <button type="button" className="button primary" disabled={!dirty} onClick={() => void save()}>
            {t('calendars.save')}
          </button>{' '}
          <button
            type="button"
            className="button secondary"
            disabled={!dirty}
            onClick={() => {
              setDraft(undefined);
              setError(undefined);
            }}
          >
            {t('calendars.discard')}
          </button>
        </Section>
      ) : null}

      <Section title={t('calendars.usage')}>
        {usage.data ? (
          <table data-testid="calendar-usage">
            <TableHead columns={[t('calendars.playbook'), t('calendars.open'), t('calendars.total')]} />
            <tbody>
              {usage.data.playbooks.map((row) => (
                <tr key={row.playbook}>
                  <td>{t(PLAYBOOK_LABEL[row.playbook])}</td>
                  <td>{row.open}</td>
                  <td>{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : usage.error ? (
          <ProblemNote error={usage.error} />
        ) : (
          <Loading />
        )}
        <p className="muted">{t('calendars.pinned')}</p>
      </Section>

      {manage ? (
        <Section title={t('calendars.openCases')}>
          {!cases.data ? (
            cases.error ? (
              <ProblemNote error={cases.error} />
            ) : (
              <Loading />
            )
          ) : cases.data.items.length === 0 ? (
            <p className="muted">{t('calendars.noOpenCases')}</p>
          ) : (
            <table data-testid="calendar-cases">
              <TableHead columns={[t('calendars.playbook'), t('calendars.case'), t('calendars.caseRegions')]} />
              <tbody>
                {cases.data.items.map((row) => (
                  <tr key={`${row.playbook}:${row.id}`}>
                    <td>{t(PLAYBOOK_LABEL[row.playbook])}</td>
                    <td>
                      <Link to={`${CASE_PATH[row.playbook]}/${segment(row.id)}`}>{row.name}</Link>
                    </td>
                    <td>{row.regions.length > 0 ? row.regions.join(', ') : t('launches.companyWide')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      ) : null}
    </>
  );
}

function DayButton({
  date,
  kind,
  selected,
  onSelect,
}: {
  date: string;
  kind: DayKind;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t } = useI18n();
  const name = 'name' in kind ? ` (${kind.name})` : '';
  return (
    <button
      type="button"
      className={`calendar-day ${kind.kind}${selected ? ' selected' : ''}`}
      aria-pressed={selected}
      aria-label={`${date}: ${t(`calendars.kind.${kind.kind}`)}${name}`}
      title={'name' in kind ? kind.name : undefined}
      onClick={onSelect}
    >
      {Number(date.slice(8))}
    </button>
  );
}

type Edit = (calendar: CalendarDefinition, date: string) => CalendarDefinition;

function DayEditor({
  kind,
  name,
  onName,
  onChange,
}: {
  kind: DayKind;
  name: string;
  onName: (name: string) => void;
  onChange: (edit: Edit) => void;
}) {
  const { t } = useI18n();
  if (kind.kind === 'holiday' || kind.kind === 'workday') {
    const list = kind.kind === 'holiday' ? 'holidays' : 'workdays';
    return (
      <button
        type="button"
        className="button secondary"
        onClick={() =>
          onChange((calendar, date) => ({ ...calendar, [list]: calendar[list].filter((entry) => entry.date !== date) }))
        }
      >
        {t(kind.kind === 'holiday' ? 'calendars.removeHoliday' : 'calendars.removeWorkday')}
      </button>
    );
  }
  const list = kind.kind === 'working' ? 'holidays' : 'workdays';
  return (
    <div className="form-row">
      <label>
        {t(list === 'holidays' ? 'calendars.holidayName' : 'calendars.workdayName')}{' '}
        <input value={name} maxLength={100} onChange={(event) => onName(event.target.value)} />
      </label>{' '}
      <button
        type="button"
        className="button"
        disabled={name.trim() === ''}
        onClick={() =>
          onChange((calendar, date) => ({
            ...calendar,
            [list]: [...calendar[list], { date, name: name.trim() }].sort((a, b) => a.date.localeCompare(b.date)),
          }))
        }
      >
        {t(list === 'holidays' ? 'calendars.markHoliday' : 'calendars.markWorkday')}
      </button>
    </div>
  );
}

function describe(t: ReturnType<typeof useI18n>['t'], kind: DayKind): string {
  const text = t(`calendars.kind.${kind.kind}`);
  return 'name' in kind ? `${text}: ${kind.name}` : text;
}

function weekdayNames(language: 'en' | 'zh'): string[] {
  // 2024-01-01 was a Monday: the week starts on Monday, as in China and Europe.
  return Array.from({ length: 7 }, (_, day) =>
    new Date(Date.UTC(2024, 0, 1 + day)).toLocaleDateString(language === 'zh' ? 'zh-CN' : 'en', {
      weekday: 'narrow',
      timeZone: 'UTC',
    }),
  );
}
