import { Link } from 'react-router';
import { HANDOFF_STAGES } from '../../../domain/handoff/types';
import { get, segment } from '../api/client';
import type { HandoffSummary, HandoffSummaryPage } from '../api/types';
import { StageBoard } from '../components/board';
import { Badge, ButtonLink, Day, Empty, PageHeader, Progress, LiveStatus } from '../components/ui';
import { CsvButton } from '../components/csv-button';
import { useCan } from '../lib/auth';
import { formatDay, formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';

const PATH = '/api/handoffs?limit=200';

/** Delivery handoffs as a board by stage; each card shows its package and milestone progress. */
export function HandoffsPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const live = useLive(PATH, (signal) => get<HandoffSummaryPage>(PATH, signal));
  return (
    <>
      <PageHeader
        title={t('handoffs.title')}
        actions={
          <>
            <CsvButton listPath={PATH} fileName="handoffs" />
            {can.may('handoff:start') ? <ButtonLink to="/handoffs/new">{t('handoffs.start')}</ButtonLink> : null}
          </>
        }
      />
      <LiveStatus live={live} />
      {live.data && live.data.items.length === 0 ? <Empty>{t('handoffs.empty')}</Empty> : null}
      {live.data && live.data.items.length > 0 ? (
        <StageBoard
          label={t('handoffs.board')}
          stages={HANDOFF_STAGES}
          stageLabel={(stage) => label('handoff', stage)}
          items={live.data.items}
          stageOf={(handoff) => handoff.stage}
          keyOf={(handoff) => handoff.handoffId}
          card={(handoff) => <HandoffCard handoff={handoff} />}
        />
      ) : null}
    </>
  );
}

function HandoffCard({ handoff }: { handoff: HandoffSummary }) {
  const { t, label, locale } = useI18n();
  const done = handoff.milestones.filter((milestone) => milestone.status === 'done').length;
  const next = handoff.milestones.find((milestone) => milestone.key === handoff.nextMilestone?.key);
  return (
    <>
      <Link to={`/handoffs/${segment(handoff.handoffId)}`} className="card-title">
        {handoff.account}
      </Link>
      <div className="small muted">
        {handoff.opportunity} · {handoff.region} · {formatMoney(handoff.amount, handoff.currency, locale)}
      </div>
      <div className="small">
        {handoff.salesOwner} → {handoff.projectManager ?? '–'}
      </div>
      {handoff.missingItems.length ? (
        <div className="small">{t('handoffs.missingCount', { count: handoff.missingItems.length })}</div>
      ) : null}
      {handoff.sla ? (
        <div className={`small${handoff.sla.overdue ? ' late' : ''}`}>
          {t('handoffs.sla', { kind: label('sla', handoff.sla.kind), date: formatDay(handoff.sla.dueDate, locale) })}
        </div>
      ) : null}
      {handoff.milestones.length ? (
        <Progress
          done={done}
          total={handoff.milestones.length}
          label={t('handoffs.milestonesDone', { done, total: handoff.milestones.length })}
        />
      ) : null}
      {next && handoff.nextMilestone ? (
        <div className="small">
          {t('handoffs.nextMilestone', { title: next.title, date: formatDay(handoff.nextMilestone.dueDate, locale) })}
        </div>
      ) : null}
      {handoff.targetGoLive ? (
        <div className="small">
          {t('handoffs.goLive')}: <Day value={handoff.targetGoLive} />
        </div>
      ) : null}
      <div className="todo-badges">
        {handoff.returnCount > 0 ? (
          <Badge tone="warn">{t('handoffs.returned', { count: handoff.returnCount })}</Badge>
        ) : null}
        {handoff.atRisk ? <Badge tone="bad">{t('pocs.atRisk')}</Badge> : null}
        {handoff.overdue ? <Badge tone="bad">{t('common.overdue')}</Badge> : null}
      </div>
    </>
  );
}
