import { useState, type FormEvent } from 'react';
import { ApiError, call, segment } from '../api/client';
import type { PortalRenewal } from '../api/types';
import { Badge, Loading, ProblemNote } from '../components/ui';
import { formatDay, formatMoney } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { usePortalView, type PortalCaseProps } from './portal-view';

/**
 * A renewal's customer in the portal (issue 16), phone width first: the contract's key dates and
 * the renewal proposal, which they accept (the exact words shown) or ask a call about.
 */
export function PortalRenewalCase(props: PortalCaseProps) {
  const { t, locale, language } = useI18n();
  const base = `/api/portal/renewals/${segment(props.session.caseId)}`;
  const live = usePortalView<PortalRenewal>(base, props);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const view = live.data;
  if (!view) return live.error ? <ProblemNote error={live.error} onRetry={live.reload} /> : <Loading />;
  const money = (value: number) => formatMoney(value, view.currency ?? undefined, locale);
  const step = view.steps[0];

  const send = (path: string, body: unknown) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await call('POST', `${base}${path}`, { body, token: props.session.token });
      await live.reload();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{t('portal.hello', { name: view.contact.name })}</h1>
      <p className="muted">{t('portalRenewal.contract', { account: view.account, contractId: view.contractId })}</p>
      <section className="card" aria-labelledby="portal-dates">
        <h2 id="portal-dates">{t('portalRenewal.keyDates')}</h2>
        <dl className="facts" data-testid="portal-key-dates">
          <dt>{t('portalRenewal.termStart')}</dt>
          <dd>{formatDay(view.keyDates.termStart, locale)}</dd>
          <dt>{t('portalRenewal.contractEnd')}</dt>
          <dd>{formatDay(view.keyDates.contractEnd, locale)}</dd>
          {view.keyDates.decisionDue ? (
            <>
              <dt>{t('portalRenewal.decisionDue')}</dt>
              <dd>{formatDay(view.keyDates.decisionDue, locale)}</dd>
            </>
          ) : null}
          <dt>{t('portalRenewal.currentValue')}</dt>
          <dd>{money(view.currentValue)}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="portal-proposal">
        <h2 id="portal-proposal">{t('portalRenewal.proposal')}</h2>
        {!view.proposal ? (
          <p className="muted">{t('portalRenewal.noProposal')}</p>
        ) : (
          <>
            <p>
              <strong>{t('portalRenewal.value', { value: money(view.proposal.value) })}</strong>
              {view.proposal.note ? ` · ${view.proposal.note}` : ''}
            </p>
            {view.proposal.link ? (
              <p>
                <a href={view.proposal.link} target="_blank" rel="noreferrer">
                  {t('portalRenewal.document')}
                </a>
              </p>
            ) : null}
          </>
        )}
        {view.response ? (
          <p data-testid="portal-proposal-answer">
            <Badge tone={view.response.kind === 'accepted' ? 'good' : 'info'}>✓</Badge>{' '}
            {view.response.kind === 'accepted'
              ? t('portalRenewal.accepted', {
                  name: view.response.name,
                  date: formatDay(view.response.at.slice(0, 10), locale),
                })
              : t('portalRenewal.callAsked', {
                  name: view.response.name,
                  date: formatDay(view.response.at.slice(0, 10), locale),
                })}
          </p>
        ) : null}
        {step ? (
          <>
            <form
              className="portal-step"
              data-step="accept-proposal"
              onSubmit={send('/proposal/accept', { text: step.statement[language] })}
            >
              <h3>{t('portalRenewal.accept')}</h3>
              {step.dueDate ? (
                <p className="small muted">{t('portal.due', { date: formatDay(step.dueDate, locale) })}</p>
              ) : null}
              <p className="small">{t('portal.statement')}</p>
              <blockquote className="portal-statement">{step.statement[language]}</blockquote>
              <label className="portal-agree">
                <input type="checkbox" name="agree" required /> {t('portal.agree')}
              </label>
              <button type="submit" className="button primary" disabled={busy}>
                {t('portalRenewal.accept')}
              </button>
            </form>
            <CallForm busy={busy} onSend={(body) => send('/proposal/call', body)} />
          </>
        ) : null}
        {error ? <ProblemNote error={error} /> : null}
      </section>
    </>
  );
}

function CallForm({
  busy,
  onSend,
}: {
  busy: boolean;
  onSend(body: unknown): (event: FormEvent<HTMLFormElement>) => Promise<void>;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <form className="portal-step" data-step="ask-for-call" onSubmit={onSend(note.trim() ? { note: note.trim() } : {})}>
      <label className="field">
        <span>{t('portalRenewal.callNote')}</span>
        <textarea rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" className="button secondary" disabled={busy}>
        {t('portalRenewal.call')}
      </button>
    </form>
  );
}
