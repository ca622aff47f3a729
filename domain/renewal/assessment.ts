import { addCalendarDays } from '../shared/business-calendar';
import { healthBand, healthScore, type HealthAnswer, type HealthAssessment, type HealthFigures } from './health';
import {
  addressee,
  appendEvent,
  completeStep,
  money,
  recipient,
  renewalNamed,
  stepOf,
  today,
  HEALTH_REVIEW_WINDOW_DAYS,
} from './transitions';
import { renewalSays, renewalText } from './text';
import type { HealthCheckRequest, RenewalState } from './types';

/**
 * Health assessments: figures from the health source (the workflow runs the check activity at the
 * health-review date and on demand) or posted by a person, scored by `healthScore`. An assessment in
 * the review window completes the health review; one that lands at-risk escalates at once.
 */

/** Scores figures and records the assessment; returns it. The caller bumps `seq`. */
export function assessHealth(
  state: RenewalState,
  figures: HealthFigures,
  source: HealthAssessment['source'],
  actor: string,
  now: Date,
): HealthAssessment {
  const { term, rules } = state;
  const { score, components } = healthScore(figures);
  const band = healthBand(score, rules);
  const before = { score: term.health?.score ?? null, band: term.health?.band ?? null, atRisk: term.atRisk };
  const assessment: HealthAssessment = { figures, score, band, components, source, at: now.toISOString(), by: actor };
  term.health = assessment;
  term.atRisk = band === 'at-risk';
  const review = stepOf(term, 'health_review');
  const inWindow = today(now) >= addCalendarDays(review.dueDate, -HEALTH_REVIEW_WINDOW_DAYS);
  const reviewed = inWindow && completeStep(state, 'health_review', actor, now, `health score ${score} (${band})`);
  const label = renewalNamed(state);
  const from = source === 'posted' ? renewalText('renewal.from.posted', { actor }) : renewalText('renewal.from.source');
  const weakest = [...components].sort((a, b) => a.points / a.max - b.points / b.max)[0]!;
  appendEvent(state, now, {
    type: 'renewal.health-assessed',
    actor,
    stepKey: 'health_review',
    ...(reviewed
      ? renewalSays('renewal.health-assessed.reviewed', { label, from, score, band, weakest: weakest.detail })
      : review.status === 'open'
        ? renewalSays('renewal.health-assessed.early', {
            label,
            from,
            score,
            band,
            weakest: weakest.detail,
            dueDate: review.dueDate,
            windowStart: addCalendarDays(review.dueDate, -HEALTH_REVIEW_WINDOW_DAYS),
          })
        : renewalSays('renewal.health-assessed', { label, from, score, band, weakest: weakest.detail })),
    before,
    after: {
      score,
      band,
      atRisk: term.atRisk,
      source,
      components: components.map(({ key, points, max }) => ({ key, points, max })),
    },
    notify: recipient(state, 'customer_success'),
  });
  if (term.atRisk && !before.atRisk) {
    const who = recipient(state, 'ops_manager');
    appendEvent(state, now, {
      type: 'renewal.at-risk-escalation',
      actor: 'baton',
      stepKey: 'health_review',
      ...renewalSays('renewal.at-risk-escalation', {
        who: addressee(who),
        label,
        score,
        threshold: rules.atRiskBelow,
        value: money(state, term.value),
        contractEnd: term.contractEnd,
        owner: state.customerSuccessOwner ?? renewalText('renewal.not-assigned'),
      }),
      before: { atRisk: false },
      after: { atRisk: true, score, contractEnd: term.contractEnd, value: term.value },
      notify: who,
    });
  }
  return assessment;
}

/** Asks the workflow to run the health check (a new round); the caller bumps `seq`. */
export function requestHealthCheck(state: RenewalState, actor: string, now: Date, why: string): void {
  const check = state.healthCheck;
  const before = { status: check.status, round: check.round };
  check.round += 1;
  check.status = 'requested';
  check.requestedAt = now.toISOString();
  check.requestedBy = actor;
  appendEvent(state, now, {
    type: 'renewal.health-check-requested',
    actor,
    stepKey: 'health_review',
    ...renewalSays('renewal.health-check-requested', {
      actor: actor === 'baton' ? 'Baton' : actor,
      label: renewalNamed(state),
      why,
    }),
    before,
    after: { status: 'requested', round: check.round },
  });
}

export function healthCheckRequest(state: RenewalState): HealthCheckRequest {
  return {
    renewalId: state.renewalId,
    account: state.account,
    contractId: state.contractId,
    region: state.region,
    term: state.term.number,
    round: state.healthCheck.round,
    termStart: state.term.termStart,
    contractEnd: state.term.contractEnd,
  };
}

/** The health source answered: the figures are assessed (they describe the customer now, whichever round asked). */
export function healthCheckSucceeded(state: RenewalState, round: number, answer: HealthAnswer, now: Date): void {
  if ('byHand' in answer) {
    askForFiguresByHand(state, round, now);
    return;
  }
  const figures = answer;
  if (round === state.healthCheck.round) {
    state.healthCheck.status = 'succeeded';
    delete state.healthCheck.lastError;
    delete state.healthCheck.failedAt;
  }
  assessHealth(state, figures, 'health-source', 'baton', now);
  state.seq += 1;
}

/** No health source is connected: entering the figures is customer success's step, without alarm. */
function askForFiguresByHand(state: RenewalState, round: number, now: Date): void {
  if (round !== state.healthCheck.round) return;
  state.healthCheck.status = 'by-hand';
  const review = stepOf(state.term, 'health_review');
  appendEvent(state, now, {
    type: 'renewal.health-figures-wanted',
    actor: 'baton',
    stepKey: 'health_review',
    ...renewalSays('renewal.health-figures-wanted', {
      label: renewalNamed(state),
      dueDate: review.status === 'open' ? review.dueDate : undefined,
    }),
    before: { status: 'requested' },
    after: { status: 'by-hand', round },
    notify: recipient(state, 'customer_success'),
  });
  state.seq += 1;
}

/** Retries are spent: the review waits, visibly, for figures entered by a person. */
export function healthCheckFailed(state: RenewalState, round: number, error: string, now: Date): void {
  if (round !== state.healthCheck.round) return;
  state.healthCheck.status = 'failed';
  state.healthCheck.lastError = error;
  state.healthCheck.failedAt = now.toISOString();
  const review = stepOf(state.term, 'health_review');
  appendEvent(state, now, {
    type: 'renewal.health-check-failed',
    actor: 'baton',
    stepKey: 'health_review',
    ...renewalSays('renewal.health-check-failed', {
      label: renewalNamed(state),
      error,
      dueDate: review.status === 'open' ? review.dueDate : undefined,
    }),
    before: { status: 'requested' },
    after: { status: 'failed', round, error },
    notify: recipient(state, 'customer_success'),
  });
  state.seq += 1;
}
