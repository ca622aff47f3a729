import type { Database } from '../../db/prisma';
import type { HandoffProjection, HandoffProjectionChanges } from '../../domain/handoff/projection';
import { eventColumns, storeCaseEvents } from '../shared/case-events';
import { instant, jsonb } from '../shared/sql-values';
import { storeCaseProfile } from '../shared/case-profile';
import { withStoredLists } from '../shared/stored-lists';

/** The lists a changes-only projection may leave out (lean-handoff-small-payloads), and their columns in handoff. */
const STORED_LISTS = {
  stageHistory: 'stage_history',
  packageItems: 'package_items',
  milestones: 'milestones',
} as const;

/**
 * Writes a delivery handoff's read model in one transaction: the handoff row (only when this
 * projection is newer than the stored one, so a retried or late older write never wins), its new
 * timeline events, and one outbox row per notifying event and sink. Events and outbox rows are keyed
 * by the event's number, so a retry stores nothing twice.
 */
export function createHandoffProjection(db: Database, sinkNames: readonly string[]) {
  return {
    async projectHandoff(projection: HandoffProjection | HandoffProjectionChanges): Promise<void> {
      const { sla, outcome } = projection;
      await db.$transaction(async (tx) => {
        const p = await withStoredLists<HandoffProjection, keyof typeof STORED_LISTS>(
          tx,
          projection,
          'handoff',
          projection.handoffId,
          STORED_LISTS,
        );
        await storeCaseProfile(tx, p.handoffId, 'handoff', p.profile, p.sourceId, p.seq);
        await tx.$executeRaw`
          INSERT INTO handoff (id, workflow_id, account, opportunity, region, amount, currency, sales_owner, project_manager,
                               source_playbook, source_id, calendar, stage, stage_entered_at, stage_history, started_at,
                               started_by, package_items, missing_items, return_count, sla_kind, sla_due_date, sla_overdue,
                               target_go_live, projected_go_live, kickoff_date, milestones, next_milestone_key,
                               next_milestone_due, at_risk, overdue, customer_acceptance, handover, renewal_workflow_id,
                               outcome_stage, outcome_at, outcome_by, outcome_reason, ended_at, projection_seq, updated_at)
          VALUES (${p.handoffId}, ${p.workflowId}, ${p.account}, ${p.opportunity}, ${p.region}, ${p.amount}::float8, ${p.currency},
                  ${p.salesOwner}, ${p.projectManager}, ${p.sourcePlaybook}, ${p.sourceId}, ${p.calendar}, ${p.stage},
                  ${new Date(p.stageEnteredAt)}, ${jsonb(p.stageHistory)}::jsonb, ${new Date(p.startedAt)}, ${p.startedBy},
                  ${jsonb(p.packageItems)}::jsonb, ${p.missingItems}::text[], ${p.returnCount}, ${sla?.kind ?? null},
                  ${sla?.dueDate ?? null}::date, ${sla?.overdue ?? false}, ${p.targetGoLive}::date, ${p.projectedGoLive}::date,
                  ${p.kickoffDate}::date, ${jsonb(p.milestones)}::jsonb, ${p.nextMilestone?.key ?? null},
                  ${p.nextMilestone?.dueDate ?? null}::date, ${p.atRisk}, ${p.overdue}, ${jsonb(p.customerAcceptance)}::jsonb,
                  ${jsonb(p.handover)}::jsonb, ${p.renewalWorkflowId}, ${outcome?.stage ?? null},
                  ${instant(outcome?.at ?? null)}::timestamptz, ${outcome?.by ?? null}, ${outcome?.reason ?? null},
                  ${instant(p.endedAt)}::timestamptz, ${p.seq}, now())
          ON CONFLICT (id) DO UPDATE SET
            account = EXCLUDED.account, opportunity = EXCLUDED.opportunity, region = EXCLUDED.region, amount = EXCLUDED.amount,
            currency = EXCLUDED.currency, sales_owner = EXCLUDED.sales_owner, project_manager = EXCLUDED.project_manager,
            source_playbook = EXCLUDED.source_playbook, source_id = EXCLUDED.source_id, calendar = EXCLUDED.calendar,
            stage = EXCLUDED.stage, stage_entered_at = EXCLUDED.stage_entered_at, stage_history = EXCLUDED.stage_history,
            started_at = EXCLUDED.started_at, started_by = EXCLUDED.started_by, package_items = EXCLUDED.package_items,
            missing_items = EXCLUDED.missing_items, return_count = EXCLUDED.return_count, sla_kind = EXCLUDED.sla_kind,
            sla_due_date = EXCLUDED.sla_due_date, sla_overdue = EXCLUDED.sla_overdue, target_go_live = EXCLUDED.target_go_live,
            projected_go_live = EXCLUDED.projected_go_live, kickoff_date = EXCLUDED.kickoff_date, milestones = EXCLUDED.milestones,
            next_milestone_key = EXCLUDED.next_milestone_key, next_milestone_due = EXCLUDED.next_milestone_due,
            at_risk = EXCLUDED.at_risk, overdue = EXCLUDED.overdue, customer_acceptance = EXCLUDED.customer_acceptance,
            handover = EXCLUDED.handover, renewal_workflow_id = EXCLUDED.renewal_workflow_id,
            outcome_stage = EXCLUDED.outcome_stage, outcome_at = EXCLUDED.outcome_at, outcome_by = EXCLUDED.outcome_by,
            outcome_reason = EXCLUDED.outcome_reason, ended_at = EXCLUDED.ended_at, projection_seq = EXCLUDED.projection_seq,
            updated_at = EXCLUDED.updated_at
          WHERE handoff.projection_seq < EXCLUDED.projection_seq`;
        await storeCaseEvents(tx, {
          playbook: 'handoff',
          caseId: p.handoffId,
          title: `${p.account} · ${p.opportunity}`,
          region: p.region,
          account: p.account,
          events: p.events,
          insertEvents: (events) =>
            tx.handoffEvent.createMany({
              data: events.map((event) => ({
                handoffId: p.handoffId,
                ...eventColumns(event),
                milestoneKey: event.milestoneKey ?? null,
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
