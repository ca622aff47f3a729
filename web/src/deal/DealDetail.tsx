import { segment } from '../api/client';
import type { DealState } from '../api/types';
import { DetailFallback, Day, Empty, Instant, OverdueBadge, Section, StateBadge } from '../components/ui';
import { CaseDetail } from '../components/case-detail';
import { useCan } from '../lib/auth';
import { formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLiveCase } from '../lib/live';
import { dealActions } from './actions';

export function DealDetailPage() {
  const { id, live } = useLiveCase<DealState>('deals');
  const i18n = useI18n();
  const { t, label, locale } = i18n;
  const can = useCan();
  const deal = live.data;

  if (!deal) return <DetailFallback live={live} title={id} notFound={t('deals.notFound', { id })} />;
  const actions = dealActions(
    deal.dealId,
    {
      stage: deal.stage,
      supportTypes: deal.supportTypes,
      openSupport: deal.supportItems.filter((item) => item.status === 'open').map((item) => item.type),
      pricingPending: deal.pricing?.status === 'pending',
      lessonOpen: !deal.lesson && !deal.lessonMissing,
    },
    i18n,
    can,
  );
  return (
    <CaseDetail
      timelinePath={`/api/deals/${segment(id)}/timeline`}
      title={`${deal.account} · ${deal.opportunity.id}`}
      chain={{ source: deal.source, next: deal.nextPlaybook }}
      intro={
        <>
          <StateBadge kind="deal" value={deal.stage} /> {deal.region} ·{' '}
          {formatMoney(deal.opportunity.amount, deal.opportunity.currency, locale)} · {deal.dealStage}
        </>
      }
      live={live}
      actions={actions}
      main={
        <>
          <Section title={t('deals.support')}>
            {deal.supportItems.length === 0 ? (
              <Empty>{deal.supportTypes.map((type) => label('support', type)).join(', ')}</Empty>
            ) : (
              <ul className="plain">
                {deal.supportItems.map((item) => (
                  <li key={item.type} className="support-item">
                    <h3>
                      {label('support', item.type)} <StateBadge kind="support" value={item.status} />
                    </h3>
                    <p className="small">
                      {t('deals.assignees')}: {item.assignees.join(', ')}
                    </p>
                    {item.log.length === 0 ? (
                      <p className="muted small">{t('deals.noLog')}</p>
                    ) : (
                      <ul className="plain small">
                        {item.log.map((entry) => (
                          <li key={entry.at}>
                            <Instant value={entry.at} /> · {entry.by}: {entry.summary} → {entry.outcome}
                          </li>
                        ))}
                      </ul>
                    )}
                    {item.outcome ? (
                      <p className="small">
                        {t('deals.outcomeLabel')}: {item.outcome}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {deal.lesson ? (
            <Section title={t('deals.lesson')}>
              <p>{deal.lesson.text}</p>
            </Section>
          ) : null}
        </>
      }
      side={
        <>
          <Section title={t('common.status')}>
            <dl className="facts">
              <dt>{t('startPoc.salesOwner')}</dt>
              <dd>{deal.salesOwner}</dd>
              <dt>{t('deals.supportTypes')}</dt>
              <dd>{deal.supportTypes.map((type) => label('support', type)).join(', ')}</dd>
              <dt>{t('deals.dueDate')}</dt>
              <dd>
                <Day value={deal.dueDate} />
              </dd>
              <dt>{t('deals.responseDueLabel')}</dt>
              <dd>
                <Day value={deal.response.dueDate} /> {deal.response.overdue ? <OverdueBadge /> : null}
              </dd>
              <dt>{t('deals.competitors')}</dt>
              <dd>{deal.competitors.join(', ') || '–'}</dd>
              {deal.template ? (
                <>
                  <dt>{t('deals.template')}</dt>
                  <dd data-testid="deal-template">
                    {deal.template.name} v{deal.template.version}
                  </dd>
                </>
              ) : null}
              {deal.pricing ? (
                <>
                  <dt>{t('deals.pricing')}</dt>
                  <dd>
                    <StateBadge kind="pricing" value={deal.pricing.status} />{' '}
                    {deal.pricing.reason ?? deal.pricing.note ?? ''}
                  </dd>
                </>
              ) : null}
              {deal.outcome ? (
                <>
                  <dt>{t('deals.outcomeLabel')}</dt>
                  <dd>
                    <StateBadge kind="deal" value={deal.outcome.stage} />{' '}
                    {deal.outcome.lossReason ? label('loss', deal.outcome.lossReason) : null}{' '}
                    {deal.outcome.reason ?? ''}
                  </dd>
                </>
              ) : null}
            </dl>
          </Section>
        </>
      }
      timeline={deal.timeline}
    />
  );
}
