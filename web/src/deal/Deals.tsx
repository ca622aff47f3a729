import { Link } from 'react-router';
import { DEAL_STAGES } from '../../../domain/deal/types';
import { get, segment } from '../api/client';
import type { DealSummary, DealSummaryPage } from '../api/types';
import { StageBoard } from '../components/board';
import { CsvButton } from '../components/csv-button';
import { Badge, ButtonLink, Day, Empty, PageHeader, LiveStatus } from '../components/ui';
import { useCan } from '../lib/auth';
import { formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';

const PATH = '/api/deals?limit=200';

/** Deal support as a board: one column per stage, in flow order. */
export function DealsPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const live = useLive(PATH, (signal) => get<DealSummaryPage>(PATH, signal));
  return (
    <>
      <PageHeader
        title={t('deals.title')}
        actions={
          <>
            <CsvButton listPath={PATH} fileName="deals" />
            {can.may('deal:request') ? <ButtonLink to="/deals/new">{t('deals.request')}</ButtonLink> : null}
          </>
        }
      />
      <LiveStatus live={live} />
      {live.data && live.data.items.length === 0 ? (
        <Empty
          action={can.may('deal:request') ? <ButtonLink to="/deals/new">{t('deals.request')}</ButtonLink> : undefined}
        >
          {t('deals.empty')}
        </Empty>
      ) : null}
      {live.data && live.data.items.length > 0 ? (
        <StageBoard
          label={t('deals.board')}
          stages={DEAL_STAGES}
          stageLabel={(stage) => label('deal', stage)}
          items={live.data.items}
          stageOf={(deal) => deal.stage}
          keyOf={(deal) => deal.dealId}
          card={(deal) => <DealCard deal={deal} />}
        />
      ) : null}
    </>
  );
}

function DealCard({ deal }: { deal: DealSummary }) {
  const { t, label, locale } = useI18n();
  return (
    <>
      <Link to={`/deals/${segment(deal.dealId)}`} className="card-title">
        {deal.account}
      </Link>
      <div className="small muted">
        {deal.opportunityId} · {deal.region} · {formatMoney(deal.amount, deal.currency, locale)}
      </div>
      <div className="small">{deal.supportTypes.map((type) => label('support', type)).join(', ')}</div>
      <div className="small">
        {t('deals.dueDate')}: <Day value={deal.dueDate} /> · {deal.salesOwner}
      </div>
      <div className="todo-badges">
        {deal.responseOverdue ? <Badge tone="bad">{t('deals.responseOverdue')}</Badge> : null}
        {deal.pricing?.status === 'pending' ? <Badge tone="warn">{t('deals.pricing')}</Badge> : null}
        {deal.lessonDue && !deal.lessonRecorded ? <Badge tone="warn">{t('deals.lessonDue')}</Badge> : null}
      </div>
    </>
  );
}
