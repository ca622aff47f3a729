import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { call, get, segment } from '../api/client';
import {
  Empty,
  Field,
  Instant,
  Loading,
  PageHeader,
  ProblemNote,
  Section,
  StaleNote,
  TableHead,
} from '../components/ui';
import { CASE_EVENT_KINDS, type CaseEventKind } from '../../../domain/integrations/case-events';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useLive } from '../lib/live';
import { useSubmission } from '../lib/submit';
import type { Subscription } from './integrations-api';

export const kindLabel = (kind: string): MessageKey => `subscriptions.kind.${kind}` as MessageKey;

/** A subscription's state in words: enabled, disabled by an admin, or disabled by a failure streak (and why). */
export function SubscriptionState({ subscription }: { subscription: Subscription }) {
  const { t } = useI18n();
  if (subscription.enabled) return <>{t('subscriptions.enabled')}</>;
  return subscription.disabledWhy ? (
    <strong className="bad">{t('subscriptions.disabledAutomatically', { why: subscription.disabledWhy })}</strong>
  ) : (
    <>{t('subscriptions.disabledByAdmin')}</>
  );
}

/** Subscriptions to case events (issue 18): list, subscribe a receiver, disable and enable, and the way to each log. */
export function SubscriptionsPage() {
  const { t } = useI18n();
  const list = useLive('subscriptions', (signal) =>
    get<{ subscriptions: Subscription[] }>('/api/integrations/subscriptions', signal),
  );
  const toggle = useSubmission();

  async function setEnabled(subscription: Subscription, enabled: boolean) {
    await toggle.run(async () => {
      await call(
        'POST',
        `/api/integrations/subscriptions/${segment(subscription.id)}/${enabled ? 'enable' : 'disable'}`,
      );
      await list.reload();
    });
  }

  return (
    <>
      <p>
        <Link to="/integrations">{t('integrations.back')}</Link>
      </p>
      <PageHeader title={t('subscriptions.title')} intro={t('subscriptions.intro')} />
      <NewSubscription onCreated={() => void list.reload()} />
      {toggle.error ? <ProblemNote error={toggle.error} /> : null}
      <StaleNote error={list.data ? list.error : undefined} />
      {!list.data ? (
        list.error ? (
          <ProblemNote error={list.error} onRetry={() => void list.reload()} />
        ) : (
          <Loading />
        )
      ) : list.data.subscriptions.length === 0 ? (
        <Empty>{t('subscriptions.none')}</Empty>
      ) : (
        <table data-testid="subscriptions">
          <TableHead
            columns={[
              t('subscriptions.url'),
              t('subscriptions.kinds'),
              t('subscriptions.state'),
              t('subscriptions.streak'),
              t('subscriptions.created'),
              '',
            ]}
          />
          <tbody>
            {list.data.subscriptions.map((subscription) => (
              <tr key={subscription.id}>
                <td className="wrap">
                  <code>{subscription.url}</code>
                </td>
                <td>{subscription.kinds.map((kind) => t(kindLabel(kind))).join(', ')}</td>
                <td>
                  <SubscriptionState subscription={subscription} />
                </td>
                <td>{subscription.failureStreak}</td>
                <td>
                  <Instant value={subscription.createdAt} />
                </td>
                <td className="actions">
                  <Link
                    className="button secondary small"
                    to={`/integrations/subscriptions/${segment(subscription.id)}`}
                  >
                    {t('subscriptions.log')}
                  </Link>{' '}
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={toggle.busy}
                    onClick={() => void setEnabled(subscription, !subscription.enabled)}
                  >
                    {subscription.enabled ? t('subscriptions.disable') : t('subscriptions.enable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function NewSubscription({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<Set<CaseEventKind>>(() => new Set(CASE_EVENT_KINDS));
  const [secret, setSecret] = useState<string>();
  const submission = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await submission.run(async () => {
      const { data } = await call<{ secret: string }>('POST', '/api/integrations/subscriptions', {
        body: { url, kinds: CASE_EVENT_KINDS.filter((kind) => kinds.has(kind)) },
      });
      setSecret(data.secret);
      setUrl('');
      onCreated();
    });
  }

  return (
    <Section title={t('subscriptions.new')}>
      <form onSubmit={(event) => void submit(event)}>
        <Field label={t('subscriptions.url')} name="url" error={submission.error} required>
          {(props) => <input {...props} type="url" value={url} onChange={(event) => setUrl(event.target.value)} />}
        </Field>
        <fieldset className="field">
          <legend>{t('subscriptions.kinds')}</legend>
          {CASE_EVENT_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input
                type="checkbox"
                checked={kinds.has(kind)}
                onChange={(event) => {
                  const next = new Set(kinds);
                  if (event.target.checked) next.add(kind);
                  else next.delete(kind);
                  setKinds(next);
                }}
              />{' '}
              {t(kindLabel(kind))}
            </label>
          ))}
        </fieldset>
        {submission.error ? <ProblemNote error={submission.error} fields={['url']} /> : null}
        <button type="submit" className="button" disabled={submission.busy || kinds.size === 0}>
          {t('subscriptions.create')}
        </button>
      </form>
      {secret ? (
        <p className="banner good" role="status" data-testid="subscription-secret">
          {t('subscriptions.secret', { secret })}
        </p>
      ) : null}
    </Section>
  );
}
