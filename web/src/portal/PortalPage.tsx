import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, call, segment } from '../api/client';
import type { PortalHandoff, PortalSession, PortalStep } from '../api/types';
import { Badge, LanguageToggle, Loading, ProblemNote } from '../components/ui';
import { formatDay } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { milestoneTitleIn } from '../../../domain/handoff/shipped-titles';
import { PortalPocCase } from './PortalPoc';
import { PortalRenewalCase } from './PortalRenewal';
import { MilestoneRating } from './MilestoneRating';
import { usePortalView, type PortalCaseProps, type Stored } from './portal-view';

/** Where this device keeps its portal session (never the link's secret, which leaves the address bar at once). */
const STORE = 'baton.portal';

function stored(): Stored | null {
  try {
    const value = JSON.parse(localStorage.getItem(STORE) ?? 'null') as Stored | null;
    return value?.token && value.caseId ? value : null;
  } catch {
    return null;
  }
}

/**
 * The customer portal (issue 16): the same web app with its own minimal chrome, phone width first.
 * The magic link's secret arrives in the address's fragment; it is exchanged for this device's
 * session and removed from the address. The customer sees their one case: the milestone plan, the
 * steps waiting on them with the exact words they agree to, and what they signed.
 */
export function PortalPage() {
  const { t } = useI18n();
  // The link's secret, read once; without one this device uses the session it already has.
  const [secret] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('invite'));
  const [session, setSession] = useState<Stored | null | undefined>(() => (secret ? undefined : stored()));
  const [problem, setProblem] = useState<ApiError>();
  const [adoptLanguage, setAdoptLanguage] = useState(false);

  useEffect(() => {
    if (!secret) return;
    window.history.replaceState(null, '', window.location.pathname);
    call<PortalSession>('POST', '/api/portal/sign-in', { body: { invitation: secret }, token: null }).then(
      ({ data }) => {
        const next = { token: data.token, caseId: data.caseId };
        localStorage.setItem(STORE, JSON.stringify(next));
        setAdoptLanguage(true);
        setSession(next);
      },
      (error: unknown) => {
        setProblem(error instanceof ApiError ? error : new ApiError(0, 'Error', String(error)));
        setSession(null);
      },
    );
  }, [secret]);

  const signOut = async () => {
    if (session) await call('POST', '/api/portal/sign-out', { token: session.token }).catch(() => undefined);
    localStorage.removeItem(STORE);
    setSession(null);
    setProblem(new ApiError(401, t('portal.signedOut'), undefined));
  };

  return (
    <div className="portal">
      <header className="portal-bar">
        <strong>{t('portal.title')}</strong>
        <span className="portal-bar-actions">
          <LanguageToggle />
          {session ? (
            <button type="button" className="button secondary small" onClick={() => void signOut()}>
              {t('portal.signOut')}
            </button>
          ) : null}
        </span>
      </header>
      <main id="main" className="portal-main">
        {session === undefined ? (
          <p role="status">{t('portal.signingIn')}</p>
        ) : session === null ? (
          <p className="empty" role="status">
            {problem?.status === 401 && problem.detail
              ? t('portal.expired', { detail: problem.detail })
              : (problem?.title ?? t('portal.noSession'))}
          </p>
        ) : (
          <CasePage
            session={session}
            adoptLanguage={adoptLanguage}
            onLanguageAdopted={() => setAdoptLanguage(false)}
            onUnauthorized={(error) => {
              localStorage.removeItem(STORE);
              setProblem(error);
              setSession(null);
            }}
          />
        )}
      </main>
    </div>
  );
}

/** The page for the session's case: a trial's or a handoff's. */
function CasePage(props: PortalCaseProps) {
  if (props.session.caseId.startsWith('poc:')) return <PortalPocCase {...props} />;
  if (props.session.caseId.startsWith('renewal:')) return <PortalRenewalCase {...props} />;
  return <PortalCase {...props} />;
}

function PortalCase(props: PortalCaseProps) {
  const { session } = props;
  const { t, language, locale } = useI18n();
  const live = usePortalView<PortalHandoff>(`/api/portal/handoffs/${segment(session.caseId)}`, props);
  const view = live.data;

  if (!view) return live.error ? <ProblemNote error={live.error} onRetry={live.reload} /> : <Loading />;
  return (
    <>
      <h1>{t('portal.hello', { name: view.contact.name })}</h1>
      <p className="muted">
        {t('portal.project', { account: view.account, project: view.project })}
        {view.targetGoLive ? ` · ${t('portal.goLive', { date: formatDay(view.targetGoLive, locale) })}` : ''}
      </p>
      <section className="card" aria-labelledby="portal-todo">
        <h2 id="portal-todo">{t('portal.todo')}</h2>
        {view.steps.length === 0 ? (
          <p className="muted">{t('portal.nothingToDo')}</p>
        ) : (
          view.steps.map((step) => (
            <StepForm
              key={step.milestoneKey ?? step.kind}
              step={step}
              view={view}
              token={session.token}
              onDone={live.reload}
            />
          ))
        )}
        {view.acceptance?.viaPortal ? (
          <p data-testid="portal-accepted">
            <Badge tone="good">✓</Badge>{' '}
            {t('portal.accepted', {
              name: view.acceptance.signedBy,
              date: formatDay(view.acceptance.signedOn, locale),
            })}
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="portal-plan">
        <h2 id="portal-plan">{t('portal.plan')}</h2>
        <ol className="portal-plan">
          {view.milestones.map((milestone) => (
            <li key={milestone.key} data-milestone={milestone.key}>
              <strong>{milestoneTitleIn(milestone.title, language)}</strong>{' '}
              <Badge tone={milestone.status === 'done' ? 'good' : 'neutral'}>
                {t(`portal.status.${milestone.status as 'planned' | 'in_progress' | 'done'}`)}
              </Badge>
              <div className="small muted">
                {milestone.completedAt
                  ? t('portal.doneOn', { date: formatDay(milestone.completedAt.slice(0, 10), locale) })
                  : t('portal.due', { date: formatDay(milestone.dueDate, locale) })}
                {milestone.confirmedByCustomer
                  ? ` · ${t('portal.confirmedBy', { name: milestone.confirmedByCustomer.name })}`
                  : ''}
                {milestone.rating ? ` · ${t('csat.given', { score: milestone.rating.score })}` : ''}
              </div>
              {milestone.rateable ? (
                <MilestoneRating
                  caseId={view.caseId}
                  milestoneKey={milestone.key}
                  token={session.token}
                  onDone={live.reload}
                />
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function StepForm({
  step,
  view,
  token,
  onDone,
}: {
  step: PortalStep;
  view: PortalHandoff;
  token: string;
  onDone(): Promise<void>;
}) {
  const { t, language, locale } = useI18n();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const statement = step.statement[language];
  const accept = step.kind === 'accept';
  const heading = accept
    ? t('portal.acceptStep')
    : t('portal.confirmStep', { title: milestoneTitleIn(step.title ?? '', language) });
  const id = `step-${step.milestoneKey ?? step.kind}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const title = String(form.get('title') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const base = `/api/portal/handoffs/${segment(view.caseId)}`;
      const path = accept ? `${base}/acceptance` : `${base}/milestones/${segment(step.milestoneKey ?? '')}/confirm`;
      // No If-Match: staff moving other milestones meanwhile must not refuse the customer; the API
      // checks instead that the words signed are this step's statement.
      await call('POST', path, { body: { text: statement, ...(title ? { title } : {}) }, token });
      await onDone();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="portal-step" onSubmit={submit} aria-labelledby={id} data-step={step.milestoneKey ?? step.kind}>
      <h3 id={id}>{heading}</h3>
      {step.dueDate ? (
        <p className="small muted">{t('portal.due', { date: formatDay(step.dueDate, locale) })}</p>
      ) : null}
      <p className="small">{t('portal.statement')}</p>
      <blockquote className="portal-statement">{statement}</blockquote>
      {accept ? (
        <label className="field">
          <span>{t('portal.jobTitle')}</span>
          <input name="title" autoComplete="organization-title" />
        </label>
      ) : null}
      <label className="portal-agree">
        <input type="checkbox" name="agree" required /> {t('portal.agree')}
      </label>
      {error ? <ProblemNote error={error} /> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {accept ? t('portal.sign') : t('portal.confirm')}
      </button>
    </form>
  );
}
