import { useEffect, useRef } from 'react';
import { get, segment } from '../api/client';
import type { LaunchState, WhatIfResult } from '../api/types';
import { Badge, ProblemNote, Section } from '../components/ui';
import { formatDay } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useLive } from '../lib/live';
import { titleIn } from '../../../domain/launch/shipped-titles';

/**
 * The run's schedule from today, as `GET /api/launches/:id/schedule` computes it: whether the
 * launch is at risk, each gate's projected ready date and slack, the earliest launch date and the
 * critical path. The what-if preview renders its answer with the same `ScheduleSummary`, so the
 * page and the preview cannot word or count the same model differently.
 */
export function LaunchSchedule({ state }: { state: LaunchState }) {
  const { t } = useI18n();
  const path = `/api/launches/${segment(state.launchId)}/schedule`;
  // Every 30 s, as days pass; and at once when anything is done on the run (a new seq), keeping the
  // last answer on screen meanwhile.
  const schedule = useLive(path, (signal) => get<WhatIfResult>(path, signal), 30);
  const { reload } = schedule;
  const seenSeq = useRef(state.seq);
  useEffect(() => {
    if (state.seq === seenSeq.current) return;
    seenSeq.current = state.seq;
    void reload();
  }, [state.seq, reload]);
  return (
    <Section title={t('schedule.title')} id="schedule">
      {schedule.error ? <ProblemNote error={schedule.error} /> : null}
      {schedule.data ? (
        <ScheduleSummary result={schedule.data} />
      ) : (
        <p className="muted small">{t('common.loading')}</p>
      )}
    </Section>
  );
}

/** At risk or on track, the gates, the earliest launch date and the critical path of one schedule answer. */
export function ScheduleSummary({ result }: { result: WhatIfResult }) {
  const { t, locale, language } = useI18n();
  const day = (date: string) => formatDay(date, locale);
  const gates = result.gates.filter((gate) => gate.slackDays !== null);
  return (
    <div className="schedule-summary">
      <p>
        {result.atRisk ? (
          <Badge tone="bad">{t('schedule.atRisk')}</Badge>
        ) : (
          <Badge tone="good">{t('schedule.onTrack')}</Badge>
        )}{' '}
        {result.earliestLaunchDate
          ? t('schedule.earliest', {
              launch: day(result.launchDate),
              earliest: day(result.earliestLaunchDate.date),
            })
          : t('schedule.noEarliest', { launch: day(result.launchDate) })}
      </p>
      {gates.length ? (
        <ul className="plain small">
          {gates.map((gate) => (
            <li key={gate.key} className={gate.atRisk ? 'late' : undefined}>
              {t(gate.atRisk ? 'schedule.gateAtRisk' : 'schedule.gate', {
                gate: titleIn(gate.title, language),
                ready: day(gate.projectedReadyDate),
                due: day(gate.newDueDate),
                slack: gate.slackDays ?? 0,
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {result.criticalPath.length ? (
        <>
          <h4>{t('launch.criticalPath')}</h4>
          <ol className="small critical-path">
            {result.criticalPath.map((step) => (
              <li key={step.key} className={step.slackDays < 0 ? 'late' : undefined}>
                {t('schedule.step', {
                  item: titleIn(step.title, language),
                  finish: day(step.projectedFinish),
                  latest: day(step.latestFinish),
                  slack: step.slackDays,
                })}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}
