import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, call, segment } from '../api/client';
import type { PortalPoc } from '../api/types';
import { Badge, Loading, ProblemNote } from '../components/ui';
import { formatDay } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { usePortalView, type PortalCaseProps } from './portal-view';

const HEALTH = ['green', 'amber', 'red'] as const;
const HEALTH_TONE = { green: 'good', amber: 'warn', red: 'bad' } as const;

/**
 * A trial's customer in the portal (issue 16), phone width first: the agreed success criteria to
 * confirm (the exact words shown), how the trial goes for them, its end date and more days if needed.
 */
export function PortalPocCase(props: PortalCaseProps) {
  const { t, locale, language } = useI18n();
  const base = `/api/portal/pocs/${segment(props.session.caseId)}`;
  const live = usePortalView<PortalPoc>(base, props);
  const view = live.data;
  if (!view) return live.error ? <ProblemNote error={live.error} onRetry={live.reload} /> : <Loading />;
  const open = (kind: string) => view.steps.some((step) => step.kind === kind);
  const confirmStep = view.steps.find((step) => step.kind === 'confirm-criteria');
  const send = (path: string, body: unknown) => call('POST', `${base}${path}`, { body, token: props.session.token });

  return (
    <>
      <h1>{t('portal.hello', { name: view.contact.name })}</h1>
      <p className="muted">
        {t('portalPoc.trial', { account: view.account, product: view.product })} ·{' '}
        <span data-testid="portal-end-date">
          {view.kickoffDate
            ? t('portalPoc.runs', { date: formatDay(view.endDate, locale) })
            : t('portalPoc.starts', { date: formatDay(view.plannedStart, locale) })}
        </span>
      </p>

      <section className="card" aria-labelledby="portal-criteria">
        <h2 id="portal-criteria">{t('portalPoc.criteria')}</h2>
        <ol className="portal-plan">
          {view.criteria.map((criterion) => (
            <li key={criterion.key}>
              <strong>{criterion.description}</strong>
              <div className="small muted">{t('portalPoc.measuredBy', { how: criterion.measuredBy })}</div>
            </li>
          ))}
        </ol>
        {view.criteriaConfirmation ? (
          <p data-testid="portal-criteria-confirmed">
            <Badge tone="good">✓</Badge>{' '}
            {t('portalPoc.confirmedBy', {
              name: view.criteriaConfirmation.name,
              date: formatDay(view.criteriaConfirmation.at.slice(0, 10), locale),
            })}
          </p>
        ) : null}
        {confirmStep?.statement ? (
          <StepForm
            id="confirm-criteria"
            heading={t('portalPoc.confirmCriteria')}
            submitLabel={t('portal.confirm')}
            onSubmit={async () => send('/criteria/confirm', { text: confirmStep.statement![language] })}
            onDone={live.reload}
          >
            <p className="small">{t('portal.statement')}</p>
            <Statement statement={confirmStep.statement} />
            <label className="portal-agree">
              <input type="checkbox" name="agree" required /> {t('portal.agree')}
            </label>
          </StepForm>
        ) : null}
      </section>

      {open('feedback') || view.feedback.length ? (
        <section className="card" aria-labelledby="portal-feedback">
          <h2 id="portal-feedback">{t('portalPoc.feedback')}</h2>
          {open('feedback') ? (
            <StepForm
              id="feedback"
              submitLabel={t('portalPoc.send')}
              onSubmit={(form) => {
                const note = String(form.get('note') ?? '').trim();
                return send('/feedback', { health: form.get('health'), ...(note ? { note } : {}) });
              }}
              onDone={live.reload}
            >
              <fieldset className="field">
                <legend>{t('portalPoc.health')}</legend>
                {HEALTH.map((health) => (
                  <label key={health} className="checkbox">
                    <input type="radio" name="health" value={health} required /> {t(`portalPoc.health.${health}`)}
                  </label>
                ))}
              </fieldset>
              <label className="field">
                <span>{t('portalPoc.note')}</span>
                <textarea name="note" rows={3} maxLength={4000} />
              </label>
            </StepForm>
          ) : null}
          {view.feedback.length ? (
            <>
              <h3 className="small">{t('portalPoc.sent')}</h3>
              <ul className="plain small" data-testid="portal-feedback-list">
                {view.feedback.map((each) => (
                  <li key={each.at}>
                    <Badge tone={HEALTH_TONE[each.health as (typeof HEALTH)[number]] ?? 'neutral'}>
                      {t(`portalPoc.health.${each.health as (typeof HEALTH)[number]}`)}
                    </Badge>{' '}
                    {formatDay(each.at.slice(0, 10), locale)}
                    {each.note ? <p>{each.note}</p> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {open('request-extension') || view.extensions.length ? (
        <section className="card" aria-labelledby="portal-extension">
          <h2 id="portal-extension">{t('portalPoc.extension')}</h2>
          {view.extensions.length ? (
            <ul className="plain small" data-testid="portal-extensions">
              {view.extensions.map((extension) => (
                <li key={extension.requestedAt}>
                  +{extension.days} · {extension.reason} ·{' '}
                  <Badge tone={extension.status === 'approved' ? 'good' : 'neutral'}>
                    {t(`portalPoc.extension.${extension.status as 'pending' | 'approved' | 'rejected'}`)}
                  </Badge>
                </li>
              ))}
            </ul>
          ) : null}
          {open('request-extension') && view.extensionsLeft.count > 0 && view.extensionsLeft.days > 0 ? (
            <StepForm
              id="request-extension"
              submitLabel={t('portalPoc.ask')}
              onSubmit={(form) =>
                send('/extensions', { days: Number(form.get('days')), reason: String(form.get('reason') ?? '') })
              }
              onDone={live.reload}
            >
              <p className="small muted">
                {t('portalPoc.extensionLeft', { count: view.extensionsLeft.count, days: view.extensionsLeft.days })}
              </p>
              <label className="field">
                <span>{t('portalPoc.days')}</span>
                <input name="days" type="number" min={1} max={view.extensionsLeft.days} required inputMode="numeric" />
              </label>
              <label className="field">
                <span>{t('portalPoc.reason')}</span>
                <textarea name="reason" rows={2} required maxLength={2000} />
              </label>
            </StepForm>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function Statement({ statement }: { statement: { en: string; zh: string } }) {
  const { language } = useI18n();
  return <blockquote className="portal-statement">{statement[language]}</blockquote>;
}

/** One customer step as a form: sends, shows the API's refusal in place, and reloads the view when done. */
function StepForm({
  id,
  heading,
  submitLabel,
  onSubmit,
  onDone,
  children,
}: {
  id: string;
  heading?: string;
  submitLabel: string;
  onSubmit(form: FormData): Promise<unknown>;
  onDone(): Promise<void>;
  children: ReactNode;
}) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(new FormData(element));
      element.reset();
      await onDone();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="portal-step" onSubmit={submit} data-step={id} aria-label={heading ?? submitLabel}>
      {heading ? <h3>{heading}</h3> : null}
      {children}
      {error ? <ProblemNote error={error} /> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
