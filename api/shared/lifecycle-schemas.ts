import { z } from 'zod';
import { planningDate } from '../launch/schemas';

const text = (max: number) => z.string().trim().min(1).max(max);

/** What the closing case already knows for the delivery handoff package; items left out start as missing. */
export const handoffPrefillSchema = z
  .strictObject({
    requirements: text(8000).optional(),
    commitments: text(8000).optional().meta({ description: 'What sales promised the customer' }),
    knownRisks: text(8000).optional(),
    targetGoLive: planningDate.optional().meta({ description: 'YYYY-MM-DD, not in the past' }),
  })
  .meta({ id: 'HandoffPrefill' });
