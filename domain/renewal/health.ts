import type { HealthBand } from './types';

/**
 * Usage figures of one customer, from the health source (a webhook) or posted by a person, and
 * the health score Baton computes from them. No zod here: the renewal workflow imports this module.
 */

/**
 * A customer's usage figures; health-schema.ts holds their schema (the API's and the health source's). A
 * type, not an interface, so the schema's output and JSON read from the database convert to it.
 */
export type HealthFigures = {
  /** Seats (licences) the contract pays for. */
  seatsPurchased: number;
  /** Distinct users active in the last 30 days. */
  activeUsers: number;
  /** Share of provisioned users who finished onboarding, 0-1. */
  activationRate?: number;
  /** Change in usage over the last 90 days as a fraction: -0.2 is 20% down, 0.1 is 10% up. */
  usageTrend?: number;
  /** Support tickets of critical severity still open. */
  openCriticalTickets: number;
  /** The customer's latest Net Promoter Score, -100 to 100. */
  nps?: number;
  /** The day the figures describe. */
  asOf?: string;
};

/** What the health check answers: the figures, or that people enter them (no health source connected). */
export type HealthAnswer = HealthFigures | { byHand: true };

export interface HealthComponent {
  key: 'seat-utilisation' | 'activation' | 'usage-trend' | 'critical-tickets' | 'nps';
  points: number;
  max: number;
  detail: string;
}

export interface HealthAssessment {
  figures: HealthFigures;
  /** 0-100. */
  score: number;
  band: HealthBand;
  components: HealthComponent[];
  source: 'health-source' | 'posted';
  at: string;
  by: string;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const round1 = (value: number) => Math.round(value * 10) / 10;
const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

/**
 * The health score of a customer, 0-100, from five components (points earned / points possible):
 *
 * - **Seat utilisation**, 30 points: active users / seats purchased; full points at 80% or more,
 *   proportionally less below (40% earns 15).
 * - **Activation**, 20 points: the activation rate; full points at 90% or more, proportionally less below.
 * - **Usage trend**, 20 points: the 90-day change in usage; full points at +10% or better, none at
 *   -30% or worse, linear in between (-10% earns 10).
 * - **Critical tickets**, 15 points: 15 with none open, 5 fewer per open critical ticket (none at 3 or more).
 * - **NPS**, 15 points: full points at +50 or better, none at -50 or worse, linear in between (0 earns 7.5).
 *
 * Seats, active users and critical tickets are always given; activation, usage trend and NPS are
 * optional, and a missing one is left out: the score is the points earned over the points of the
 * components present, times 100, rounded to a whole number.
 */
export function healthScore(figures: HealthFigures): { score: number; components: HealthComponent[] } {
  const utilisation = figures.activeUsers / figures.seatsPurchased;
  const components: HealthComponent[] = [
    {
      key: 'seat-utilisation',
      max: 30,
      points: round1(30 * clamp01(utilisation / 0.8)),
      detail: `${figures.activeUsers} of ${figures.seatsPurchased} seats active (${percent(utilisation)}; full points from 80%)`,
    },
  ];
  if (figures.activationRate !== undefined) {
    components.push({
      key: 'activation',
      max: 20,
      points: round1(20 * clamp01(figures.activationRate / 0.9)),
      detail: `activation rate ${percent(figures.activationRate)} (full points from 90%)`,
    });
  }
  if (figures.usageTrend !== undefined) {
    components.push({
      key: 'usage-trend',
      max: 20,
      points: round1(20 * clamp01((figures.usageTrend + 0.3) / 0.4)),
      detail: `usage ${figures.usageTrend >= 0 ? 'up' : 'down'} ${percent(Math.abs(figures.usageTrend))} over 90 days (full points from +10%, none from -30%)`,
    });
  }
  components.push({
    key: 'critical-tickets',
    max: 15,
    points: Math.max(0, 15 - 5 * figures.openCriticalTickets),
    detail: `${figures.openCriticalTickets} critical ticket${figures.openCriticalTickets === 1 ? '' : 's'} open (5 points off each)`,
  });
  if (figures.nps !== undefined) {
    components.push({
      key: 'nps',
      max: 15,
      points: round1(15 * clamp01((figures.nps + 50) / 100)),
      detail: `NPS ${figures.nps} (full points from +50, none from -50)`,
    });
  }
  const earned = components.reduce((sum, component) => sum + component.points, 0);
  const possible = components.reduce((sum, component) => sum + component.max, 0);
  return { score: Math.round((100 * earned) / possible), components };
}

/** healthy at `watchBelow` or more, at-risk below `atRiskBelow`, watch in between. */
export function healthBand(score: number, thresholds: { watchBelow: number; atRiskBelow: number }): HealthBand {
  if (score < thresholds.atRiskBelow) return 'at-risk';
  return score < thresholds.watchBelow ? 'watch' : 'healthy';
}
