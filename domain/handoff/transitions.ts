import { addBusinessDays, addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import type { Role } from '../shared/roles';
import { resolveOffset } from '../shared/schedule';
import type { Text, TextList } from '../shared/text';
import { handoffText } from './text';
import {
  FINAL_HANDOFF_STAGES,
  type HandoffRules,
  type HandoffSla,
  type HandoffStage,
  type HandoffState,
  type HandoffTimelineEvent,
  type Milestone,
  type MilestoneTemplate,
  type PackageItemKey,
  type Stakeholder,
} from './types';

export { handoffWorkflowId } from '../shared/lifecycle';

/** How many events a handoff keeps in its own state; the read model keeps them all. */
export const HANDOFF_TIMELINE_KEPT_IN_STATE = 200;

/**
 * The default project template (DOMAIN.md §4): requirements confirmed, then spec and prototype
 * confirmed, counted from kickoff; build, test and the customer's acceptance counted back from the
 * target go-live. Each waits on the one before; none is due before the one before it.
 */
export const DEFAULT_MILESTONES: MilestoneTemplate[] = [
  {
    key: 'requirements-confirmed',
    title: 'Requirements confirmed with the customer',
    ownerRole: 'project_manager',
    due: { from: 'kickoff', days: 10 },
  },
  {
    key: 'spec-confirmed',
    title: 'Spec and prototype confirmed by the customer',
    ownerRole: 'presales',
    due: { from: 'kickoff', days: 20 },
  },
  {
    key: 'build-configured',
    title: 'Built and configured',
    ownerRole: 'project_manager',
    due: { from: 'target-go-live', days: -15 },
  },
  { key: 'tested', title: 'Tested', ownerRole: 'project_manager', due: { from: 'target-go-live', days: -5 } },
  {
    key: 'customer-acceptance',
    title: 'Customer acceptance (验收)',
    ownerRole: 'project_manager',
    due: { from: 'target-go-live', days: 0 },
    customerSignOff: true,
  },
];

export const DEFAULT_HANDOFF_RULES: HandoffRules = {
  packageSla: { days: 5, unit: 'business-days' },
  resubmitSla: { days: 3, unit: 'business-days' },
  packageRemindersBefore: [1, 0],
  reviewSla: { days: 2, unit: 'business-days' },
  reviewRemindersBefore: [0],
  milestoneRemindersBefore: [3, 1],
  milestoneEscalationAfter: 2,
  milestones: DEFAULT_MILESTONES,
};

export function resolveHandoffRules(rules: Partial<HandoffRules> = {}): HandoffRules {
  const defined = Object.fromEntries(
    Object.entries(rules).filter(([, value]) => value !== undefined),
  ) as Partial<HandoffRules>;
  return { ...DEFAULT_HANDOFF_RULES, ...defined };
}

export const today = (now: Date): string => now.toISOString().slice(0, 10);

export const isFinal = (stage: HandoffStage): boolean => FINAL_HANDOFF_STAGES.has(stage);

/** Nothing more is expected of the handoff: final, and its renewal follow-up (if any) started. */
export const isFinished = (state: Pick<HandoffState, 'stage' | 'pendingNext'>): boolean =>
  isFinal(state.stage) && state.pendingNext === undefined;

export const stageName = (stage: HandoffStage): string => stage.replace(/_/g, ' ');

/** How messages name a handoff: people know it by account and opportunity. */
/** The handoff as its texts name it (shared/text.ts), worded in each reader's language. */
export const handoffNamed = (
  state: Pick<HandoffState, 'account' | 'opportunity'>,
  key: 'handoff.label' | 'handoff.label.capital' = 'handoff.label',
): Text => handoffText(key, { account: state.account, opportunity: state.opportunity });

export function appendEvent(
  state: HandoffState,
  now: Date,
  event: Omit<HandoffTimelineEvent, 'n' | 'at'>,
): HandoffTimelineEvent {
  state.eventCount += 1;
  const full: HandoffTimelineEvent = { n: state.eventCount, at: now.toISOString(), ...event };
  state.timeline.push(full);
  return full;
}

/** Drops the oldest events once they are safely in the read model. */
export function trimTimeline(state: HandoffState, projectedThrough: number): void {
  const excess = state.timeline.length - HANDOFF_TIMELINE_KEPT_IN_STATE;
  if (excess <= 0) return;
  const removable = state.timeline.slice(0, excess).filter((event) => event.n <= projectedThrough).length;
  state.timeline.splice(0, removable);
}

/** The person answering for a role on this handoff, for an event's `notify`. */
export function recipient(state: HandoffState, role: Role): { role: Role; person?: string } {
  const people: Partial<Record<Role, string | undefined>> = {
    sales: state.salesOwner,
    project_manager: state.projectManager ?? state.contacts.projectManager,
    ops_manager: state.contacts.opsManager,
    customer_success: state.handover?.customerSuccessOwner ?? state.contacts.customerSuccess,
  };
  const person = people[role];
  return person ? { role, person } : { role };
}

/** Who answers for a milestone: its assignee in its owner role. */
export const milestoneOwner = (milestone: Milestone): { role: Role; person?: string } =>
  milestone.assignee ? { role: milestone.ownerRole, person: milestone.assignee } : { role: milestone.ownerRole };

/** How a message addresses someone: "pia (project_manager)". */
export const addressee = (who: { role: Role; person?: string }): string =>
  who.person ? `${who.person} (${who.role})` : who.role;

/** Moves to a stage and records when, so lists can count the days spent in each. */
export function enterStage(state: HandoffState, stage: HandoffStage, actor: string, now: Date): void {
  state.stage = stage;
  state.stageEnteredAt = now.toISOString();
  state.stageHistory.push({ stage, enteredAt: state.stageEnteredAt, by: actor });
  if (isFinal(stage)) {
    state.endedAt = state.stageEnteredAt;
    delete state.sla;
  }
}

/** Starts the SLA of a stage: sales owe the package (first or again), or the project manager a review. */
export function startSla(state: HandoffState, kind: HandoffSla['kind'], calendar: WorkingDays, now: Date): void {
  const offset =
    kind === 'package'
      ? state.rules.packageSla
      : kind === 'resubmission'
        ? state.rules.resubmitSla
        : state.rules.reviewSla;
  const due = resolveOffset(today(now), offset, calendar);
  state.sla = {
    kind,
    round: Math.max(1, state.reviews.length + (kind === 'review' ? 0 : 1)),
    dueDate: due.date,
    dueApproximate: due.approximate,
    overdue: false,
    startedAt: now.toISOString(),
  };
}

/** What the stakeholder map lacks: one of each customer role, each with a contact. */
export function stakeholderGaps(stakeholders: readonly Stakeholder[]): string[] {
  const named = (role: Stakeholder['role']) => stakeholders.some((person) => person.role === role);
  return [
    ...(named('decision_maker') ? [] : ['a decision maker']),
    ...(named('manager') ? [] : ['a manager']),
    ...(named('end_user') ? [] : ['an end user']),
  ];
}

/** The package items still missing, in checklist order. */
export const missingItems = (state: HandoffState): PackageItemKey[] =>
  state.packageItems.filter((item) => item.status === 'missing').map((item) => item.key);

/** Package items as their texts name them, in each reader's language, joined with "; ". */
export const packageItemList = (keys: readonly PackageItemKey[]): TextList => ({
  list: keys.map((key) => handoffText(`handoff.item.${key}`)),
  separator: '; ',
});

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function businessDaysBetween(calendar: WorkingDays, from: string, to: string): number {
  let count = 0;
  for (let date = addCalendarDays(from, 1); date <= to; date = addCalendarDays(date, 1)) {
    if (calendar.isWorkingDay(date)) count += 1;
  }
  return count;
}

/** Every milestone of the template, due from kickoff or the target go-live, and never before the one before it. */
export function planMilestones(
  templates: readonly MilestoneTemplate[],
  anchors: { kickoff: string; targetGoLive: string },
  calendar: WorkingDays,
  now: Date,
  assignees: Record<string, string>,
  projectManager: string | undefined,
): Milestone[] {
  let previous = anchors.kickoff;
  return templates.map((template) => {
    const anchor = template.due.from === 'kickoff' ? anchors.kickoff : anchors.targetGoLive;
    const due = resolveOffset(anchor, { days: template.due.days, unit: 'business-days' }, calendar);
    const dueDate = due.date < previous ? previous : due.date;
    previous = dueDate;
    const assignee = assignees[template.key] ?? (template.ownerRole === 'project_manager' ? projectManager : undefined);
    return {
      key: template.key,
      title: template.title,
      ownerRole: template.ownerRole,
      ...(assignee ? { assignee } : {}),
      status: 'planned',
      dueDate,
      dueApproximate: due.approximate,
      plannedDueDate: dueDate,
      scheduledAt: now.toISOString(),
      overdue: false,
      escalated: false,
      atRisk: false,
      customerSignOff: template.customerSignOff === true,
      slips: [],
    };
  });
}

/**
 * Moves a milestone to a later date and every later open milestone by as many business days, so
 * the plan keeps its gaps; each moved one gets fresh alarms. Returns the keys of those moved along.
 */
export function slipMilestone(
  state: HandoffState,
  key: string,
  to: string,
  calendar: WorkingDays,
  now: Date,
): { businessDays: number; shifted: string[] } {
  const index = state.milestones.findIndex((milestone) => milestone.key === key);
  const milestone = state.milestones[index]!;
  const businessDays = businessDaysBetween(calendar, milestone.dueDate, to);
  const reschedule = (target: Milestone, dueDate: string, approximate: boolean) => {
    target.dueDate = dueDate;
    target.dueApproximate = approximate;
    target.scheduledAt = now.toISOString();
    target.overdue = false;
    target.escalated = false;
  };
  reschedule(milestone, to, calendar.isApproximate(to));
  const shifted: string[] = [];
  let previous = to;
  for (const later of state.milestones.slice(index + 1)) {
    if (later.status === 'done') continue;
    const moved =
      businessDays > 0
        ? addBusinessDays(calendar, later.dueDate, businessDays)
        : { date: later.dueDate, approximate: later.dueApproximate };
    const dueDate = moved.date < previous ? previous : moved.date;
    if (dueDate !== later.dueDate) {
      reschedule(later, dueDate, moved.approximate);
      shifted.push(later.key);
    }
    previous = dueDate;
  }
  return { businessDays, shifted };
}

/** The customer-acceptance milestone's due date: when the project now expects to go live. */
export const projectedGoLive = (state: HandoffState): string | undefined =>
  state.milestones.find((milestone) => milestone.customerSignOff)?.dueDate ?? state.milestones.at(-1)?.dueDate;

/** An open milestone is overdue or flagged, or the plan now ends after the target go-live. */
export function isAtRisk(state: HandoffState): boolean {
  if (isFinal(state.stage)) return false;
  const open = state.milestones.filter((milestone) => milestone.status !== 'done');
  const projected = projectedGoLive(state);
  return (
    open.some((milestone) => milestone.atRisk || milestone.overdue) ||
    (open.length > 0 && projected !== undefined && state.targetGoLive !== undefined && projected > state.targetGoLive)
  );
}

/** Anything past its date now: the running SLA, or an open milestone. */
export const isOverdue = (state: HandoffState): boolean =>
  !isFinal(state.stage) &&
  ((state.sla?.overdue ?? false) ||
    state.milestones.some((milestone) => milestone.status !== 'done' && milestone.overdue));
