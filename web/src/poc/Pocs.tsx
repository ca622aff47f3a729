import { useState } from 'react';
import { CsvButton } from '../components/csv-button';
import { Link } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  Pie,
  PieChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { POC_STAGES } from '../../../domain/poc/types';
import { get, query, segment } from '../api/client';
import type { PocDashboard, PocSummaryPage } from '../api/types';
import {
  LiveList,
  Badge,
  ButtonLink,
  Day,
  Empty,
  Kpi,
  PageHeader,
  Section,
  StateBadge,
  Table,
  LiveStatus,
} from '../components/ui';
import { ChartFigure } from '../components/chart';
import { useCan } from '../lib/auth';
import { formatDay, formatMoney, formatMonth, formatPercent } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';

const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

export function PocsPage() {
  const { t, label, locale } = useI18n();
  const can = useCan();
  const [region, setRegion] = useState('');
  const [stage, setStage] = useState('');
  const dashboardPath = `/api/pocs/dashboard${query({ region })}`;
  const overviewPath = '/api/pocs/dashboard';
  const listPath = `/api/pocs${query({ region, stage, limit: 200 })}`;
  const dashboard = useLive(dashboardPath, (signal) => get<PocDashboard>(dashboardPath, signal));
  // Every region the reader may see, for the picker and the table, whichever region is picked.
  const overview = useLive(overviewPath, (signal) => get<PocDashboard>(overviewPath, signal));
  const trials = useLive(listPath, (signal) => get<PocSummaryPage>(listPath, signal));
  const data = dashboard.data;
  const regions = overview.data?.regions ?? [];

  return (
    <>
      <PageHeader
        title={t('pocs.title')}
        intro={
          data ? t('pocs.window', { from: formatDay(data.from, locale), to: formatDay(data.to, locale) }) : undefined
        }
        actions={
          <>
            <CsvButton listPath={listPath} fileName="pocs" />
            {can.may('poc:request') ? <ButtonLink to="/pocs/new">{t('pocs.request')}</ButtonLink> : null}
          </>
        }
      />
      <form className="filters" aria-label={t('common.filter')} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('common.region')}{' '}
          <select value={region} onChange={(event) => setRegion(event.target.value)}>
            <option value="">{t('pocs.allRegions')}</option>
            {regions.map((row) => (
              <option key={row.region} value={row.region}>
                {row.region}
              </option>
            ))}
          </select>
        </label>
      </form>
      <LiveStatus live={dashboard} />
      {data ? (
        <>
          <div className="kpis">
            <Kpi
              label={t('pocs.inFlight')}
              value={data.stages.filter((row) => !row.final).reduce((sum, row) => sum + row.count, 0)}
            />
            <Kpi label={t('pocs.atRisk')} value={data.atRisk.count} bad={data.atRisk.count > 0} />
            <Kpi label={t('pocs.overdueCheckIns')} value={data.overdueCheckIns} bad={data.overdueCheckIns > 0} />
            <Kpi label={t('pocs.conversion')} value={formatPercent(data.outcomes.conversionRate, locale)} />
          </div>
          <div className="charts">
            <FunnelChart data={data} />
            <DaysInStageChart data={data} />
            <TrendChart data={data} />
            <LossChart data={data} />
          </div>
          <Section title={t('pocs.atRiskList')}>
            {data.atRisk.trials.length === 0 ? (
              <Empty>{t('pocs.atRiskEmpty')}</Empty>
            ) : (
              <ul className="risk-list">
                {data.atRisk.trials.map((trial) => (
                  <li key={trial.trialId}>
                    <Link to={`/pocs/${segment(trial.trialId)}`}>{trial.account}</Link> · {trial.region} ·{' '}
                    {t('pocs.daysIn', { days: trial.daysInStage, stage: label('poc', trial.stage) })} ·{' '}
                    {trial.riskReasons.map((reason) => (
                      <Badge key={reason} tone="bad">
                        {label('risk', reason)}
                      </Badge>
                    ))}{' '}
                    · {trial.salesOwner} · {t('pocs.endDate')} <Day value={trial.endDate} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      ) : null}
      {regions.length > 1 ? (
        <Section title={t('pocs.byRegion')}>
          <Table
            columns={[
              t('common.region'),
              t('pocs.inFlight'),
              t('pocs.atRisk'),
              t('pocs.overdueCheckIns'),
              t('pocs.conversion'),
            ]}
          >
            {regions.map((row) => (
              <tr key={row.region}>
                <th scope="row">{row.region}</th>
                <td>{row.inFlight}</td>
                <td>{row.atRisk}</td>
                <td>{row.overdueCheckIns}</td>
                <td>{formatPercent(row.conversionRate, locale)}</td>
              </tr>
            ))}
          </Table>
        </Section>
      ) : null}
      <Section
        title={t('pocs.trials')}
        actions={
          <label className="inline-filter">
            {t('common.stage')}{' '}
            <select value={stage} onChange={(event) => setStage(event.target.value)}>
              <option value="">{t('common.all')}</option>
              {POC_STAGES.map((value) => (
                <option key={value} value={value}>
                  {label('poc', value)}
                </option>
              ))}
            </select>
          </label>
        }
      >
        <LiveList live={trials} empty={t('pocs.empty')}>
          {(items) => (
            <Table
              columns={[
                t('common.account'),
                t('common.region'),
                t('common.stage'),
                t('pocs.criteria'),
                t('pocs.endDate'),
                t('common.owner'),
                t('common.amount'),
              ]}
            >
              {items.map((trial) => (
                <tr key={trial.trialId}>
                  <th scope="row">
                    <Link to={`/pocs/${segment(trial.trialId)}`}>{trial.account}</Link>
                    <div className="muted small">
                      {trial.product} · {trial.industry}
                    </div>
                  </th>
                  <td>{trial.region}</td>
                  <td>
                    <StateBadge kind="poc" value={trial.stage} />{' '}
                    {trial.atRisk ? <Badge tone="bad">{t('pocs.atRisk')}</Badge> : null}
                  </td>
                  <td>{t('pocs.criteriaValue', { met: trial.criteria.met, total: trial.criteria.total })}</td>
                  <td>
                    <Day value={trial.endDate} />
                  </td>
                  <td>{trial.salesOwner}</td>
                  <td>{formatMoney(trial.amount, trial.currency, locale)}</td>
                </tr>
              ))}
            </Table>
          )}
        </LiveList>
      </Section>
    </>
  );
}

function FunnelChart({ data }: { data: PocDashboard }) {
  const { t, label } = useI18n();
  const rows = data.stages.map((row) => ({ stage: label('poc', row.stage), count: row.count, final: row.final }));
  return (
    <ChartFigure
      title={t('pocs.funnel')}
      columns={[t('common.stage'), t('pocs.count')]}
      rows={rows.map((row) => [row.stage, row.count])}
    >
      <BarChart data={rows} layout="vertical" margin={{ left: 24, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="stage" width={110} interval={0} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Bar dataKey="count" name={t('pocs.count')} isAnimationActive={false}>
          {rows.map((row) => (
            <Cell key={row.stage} fill={row.final ? '#94a3b8' : '#2563eb'} />
          ))}
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}

function DaysInStageChart({ data }: { data: PocDashboard }) {
  const { t, label } = useI18n();
  const rows = data.stages
    .filter((row) => !row.final)
    .map((row) => ({ stage: label('poc', row.stage), median: row.medianDays, p90: row.p90Days }));
  return (
    <ChartFigure
      title={t('pocs.daysInStage')}
      columns={[t('common.stage'), t('pocs.median'), t('pocs.p90')]}
      rows={rows.map((row) => [row.stage, row.median ?? '–', row.p90 ?? '–'])}
      empty={rows.every((row) => row.median === null)}
    >
      <BarChart data={rows} margin={{ right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="stage" tick={{ fontSize: 11 }} interval={0} />
        <YAxis allowDecimals />
        <Tooltip />
        <Legend />
        <Bar dataKey="median" name={t('pocs.median')} fill="#2563eb" isAnimationActive={false} />
        <Bar dataKey="p90" name={t('pocs.p90')} fill="#93c5fd" isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

function TrendChart({ data }: { data: PocDashboard }) {
  const { t, locale } = useI18n();
  const rows = data.trend.map((row) => ({
    ...row,
    month: formatMonth(row.month, locale),
    rate: row.conversionRate === null ? null : Math.round(row.conversionRate * 1000) / 10,
  }));
  return (
    <ChartFigure
      title={t('pocs.trend')}
      columns={[
        t('common.when'),
        t('pocs.requested'),
        t('pocs.converted'),
        t('pocs.lost'),
        t('pocs.expired'),
        t('pocs.conversionRate'),
      ]}
      rows={rows.map((row) => [
        row.month,
        row.requested,
        row.converted,
        row.lost,
        row.expired,
        row.rate === null ? '–' : `${row.rate}%`,
      ])}
    >
      <ComposedChart data={rows} margin={{ right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tick={{ fontSize: 11 }} />
        <YAxis yAxisId="count" allowDecimals={false} />
        <YAxis yAxisId="rate" orientation="right" unit="%" domain={[0, 100]} />
        <Tooltip />
        <Legend />
        <Bar yAxisId="count" dataKey="requested" name={t('pocs.requested')} fill="#93c5fd" isAnimationActive={false} />
        <Bar yAxisId="count" dataKey="converted" name={t('pocs.converted')} fill="#16a34a" isAnimationActive={false} />
        <Bar yAxisId="count" dataKey="lost" name={t('pocs.lost')} fill="#dc2626" isAnimationActive={false} />
        <Line
          yAxisId="rate"
          dataKey="rate"
          name={t('pocs.conversionRate')}
          stroke="#7c3aed"
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
    </ChartFigure>
  );
}

function LossChart({ data }: { data: PocDashboard }) {
  const { t, label } = useI18n();
  const rows = data.lossReasons
    .filter((row) => row.count > 0)
    .map((row) => ({ reason: label('loss', row.lossReason), count: row.count }));
  return (
    <ChartFigure
      title={t('pocs.lossReasons')}
      columns={[t('common.reason'), t('pocs.count')]}
      rows={rows.map((row) => [row.reason, row.count])}
      empty={rows.length === 0}
    >
      <PieChart>
        <Pie data={rows} dataKey="count" nameKey="reason" outerRadius="75%" label isAnimationActive={false}>
          {rows.map((row, index) => (
            <Cell key={row.reason} fill={COLORS[index % COLORS.length]} />
          ))}
        </Pie>
        <Tooltip />
        <Legend />
      </PieChart>
    </ChartFigure>
  );
}
