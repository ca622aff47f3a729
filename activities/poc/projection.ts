import { Prisma } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import type { PocProjection, PocProjectionChanges } from '../../domain/poc/projection';
import { eventColumns, storeCaseEvents } from '../shared/case-events';
import { instant, jsonb } from '../shared/sql-values';
import { trialWithRollups, visitsWithRollups } from './rollups';
import { storeCaseProfile } from '../shared/case-profile';
import { withStoredLists } from '../shared/stored-lists';

/** The lists a changes-only projection may leave out (lean-poc-small-payloads), and their columns in poc_trial. */
const STORED_LISTS = { stageHistory: 'stage_history', criteria: 'criteria' } as const;

/**
 * Writes a trial's read model in one transaction: the trial row and its stage visits with the
 * dashboard's rollups (only when this projection is newer than the stored one, so a retried or late
 * older write never wins),
 * its new timeline events, and one outbox row per notifying event and sink. Events and outbox
 * rows are keyed by the event's number, so a retry stores nothing twice.
 */
export function createPocProjection(db: Database, sinkNames: readonly string[]) {
  return {
    async projectPoc(projection: PocProjection | PocProjectionChanges): Promise<void> {
      const outcome = projection.outcome;
      await db.$transaction(async (tx) => {
        // Projections of one trial take turns: each changes the rollups by what it found stored.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`poc:${projection.trialId}`}))`;
        const p = await withStoredLists<PocProjection, keyof typeof STORED_LISTS>(
          tx,
          projection,
          'poc_trial',
          projection.trialId,
          STORED_LISTS,
        );
        await storeCaseProfile(tx, p.trialId, 'poc', p.profile, null, p.seq);
        const upsert = Prisma.sql`
          INSERT INTO poc_trial (id, workflow_id, account, region, industry, opportunity_id, amount, currency, product,
                                 sales_owner, presales, ops_supporters, regional_ops, calendar, stage, stage_entered_at,
                                 stage_history, at_risk, risk_reasons, requested_at, requested_by, approval_due_date,
                                 approval_overdue, auto_approved, planned_start, end_date, expires_on, kickoff_at,
                                 next_check_in_due, last_check_in, missed_check_ins, criteria_total, criteria_met,
                                 criteria_unmet, criteria, extensions_granted, extension_days_granted, pending_extension_days,
                                 environment, provisioning_error, outcome_stage, outcome_at, outcome_by, loss_reason,
                                 outcome_reason, outcome_note, next_step, ended_at, projection_seq, updated_at)
          VALUES (${p.trialId}, ${p.workflowId}, ${p.account}, ${p.region}, ${p.industry}, ${p.opportunityId}, ${p.amount}::float8,
                  ${p.currency}, ${p.product}, ${p.salesOwner}, ${p.presales}::text[], ${p.opsSupporters}::text[], ${p.regionalOps},
                  ${p.calendar}, ${p.stage}, ${new Date(p.stageEnteredAt)}, ${jsonb(p.stageHistory)}::jsonb, ${p.atRisk},
                  ${p.riskReasons}::text[], ${new Date(p.requestedAt)}, ${p.requestedBy}, ${p.approvalDueDate}::date,
                  ${p.approvalOverdue}, ${p.autoApproved}, ${p.plannedStart}::date, ${p.endDate}::date, ${p.expiresOn}::date,
                  ${instant(p.kickoffAt)}::timestamptz, ${p.nextCheckInDue}::date, ${jsonb(p.lastCheckIn)}::jsonb, ${p.missedCheckIns},
                  ${p.criteriaTotal}, ${p.criteriaMet}, ${p.criteriaUnmet}, ${jsonb(p.criteria)}::jsonb, ${p.extensionsGranted},
                  ${p.extensionDaysGranted}, ${p.pendingExtensionDays}::int, ${jsonb(p.environment)}::jsonb, ${p.provisioningError},
                  ${outcome?.stage ?? null}, ${instant(outcome?.at ?? null)}::timestamptz, ${outcome?.by ?? null},
                  ${outcome?.lossReason ?? null}, ${outcome?.reason ?? null}, ${outcome?.note ?? null}, ${outcome?.nextStep ?? null},
                  ${instant(p.endedAt)}::timestamptz, ${p.seq}, now())
          ON CONFLICT (id) DO UPDATE SET
            account = EXCLUDED.account, region = EXCLUDED.region, industry = EXCLUDED.industry,
            opportunity_id = EXCLUDED.opportunity_id, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
            product = EXCLUDED.product, sales_owner = EXCLUDED.sales_owner, presales = EXCLUDED.presales,
            ops_supporters = EXCLUDED.ops_supporters, regional_ops = EXCLUDED.regional_ops, calendar = EXCLUDED.calendar,
            stage = EXCLUDED.stage, stage_entered_at = EXCLUDED.stage_entered_at, stage_history = EXCLUDED.stage_history,
            at_risk = EXCLUDED.at_risk, risk_reasons = EXCLUDED.risk_reasons, requested_at = EXCLUDED.requested_at,
            requested_by = EXCLUDED.requested_by, approval_due_date = EXCLUDED.approval_due_date,
            approval_overdue = EXCLUDED.approval_overdue, auto_approved = EXCLUDED.auto_approved,
            planned_start = EXCLUDED.planned_start, end_date = EXCLUDED.end_date, expires_on = EXCLUDED.expires_on,
            kickoff_at = EXCLUDED.kickoff_at, next_check_in_due = EXCLUDED.next_check_in_due,
            last_check_in = EXCLUDED.last_check_in, missed_check_ins = EXCLUDED.missed_check_ins,
            criteria_total = EXCLUDED.criteria_total, criteria_met = EXCLUDED.criteria_met,
            criteria_unmet = EXCLUDED.criteria_unmet, criteria = EXCLUDED.criteria,
            extensions_granted = EXCLUDED.extensions_granted, extension_days_granted = EXCLUDED.extension_days_granted,
            pending_extension_days = EXCLUDED.pending_extension_days, environment = EXCLUDED.environment,
            provisioning_error = EXCLUDED.provisioning_error, outcome_stage = EXCLUDED.outcome_stage,
            outcome_at = EXCLUDED.outcome_at, outcome_by = EXCLUDED.outcome_by, loss_reason = EXCLUDED.loss_reason,
            outcome_reason = EXCLUDED.outcome_reason, outcome_note = EXCLUDED.outcome_note, next_step = EXCLUDED.next_step,
            ended_at = EXCLUDED.ended_at, projection_seq = EXCLUDED.projection_seq, updated_at = EXCLUDED.updated_at
          WHERE poc_trial.projection_seq < EXCLUDED.projection_seq`;
        const [written] = await tx.$queryRaw<{ updated: number }[]>(trialWithRollups(p.trialId, upsert));
        if (written && written.updated > 0) {
          // Each visit lasted until the next stage was entered; the current (or final) stage's is still open.
          const visits = p.stageHistory.map((entry, index) => {
            const next = p.stageHistory[index + 1];
            return {
              stage: entry.stage,
              enteredAt: new Date(entry.enteredAt),
              leftAt: next ? new Date(next.enteredAt) : null,
            };
          });
          await tx.$executeRaw(visitsWithRollups(p.trialId, p.region, visits));
        }
        await storeCaseEvents(tx, {
          playbook: 'poc',
          caseId: p.trialId,
          title: `${p.account} · ${p.product}`,
          region: p.region,
          account: p.account,
          events: p.events,
          insertEvents: (events) =>
            tx.pocEvent.createMany({
              data: events.map((event) => ({
                trialId: p.trialId,
                ...eventColumns(event),
                criterionKey: event.criterionKey ?? null,
              })),
              skipDuplicates: true,
            }),
          sinkNames,
          stageHistory: p.stageHistory,
        });
      });
    },
  };
}
