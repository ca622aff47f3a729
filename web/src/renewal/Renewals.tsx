import { lastDayOf, monthAt, monthIndex } from '../../../domain/shared/months';
import { CsvButton } from '../components/csv-button';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'react-router';
import { get, segment } from '../api/client';
import type { RenewalCalendar, RenewalSummaryPage } from '../api/types';
import { ChartFigure } from '../components/chart';
import {
  LiveList,
  Badge,
  ButtonLink,
  Day,
  Kpi,
  PageHeader,
  Section,
  StateBadge,
  Table,
  LiveStatus,
} from '../components/ui';
import { useCan } from '../lib/auth';
import { useState } from 'react';
import { formatDay, formatMoney, formatMonth, today } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';

const CALENDAR = '/api/renewals/calendar';
/** How many months after this one the calendar and the list cover; 12 keeps a one-year contract signed today inside. */
const WINDOWS = [3, 6, 12, 24] as const;

/** The renewal calendar: contracts ending each month, their value and the value at risk; then every renewal. */
export function RenewalsPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const [ahead, setAhead] = useState<number>(12);
  const from = today().slice(0, 7);
  const to = monthAt(monthIndex(from) + ahead);
  // The list covers the calendar's window, so its rows and the totals above count the same contracts.
  const calendarPath = `${CALENDAR}?from=${from}&to=${to}`;
  const listPath = `/api/renewals?limit=200&contractEndFrom=${from}-01&contractEndTo=${lastDayOf(to)}`;
  const calendar = useLive(calendarPath, (signal) => get<RenewalCalendar>(calendarPath, signal));
  const renewals = useLive(listPath, (signal) => get<RenewalSummaryPage>(listPath, signal));
  const data = calendar.data;
  const money = (value: number) => formatMoney(value, data?.currency, locale);
  return (
    <>
      <PageHeader
        title={t('renewals.title')}
        intro={
          data
            ? `${formatMonth(data.from, locale)} – ${formatMonth(data.to, locale)} · ${t('renewals.mixedCurrencies')}`
            : undefined
        }
        actions={
          <>
            <CsvButton listPath={listPath} fileName="renewals" />
            {can.may('renewal:start') ? <ButtonLink to="/renewals/new">{t('renewals.start')}</ButtonLink> : null}
          </>
        }
      />
      <form className="filters" aria-label={t('common.filter')} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('renewals.window')}{' '}
          <select value={ahead} onChange={(event) => setAhead(Number(event.target.value))}>
            {WINDOWS.map((months) => (
              <option key={months} value={months}>
                {t('renewals.windowMonths', { count: months })}
              </option>
            ))}
          </select>
        </label>
      </form>
      <LiveStatus live={calendar} />
      {data ? (
        <>
          <div className="kpis">
            <Kpi label={t('renewals.value')} value={money(data.totals.value)} />
            <Kpi
              label={t('renewals.valueAtRisk')}
              value={money(data.totals.valueAtRisk)}
              bad={data.totals.valueAtRisk > 0}
            />
            <Kpi label={t('renewals.openValue')} value={money(data.totals.openValue)} />
            <Kpi
              label={t('renewals.churnedValue')}
              value={money(data.totals.churnedValue)}
              bad={data.totals.churnedValue > 0}
            />
          </div>
          <Section title={t('renewals.calendar')}>
            <ol className="month-grid">
              {data.months.map((month) => (
                <li
                  key={month.month}
                  className={`month${month.valueAtRisk > 0 ? ' at-risk' : ''}${month.contracts === 0 ? ' quiet' : ''}`}
                  aria-label={formatMonth(month.month, locale)}
                >
                  <h3>{formatMonth(month.month, locale)}</h3>
                  <p className="small">{t('renewals.contracts', { count: month.contracts })}</p>
                  <p className="month-value">{money(month.value)}</p>
                  {month.valueAtRisk > 0 ? (
                    <p className="late small">
                      {t('renewals.valueAtRisk')}: {money(month.valueAtRisk)} ·{' '}
                      {t('renewals.atRiskCount', { count: month.atRisk })}
                    </p>
                  ) : null}
                  {month.byRegion.length ? (
                    <p className="muted small">
                      {month.byRegion.map((row) => `${row.region} ${money(row.value)}`).join(' · ')}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </Section>
          <ValueChart data={data} />
        </>
      ) : null}
      <Section title={t('renewals.listInWindow', { from: formatMonth(from, locale), to: formatMonth(to, locale) })}>
        <LiveList live={renewals} empty={t('renewals.empty')}>
          {(items) => (
            <Table
              columns={[
                t('common.account'),
                t('renewals.contractEnd'),
                t('renewals.value'),
                t('common.stage'),
                t('renewals.health'),
                t('renewals.nextStep'),
                t('renewals.owner'),
              ]}
            >
              {items.map((renewal) => (
                <tr key={renewal.renewalId}>
                  <th scope="row">
                    <Link to={`/renewals/${segment(renewal.renewalId)}`}>{renewal.account}</Link>
                    <div className="muted small">
                      {renewal.contractId} · {renewal.region} · {renewal.tier}
                    </div>
                  </th>
                  <td>
                    <Day value={renewal.term.contractEnd} />
                  </td>
                  <td>{formatMoney(renewal.term.value, renewal.currency, locale)}</td>
                  <td>
                    <StateBadge kind="renewal" value={renewal.stage} />
                  </td>
                  <td>
                    {renewal.health ? (
                      <StateBadge kind="band" value={renewal.health.band} />
                    ) : (
                      <span className="muted">–</span>
                    )}{' '}
                    {renewal.atRisk ? <Badge tone="bad">{t('pocs.atRisk')}</Badge> : null}
                  </td>
                  <td>
                    {renewal.nextStep ? (
                      <span className={renewal.overdueSteps > 0 ? 'late' : undefined}>
                        <StateBadge kind="renewal" value={renewal.nextStep.key} />{' '}
                        {formatDay(renewal.nextStep.dueDate, locale)}
                      </span>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>{renewal.customerSuccessOwner ?? '–'}</td>
                </tr>
              ))}
            </Table>
          )}
        </LiveList>
      </Section>
    </>
  );
}

function ValueChart({ data }: { data: RenewalCalendar }) {
  const { t, locale } = useI18n();
  const rows = data.months.map((month) => ({
    month: formatMonth(month.month, locale),
    renewed: month.renewedValue,
    open: Math.max(0, month.openValue - month.valueAtRisk),
    atRisk: month.valueAtRisk,
    churned: month.churnedValue,
  }));
  const money = (value: number) => formatMoney(value, data.currency, locale);
  return (
    <ChartFigure
      title={t('renewals.valueChart')}
      columns={[
        t('common.when'),
        t('renewals.renewedValue'),
        t('renewals.openValue'),
        t('renewals.valueAtRisk'),
        t('renewals.churnedValue'),
      ]}
      rows={rows.map((row) => [row.month, money(row.renewed), money(row.open), money(row.atRisk), money(row.churned)])}
      empty={data.totals.contracts === 0}
    >
      <BarChart data={rows} margin={{ right: 16, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tick={{ fontSize: 11 }} />
        <YAxis
          tickFormatter={(value: number) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(value)}
        />
        <Tooltip formatter={(value) => money(Number(value))} />
        <Legend />
        <Bar
          dataKey="renewed"
          stackId="value"
          name={t('renewals.renewedValue')}
          fill="#16a34a"
          isAnimationActive={false}
        />
        <Bar dataKey="open" stackId="value" name={t('renewals.openValue')} fill="#93c5fd" isAnimationActive={false} />
        <Bar
          dataKey="atRisk"
          stackId="value"
          name={t('renewals.valueAtRisk')}
          fill="#dc2626"
          isAnimationActive={false}
        />
        <Bar
          dataKey="churned"
          stackId="value"
          name={t('renewals.churnedValue')}
          fill="#6b7280"
          isAnimationActive={false}
        />
      </BarChart>
    </ChartFigure>
  );
}
