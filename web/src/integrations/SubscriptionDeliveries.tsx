import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { call, get, segment } from '../api/client';
import { linkedCase } from '../components/case-chain';
import { Empty, Instant, Loading, PageHeader, ProblemNote, StaleNote, TableHead } from '../components/ui';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useLive } from '../lib/live';
import { useSubmission } from '../lib/submit';
import type { Delivery, Subscription } from './integrations-api';
import { kindLabel, SubscriptionState } from './Subscriptions';

/** One subscription's delivery log (issue 18): each event, its attempts and last error, and redelivery by hand. */
export function SubscriptionDeliveriesPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const subscriptions = useLive('subscriptions', (signal) =>
    get<{ subscriptions: Subscription[] }>('/api/integrations/subscriptions', signal),
  );
  const deliveries = useLive(`deliveries:${id}`, (signal) =>
    get<{ deliveries: Delivery[] }>(`/api/integrations/subscriptions/${segment(id)}/deliveries`, signal),
  );
  const [queued, setQueued] = useState<string>();
  const redeliver = useSubmission();
  const subscription = subscriptions.data?.subscriptions.find((entry) => entry.id === id);

  async function again(delivery: Delivery) {
    await redeliver.run(async () => {
      await call(
        'POST',
        `/api/integrations/subscriptions/${segment(id)}/deliveries/${segment(delivery.messageId)}/redeliver`,
      );
      setQueued(delivery.messageId);
      await deliveries.reload();
    });
  }

  if (!subscriptions.data || !deliveries.data) {
    const error = subscriptions.error ?? deliveries.error;
    return error ? <ProblemNote error={error} onRetry={() => void deliveries.reload()} /> : <Loading />;
  }
  if (!subscription) return <Empty>{t('subscriptions.notFound')}</Empty>;
  return (
    <>
      <p>
        <Link to="/integrations/subscriptions">{t('subscriptions.title')}</Link>
      </p>
      <PageHeader
        title={t('deliveries.title', { url: subscription.url })}
        intro={
          <span data-testid="subscription-state">
            <SubscriptionState subscription={subscription} /> · {t('subscriptions.streak')}:{' '}
            {subscription.failureStreak}
          </span>
        }
      />
      {queued ? (
        <p className="banner good" role="status" data-testid="redelivery-queued">
          <code>{queued}</code>: {t('deliveries.queued')}
        </p>
      ) : null}
      {redeliver.error ? <ProblemNote error={redeliver.error} /> : null}
      <StaleNote error={deliveries.error} />
      {deliveries.data.deliveries.length === 0 ? (
        <Empty>{t('deliveries.none')}</Empty>
      ) : (
        <table data-testid="deliveries">
          <TableHead
            columns={[
              t('deliveries.case'),
              t('deliveries.kind'),
              t('deliveries.status'),
              t('deliveries.attempts'),
              t('deliveries.lastError'),
              t('deliveries.deliveredAt'),
              t('deliveries.message'),
              '',
            ]}
          />
          <tbody>
            {deliveries.data.deliveries.map((delivery) => {
              const linked = linkedCase(delivery.caseId);
              return (
                <tr key={delivery.messageId}>
                  <td className="wrap">{linked ? <Link to={linked.href}>{delivery.caseId}</Link> : delivery.caseId}</td>
                  <td>{t(kindLabel(delivery.kind))}</td>
                  <td>{t(`deliveries.status.${delivery.status}` as MessageKey)}</td>
                  <td>{delivery.attempts}</td>
                  <td>{delivery.lastError ?? '—'}</td>
                  <td>{delivery.deliveredAt ? <Instant value={delivery.deliveredAt} /> : '—'}</td>
                  <td className="wrap">
                    <code>{delivery.messageId}</code>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button secondary small"
                      disabled={redeliver.busy}
                      onClick={() => void again(delivery)}
                    >
                      {t('deliveries.redeliver')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
