import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import type { RenewalProjection } from '../../domain/renewal/projection';
import { eventColumns, storeCaseEvents } from '../shared/case-events';
import { termsWithRollup } from './rollups';
import { instant } from '../shared/sql-values';
import { storeCaseProfile } from '../shared/case-profile';
import { enqueueCaseEventsOut } from '../integrations/webhook-outbox';
import { storedStageEvent, timelineCaseEvents } from '../../domain/integrations/case-events';

/**
 * Writes a renewal's read model in one transaction: the renewal row and its term rows (only where
 * this projection is newer than the stored one, so a retried or late older write never wins), its
 * new timeline events, and one outbox row per notifying event and sink. Events and outbox rows are
 * keyed by the event's number, so a retry stores nothing twice.
 */
export function createRenewalProjection(db: Database, sinkNames: readonly string[]) {
  return {
    /** A changes-only projection (lean-renewal-small-payloads) carries only the term rows that changed: upserted alike. */
    async projectRenewal(projection: RenewalProjection): Promise<void> {
      const p = projection;
      const { term, health, nextStep } = p;
      await db.$transaction(async (tx) => {
        // Projections of one renewal take turns: each changes the rollup by what it found stored.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`renewal:${p.renewalId}`}))`;
        await storeCaseProfile(tx, p.renewalId, 'renewal', p.profile, p.sourceId, p.seq);
        // A renewal's stage follows from its steps with no timeline entry of its own: subscribers
        // hear of a move by what the row said before this write (read under the lock above).
        const [stored] = await tx.$queryRaw<{ stage: string; term: number; seq: number }[]>`
          SELECT stage, term_number AS term, projection_seq AS seq FROM renewal WHERE id = ${p.renewalId}`;
        await tx.$executeRaw`
          INSERT INTO renewal (id, workflow_id, account, region, contract_id, tier, currency, customer_success_owner, source_playbook,
                               source_id, calendar, stage, stage_entered_at, started_at, term_number, term_start, contract_end, value,
                               compressed, last_call, lapsed, steps, health_score, health_band, health_source, health_at, at_risk,
                               health_check_status, health_check_error, next_step_key, next_step_due, next_step_owner_role,
                               overdue_steps, ended_at, projection_seq, updated_at)
          VALUES (${p.renewalId}, ${p.workflowId}, ${p.account}, ${p.region}, ${p.contractId}, ${p.tier}, ${p.currency},
                  ${p.customerSuccessOwner}, ${p.sourcePlaybook}, ${p.sourceId}, ${p.calendar}, ${p.stage}, ${new Date(p.stageEnteredAt)},
                  ${new Date(p.startedAt)}, ${term.number}, ${term.termStart}::date, ${term.contractEnd}::date, ${term.value}::float8,
                  ${term.compressed}, ${term.lastCall}, ${term.lapsed}, ${JSON.stringify(term.steps)}::jsonb, ${health?.score ?? null}::int,
                  ${health?.band ?? null}, ${health?.source ?? null}, ${instant(health?.at ?? null)}::timestamptz, ${p.atRisk},
                  ${p.healthCheck.status}, ${p.healthCheck.lastError}, ${nextStep?.key ?? null}, ${nextStep?.dueDate ?? null}::date,
                  ${nextStep?.ownerRole ?? null}, ${p.overdueSteps}, ${instant(p.endedAt)}::timestamptz, ${p.seq}, now())
          ON CONFLICT (id) DO UPDATE SET
            account = EXCLUDED.account, region = EXCLUDED.region, contract_id = EXCLUDED.contract_id, tier = EXCLUDED.tier,
            currency = EXCLUDED.currency, customer_success_owner = EXCLUDED.customer_success_owner,
            source_playbook = EXCLUDED.source_playbook, source_id = EXCLUDED.source_id, calendar = EXCLUDED.calendar,
            stage = EXCLUDED.stage, stage_entered_at = EXCLUDED.stage_entered_at, started_at = EXCLUDED.started_at,
            term_number = EXCLUDED.term_number, term_start = EXCLUDED.term_start, contract_end = EXCLUDED.contract_end,
            value = EXCLUDED.value, compressed = EXCLUDED.compressed, last_call = EXCLUDED.last_call, lapsed = EXCLUDED.lapsed,
            steps = EXCLUDED.steps, health_score = EXCLUDED.health_score, health_band = EXCLUDED.health_band,
            health_source = EXCLUDED.health_source, health_at = EXCLUDED.health_at, at_risk = EXCLUDED.at_risk,
            health_check_status = EXCLUDED.health_check_status, health_check_error = EXCLUDED.health_check_error,
            next_step_key = EXCLUDED.next_step_key, next_step_due = EXCLUDED.next_step_due,
            next_step_owner_role = EXCLUDED.next_step_owner_role, overdue_steps = EXCLUDED.overdue_steps,
            ended_at = EXCLUDED.ended_at, projection_seq = EXCLUDED.projection_seq, updated_at = EXCLUDED.updated_at
          WHERE renewal.projection_seq < EXCLUDED.projection_seq`;
        const owner = { playbook: 'renewal', caseId: p.renewalId, region: p.region, account: p.account };
        const now = { stage: p.stage, term: p.term.number, enteredAt: p.stageEnteredAt };
        // Only a newer write moves the stage; an older one arriving late still carries its entries.
        const moved =
          !stored || stored.seq < p.seq ? storedStageEvent(owner, stored ?? null, now, p.events.at(-1)?.n ?? 0) : null;
        await enqueueCaseEventsOut(tx, p.renewalId, [
          ...(moved ? [moved] : []),
          ...timelineCaseEvents(owner, p.events),
        ]);
        if (p.terms.length > 0) {
          const rows = p.terms.map(
            (
              t,
            ) => Prisma.sql`(${p.renewalId}, ${t.number}::int, ${t.termStart}::date, ${t.contractEnd}::date, ${t.value}::float8, ${t.outcome},
              ${t.newValue}::float8, ${t.churnReason}, ${t.note}, ${instant(t.decidedAt)}::timestamptz, ${t.decidedBy},
              ${t.healthScore}::int, ${t.healthBand}, ${t.atRisk}, ${t.proposedValue}::float8, ${p.seq}::int, ${p.region}, ${p.tier},
              ${p.currency})`,
          );
          const upsert = Prisma.sql`
            INSERT INTO renewal_term (renewal_id, number, term_start, contract_end, value, outcome, new_value, churn_reason, note,
                                      decided_at, decided_by, health_score, health_band, at_risk, proposed_value, projection_seq,
                                      region, tier, currency)
            VALUES ${Prisma.join(rows)}
            ON CONFLICT (renewal_id, number) DO UPDATE SET
              term_start = EXCLUDED.term_start, contract_end = EXCLUDED.contract_end, value = EXCLUDED.value,
              outcome = EXCLUDED.outcome, new_value = EXCLUDED.new_value, churn_reason = EXCLUDED.churn_reason, note = EXCLUDED.note,
              decided_at = EXCLUDED.decided_at, decided_by = EXCLUDED.decided_by, health_score = EXCLUDED.health_score,
              health_band = EXCLUDED.health_band, at_risk = EXCLUDED.at_risk, proposed_value = EXCLUDED.proposed_value,
              projection_seq = EXCLUDED.projection_seq, region = EXCLUDED.region, tier = EXCLUDED.tier,
              currency = EXCLUDED.currency
            WHERE renewal_term.projection_seq < EXCLUDED.projection_seq`;
          await tx.$executeRaw(termsWithRollup(p.renewalId, upsert));
        }
        await storeCaseEvents(tx, {
          playbook: 'renewal',
          caseId: p.renewalId,
          title: `${p.account} · ${p.contractId}`,
          region: p.region,
          account: p.account,
          events: p.events,
          insertEvents: (events) =>
            tx.renewalEvent.createMany({
              data: events.map((event) => ({
                renewalId: p.renewalId,
                ...eventColumns(event),
                term: event.term,
                stepKey: event.stepKey ?? null,
              })),
              skipDuplicates: true,
            }),
          sinkNames,
        });
      });
    },
  };
}
