import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApiError, FieldError } from '../api/client';
import { formatDay, formatInstant } from '../lib/format';
import { isMessageKey, useI18n } from '../lib/i18n';

export function PageHeader({ title, intro, actions }: { title: string; intro?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {intro ? <p className="muted">{intro}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t('common.loading')}
    </p>
  );
}

export function Empty({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <p>{children}</p>
      {action}
    </div>
  );
}

/** A problem from the API: its title and detail, and each field error that no form field shows. */
export function ProblemNote({
  error,
  onRetry,
  fields = [],
}: {
  error: ApiError;
  onRetry?: () => void;
  fields?: readonly string[];
}) {
  const { t, language } = useI18n();
  const statusTitle = `problem.${error.status}`;
  // The API's titles are stable English; a Chinese reader gets the status worded, the detail comes translated.
  const title =
    error.status === 0
      ? t('common.problem')
      : language === 'zh' && isMessageKey(statusTitle)
        ? t(statusTitle)
        : error.title;
  const loose = error.errors.filter((issue) => !fields.some((field) => matches(issue, field)));
  const someOnFields = error.errors.length > loose.length;
  return (
    <div className="problem" role="alert">
      <strong>{title}</strong>
      {error.detail ? <p>{error.detail}</p> : null}
      {someOnFields ? <p>{t('common.fieldsToFix')}</p> : null}
      {loose.length > 0 ? (
        <ul>
          {loose.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** Data on screen, but the last refresh failed: say so quietly and keep the data. */
export function StaleNote({ error }: { error: ApiError | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="stale" role="status">
      {t('common.staleData', { message: error.detail ?? error.title })}
    </p>
  );
}

const matches = (issue: FieldError, field: string) => issue.path === field || issue.path.startsWith(`${field}.`);

/** The API's messages for one field (its path or anything below it). */
export function fieldErrors(error: ApiError | undefined, field: string): string[] {
  return error ? error.errors.filter((issue) => matches(issue, field)).map((issue) => issue.message) : [];
}

interface FieldProps {
  label: string;
  /** The field's path in the API's body, which is how its errors are matched. */
  name: string;
  error?: ApiError;
  hint?: ReactNode;
  required?: boolean;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
    name: string;
    required?: boolean;
  }) => ReactNode;
}

/** A labelled input with its hint and the API's own messages for it. */
export function Field({ label, name, error, hint, required, children }: FieldProps) {
  const { t } = useI18n();
  const id = useId();
  const messages = fieldErrors(error, name);
  const described = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${messages.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required-mark" title={t('common.required')}>
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children({
        id,
        'aria-invalid': messages.length > 0,
        'aria-describedby': described || undefined,
        name,
        required,
      })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {messages.length ? (
        <p className="field-error" id={`${id}-error`}>
          {messages.join('; ')}
        </p>
      ) : null}
    </div>
  );
}

type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge ${tone}`}>{children}</span>;
}

const TONES: Record<string, Tone> = {
  done: 'good',
  launched: 'good',
  converted: 'good',
  closed_won: 'good',
  met: 'good',
  approved: 'good',
  green: 'good',
  blocked: 'warn',
  amber: 'warn',
  provisioning_failed: 'bad',
  pending: 'warn',
  skipped: 'neutral',
  lost: 'bad',
  closed_lost: 'bad',
  rejected: 'bad',
  expired: 'bad',
  unmet: 'bad',
  red: 'bad',
  declined: 'bad',
  in_progress: 'info',
  active: 'info',
};

/** A state from the API with its label in the reader's language. */
export function StateBadge({ kind, value }: { kind: string; value: string }) {
  const { label } = useI18n();
  return <Badge tone={TONES[value] ?? 'neutral'}>{label(kind, value)}</Badge>;
}

export function OverdueBadge() {
  const { t } = useI18n();
  return <Badge tone="bad">{t('common.overdue')}</Badge>;
}

export function Day({ value }: { value: string | null | undefined }) {
  const { locale } = useI18n();
  if (!value) return null;
  return <time dateTime={value}>{formatDay(value, locale)}</time>;
}

export function Instant({ value }: { value: string | null | undefined }) {
  const { locale } = useI18n();
  if (!value) return null;
  return <time dateTime={value}>{formatInstant(value, locale)}</time>;
}

/** One headline figure of a dashboard. */
export function Kpi({ label, value, bad }: { label: string; value: string | number; bad?: boolean }) {
  return (
    <div className={`kpi${bad ? ' bad' : ''}`}>
      <span className="kpi-value">{value}</span>
      <span className="kpi-label">{label}</span>
    </div>
  );
}

/**
 * What a detail page shows before it has its object: loading, "not found" (also for another
 * region's, which the API answers 404), or the problem with a retry.
 */
export function DetailFallback({
  live,
  title,
  notFound,
}: {
  live: { loading: boolean; error?: ApiError; reload(): void };
  title: string;
  notFound: string;
}) {
  if (live.loading || !live.error) return <Loading />;
  return (
    <>
      <PageHeader title={title} />
      {live.error.status === 404 ? <Empty>{notFound}</Empty> : <ProblemNote error={live.error} onRetry={live.reload} />}
    </>
  );
}

/** A table's column headings. */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A table that scrolls sideways on narrow screens, with its column headings; `children` are its rows. */
export function Table({
  columns,
  checklist,
  children,
}: {
  columns: readonly string[];
  checklist?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={checklist ? 'table checklist' : 'table'}>
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A checklist of dated, owned steps (launch items, milestones, renewal steps): item, owner, due, state, then `more`. */
export function ChecklistTable({ more = [], children }: { more?: readonly string[]; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Table
      columns={[t('launch.item'), t('launch.ownerCol'), t('launch.dueCol'), t('launch.stateCol'), ...more]}
      checklist
    >
      {children}
    </Table>
  );
}

/** A live read's state above what it shows: loading, failed before any data (with a retry), or stale. */
export function LiveStatus({ live }: { live: { data?: unknown; error?: ApiError; loading: boolean; reload(): void } }) {
  return (
    <>
      {live.loading ? <Loading /> : null}
      {live.error && !live.data ? (
        <ProblemNote error={live.error} onRetry={live.reload} />
      ) : (
        <StaleNote error={live.error} />
      )}
    </>
  );
}

/** A list from the API in its states: loading, failed (with a retry), empty, or its rows. */
export function LiveList<T>({
  live,
  empty,
  children,
}: {
  live: { data?: { items: T[] }; error?: ApiError; loading: boolean; reload(): void };
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (live.loading) return <Loading />;
  if (!live.data) return live.error ? <ProblemNote error={live.error} onRetry={live.reload} /> : null;
  return live.data.items.length === 0 ? <Empty>{empty}</Empty> : <>{children(live.data.items)}</>;
}

export function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className="progress">
      <progress max={total || 1} value={done} aria-label={label}>
        {percent}%
      </progress>
      <span>{label}</span>
    </div>
  );
}

export function ButtonLink({
  to,
  children,
  tone = 'primary',
}: {
  to: string;
  children: ReactNode;
  tone?: 'primary' | 'secondary';
}) {
  return (
    <Link className={`button ${tone}`} to={to}>
      {children}
    </Link>
  );
}

export function Section({
  title,
  children,
  actions,
  id,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  id?: string;
}) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId} id={id}>
      <div className="card-header">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/**
 * A list of timeline events, newest first. `describe` may word an event in the reader's language;
 * the summary the server recorded stands where it gives nothing.
 */
export function Timeline<
  Event extends {
    n: number;
    at: string;
    actor: string;
    summary: string;
    type: string;
    /** The role the actor acted in and the minutes they recorded (issue 21), when the action said. */
    actorRole?: string;
    effortMinutes?: number;
  },
>({ events, describe }: { events: ReadonlyArray<Event>; describe?: (event: Event) => string | undefined }) {
  const { t, label } = useI18n();
  if (events.length === 0) return <Empty>{t('common.none')}</Empty>;
  return (
    <ol className="timeline">
      {[...events]
        .sort((a, b) => b.n - a.n)
        .map((event) => (
          <li key={event.n}>
            <Instant value={event.at} /> <span className="actor">{event.actor}</span>
            {event.actorRole ? <span className="actor"> · {label('role', event.actorRole)}</span> : null}
            {event.effortMinutes ? (
              <span className="actor"> · {t('effort.spent', { minutes: event.effortMinutes })}</span>
            ) : null}
            <p>{describe?.(event) ?? event.summary}</p>
          </li>
        ))}
    </ol>
  );
}

/** Switches the board between English and Chinese (the button names the other language, in that language). */
export function LanguageToggle() {
  const { t, language, setLanguage } = useI18n();
  return (
    <button
      type="button"
      className="button secondary small"
      lang={language === 'en' ? 'zh-CN' : 'en'}
      aria-label={t('app.languageLabel')}
      onClick={() => setLanguage(language === 'en' ? 'zh' : 'en')}
    >
      {t('app.language')}
    </button>
  );
}
