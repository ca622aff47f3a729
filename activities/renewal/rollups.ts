import { Prisma } from '../../db/generated/client';

/*
 * The renewal calendar's and forecast's rollup (migration 20261205001100_lean_renewal_rollups says
 * what it holds), changed by the projection in the statement that writes the terms: by the
 * difference between the terms as stored (`old`, read in that statement's snapshot after the
 * projection took the renewal's lock) and as written, so terms that did not change cancel out and
 * their keys are not touched; the keys that are touched are written in key order, so two projections
 * lock rollup rows in the same order.
 */

/** The term columns the rollup counts, as `RETURNING` and as the stored rows' select list. */
const COUNTED = Prisma.raw(
  'contract_end, region, tier, currency, outcome, at_risk, churn_reason, value, new_value, proposed_value',
);

/** The rollup rows of the terms in `t` (with a `sign` of 1 or -1), summed per key. */
const ROLLUP_ROWS = Prisma.sql`
  SELECT date_trunc('month', t.contract_end)::date, t.region, t.tier, t.currency, t.outcome, t.at_risk, t.churn_reason,
         sum(t.sign)::int, sum(t.sign * t.value), COALESCE(sum(t.sign * t.new_value), 0),
         (count(t.new_value) FILTER (WHERE t.sign > 0) - count(t.new_value) FILTER (WHERE t.sign < 0))::int,
         sum(t.sign * LEAST(t.new_value, t.value)), sum(t.sign * COALESCE(t.proposed_value, t.value))`;

/**
 * One statement: `upsert` (an INSERT INTO renewal_term ... ON CONFLICT DO UPDATE ... WHERE, without
 * RETURNING) and the rollup changes it makes.
 */
export function termsWithRollup(renewalId: string, upsert: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH old AS (SELECT number, ${COUNTED} FROM renewal_term WHERE renewal_id = ${renewalId}),
    up AS (${upsert} RETURNING number, ${COUNTED}),
    changes AS (
      SELECT up.*, 1 AS sign FROM up
      UNION ALL SELECT old.*, -1 AS sign FROM old WHERE old.number IN (SELECT number FROM up)
    )
    INSERT INTO renewal_term_month AS m (month, region, tier, currency, outcome, at_risk, churn_reason, count, value,
                                         new_value, new_values, kept, expected)
    ${ROLLUP_ROWS}
    FROM changes t
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    -- Terms that did not change cancel out: same key, and every sum back where it was.
    HAVING sum(t.sign) <> 0
        OR array_agg(ARRAY[t.value, t.new_value, t.proposed_value] ORDER BY t.value, t.new_value, t.proposed_value)
             FILTER (WHERE t.sign > 0)
           IS DISTINCT FROM
           array_agg(ARRAY[t.value, t.new_value, t.proposed_value] ORDER BY t.value, t.new_value, t.proposed_value)
             FILTER (WHERE t.sign < 0)
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (month, region, tier, currency, outcome, at_risk, churn_reason) DO UPDATE SET
      count = m.count + EXCLUDED.count, value = m.value + EXCLUDED.value, new_value = m.new_value + EXCLUDED.new_value,
      new_values = m.new_values + EXCLUDED.new_values, kept = m.kept + EXCLUDED.kept, expected = m.expected + EXCLUDED.expected`;
}

/** Counts the rollup again from the terms (for terms written around the projection: the benchmark's copies). */
export const RECOUNT_RENEWAL_ROLLUP: Prisma.Sql[] = [
  Prisma.sql`DELETE FROM renewal_term_month`,
  Prisma.sql`
    INSERT INTO renewal_term_month (month, region, tier, currency, outcome, at_risk, churn_reason, count, value, new_value,
                                    new_values, kept, expected)
    ${ROLLUP_ROWS}
    FROM (SELECT *, 1 AS sign FROM renewal_term) t
    GROUP BY 1, 2, 3, 4, 5, 6, 7`,
];
