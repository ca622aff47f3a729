import { useState } from 'react';
import { ApiError, post } from '../api/client';
import { Badge, OverdueBadge, ProblemNote } from '../components/ui';
import { formatDay } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { titleIn } from '../../../domain/launch/shipped-titles';

/** POST /api/templates/:key/schedule-preview's answer (api/admin/templates.ts). */
interface SchedulePreview {
  items: { key: string; title: string; date: string; approximate: boolean; overdue: boolean }[];
  gates: { key: string; title: string; date: string }[];
  earliestLaunchDate: { date: string; decidingItem: string | null } | null;
}

/**
 * The schedule a launch would start with, before it is started (newcomer walk 10): every due date
 * on the chosen calendar, what would already be late, and the earliest launch date the template
 * allows from today. It asks the template preview, which counts with the runs' schedule model.
 */
export function LaunchStartPreview({ launchDate, calendar }: { launchDate?: unknown; calendar?: unknown }) {
  const { t, locale, language } = useI18n();
  const [shown, setShown] = useState<{ asked: string; preview: SchedulePreview }>();
  const [error, setError] = useState<ApiError>();
  const asked = `${String(launchDate)}|${String(calendar ?? 'mon-fri')}`;
  const day = (date: string) => formatDay(date, locale);
  const ask = async () => {
    setError(undefined);
    try {
      const preview = await post<SchedulePreview>('/api/templates/launch-readiness/schedule-preview', {
        launchDate,
        calendar: calendar ?? 'mon-fri',
      });
      setShown({ asked, preview });
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, 'Error', String(problem)));
    }
  };
  // A preview of other dates than the form now holds is not shown: it would mislead.
  const preview = shown?.asked === asked ? shown.preview : undefined;
  const late = preview?.items.filter((item) => item.overdue) ?? [];
  return (
    <div className="start-preview" aria-live="polite">
      <button
        type="button"
        className="button secondary"
        disabled={typeof launchDate !== 'string'}
        onClick={() => void ask()}
      >
        {t('startPreview.show')}
      </button>
      {error ? <ProblemNote error={error} fields={[]} /> : null}
      {preview ? (
        <section aria-label={t('startPreview.title')}>
          <h3>{t('startPreview.title')}</h3>
          {late.length ? (
            <p className="late">
              <Badge tone="bad">{t('schedule.atRisk')}</Badge> {t('startPreview.late', { count: late.length })}
            </p>
          ) : null}
          {preview.earliestLaunchDate ? (
            <p>{t('startPreview.earliest', { date: day(preview.earliestLaunchDate.date) })}</p>
          ) : null}
          <ul className="plain small">
            {preview.gates.map((gate) => (
              <li key={gate.key}>
                {t('startPreview.gate', { gate: titleIn(gate.title, language), date: day(gate.date) })}
              </li>
            ))}
            {preview.items.map((item) => (
              <li key={item.key}>
                {titleIn(item.title, language)}: {day(item.date)}
                {item.overdue ? (
                  <>
                    {' '}
                    <OverdueBadge />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
