import { z } from 'zod';
import type { HealthFigures } from './health';

/**
 * The schemas of a customer's usage figures, for the API (posted figures) and the health-check activity
 * (the health source's answer). Workflow code reads posted figures with health-figures.ts instead, which
 * words its problems the same way: zod must stay out of the workflow bundle.
 */

const figureFields = {
  seatsPurchased: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .meta({ description: 'Seats (licences) the contract pays for' }),
  activeUsers: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .meta({ description: 'Distinct users active in the last 30 days' }),
  activationRate: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .meta({ description: 'Share of provisioned users who finished onboarding, 0-1' }),
  usageTrend: z
    .number()
    .min(-1)
    .max(100)
    .optional()
    .meta({ description: 'Change in usage over the last 90 days as a fraction: -0.2 is 20% down, 0.1 is 10% up' }),
  openCriticalTickets: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .meta({ description: 'Support tickets of critical severity still open' }),
  nps: z
    .number()
    .int()
    .min(-100)
    .max(100)
    .optional()
    .meta({ description: "The customer's latest Net Promoter Score, -100 to 100" }),
  asOf: z.iso.date().optional().meta({ description: 'The day the figures describe' }),
};

/** Figures as a person posts them: unknown fields are refused. */
export const healthFiguresSchema = z.strictObject(figureFields).meta({ id: 'HealthFigures' });
/** Figures as the health source answers: fields Baton does not use are ignored. */
export const healthSourceAnswerSchema = z.object(figureFields);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema's output and health.ts's HealthFigures drift apart. */
export const HEALTH_FIGURE_TYPES_AGREE: Same<z.output<typeof healthFiguresSchema>, HealthFigures> = true;
