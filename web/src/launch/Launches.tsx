import { useState } from 'react';
import { Link } from 'react-router';
import { get, query, segment } from '../api/client';
import type { LaunchState, LaunchSummary, LaunchSummaryPage } from '../api/types';
import { Badge, ButtonLink, Day, Empty, PageHeader, Progress, StateBadge, LiveStatus, Table } from '../components/ui';
import { CsvButton } from '../components/csv-button';
import { useCan } from '../lib/auth';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { gateReadiness } from './gate';

/** The statuses a person filters by (the read model's 'ready' belongs to runs of the first fixed checklist). */
const STATUSES: ReadonlyArray<LaunchSummary['status']> = ['active', 'launched', 'cancelled', 'closed'];

export function LaunchesPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(false);
  const path = `/api/launches${query({ status, overdue: overdue ? true : undefined, limit: 200 })}`;
  const live = useLive(path, (signal) => get<LaunchSummaryPage>(path, signal));
  const filtered = status !== '' || overdue;

  return (
    <>
      <PageHeader
        title={t('launches.title')}
        actions={
          <>
            <CsvButton listPath={path} fileName="launches" />
            {can.may('launch:start') ? <ButtonLink to="/launches/new">{t('launches.start')}</ButtonLink> : null}
          </>
        }
      />
      <form className="filters" aria-label={t('common.filter')} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('common.status')}{' '}
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{t('common.all')}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {label('run', value)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={overdue} onChange={(event) => setOverdue(event.target.checked)} />{' '}
          {t('launches.onlyOverdue')}
        </label>
      </form>
      <LiveStatus live={live} />
      {live.data && live.data.items.length === 0 ? (
        <Empty
          action={
            !filtered && can.may('launch:start') ? (
              <ButtonLink to="/launches/new">{t('launches.start')}</ButtonLink>
            ) : undefined
          }
        >
          {filtered ? t('launches.emptyFiltered') : t('launches.empty')}
        </Empty>
      ) : null}
      {live.data && live.data.items.length > 0 ? (
        <Table
          columns={[
            t('launches.product'),
            t('launches.launchDate'),
            t('common.status'),
            t('launches.progress'),
            t('launches.overdueItems'),
            t('launches.nextDue'),
            t('launches.readiness'),
          ]}
        >
          {live.data.items.map((launch) => (
            <LaunchRow key={launch.launchId} launch={launch} />
          ))}
        </Table>
      ) : null}
    </>
  );
}

function LaunchRow({ launch }: { launch: LaunchSummary }) {
  const { t } = useI18n();
  return (
    <tr>
      <th scope="row">
        <Link to={`/launches/${segment(launch.launchId)}`}>{launch.productName}</Link>
        <div className="muted small">
          {launch.launchId} · {launch.regions.length ? launch.regions.join(', ') : t('launches.companyWide')}
        </div>
      </th>
      <td>
        <Day value={launch.launchDate} />
      </td>
      <td>
        <StateBadge kind="run" value={launch.status} />
      </td>
      <td>
        <Progress
          done={launch.itemsDone}
          total={launch.itemsTotal}
          label={t('launches.progressValue', { done: launch.itemsDone, total: launch.itemsTotal })}
        />
      </td>
      <td>
        {launch.itemsOverdue > 0 ? <Badge tone="bad">{launch.itemsOverdue}</Badge> : <span className="muted">0</span>}
      </td>
      <td>
        <Day value={launch.nextDueDate} />
      </td>
      <td>
        {launch.status === 'active' || launch.status === 'launched' ? (
          <Readiness launchId={launch.launchId} />
        ) : (
          <span className="muted">–</span>
        )}
      </td>
    </tr>
  );
}

/** The gate's state needs the run's live state; it is read less often than the list. */
function Readiness({ launchId }: { launchId: string }) {
  const i18n = useI18n();
  const path = `/api/launches/${segment(launchId)}`;
  const live = useLive(path, (signal) => get<LaunchState>(path, signal), 30);
  if (!live.data) return live.error ? <span className="muted">–</span> : <span className="muted">…</span>;
  return <>{gateReadiness(live.data, i18n)}</>;
}
