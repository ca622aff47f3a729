import { addBusinessDays, addCalendarDays, workingDays, type WorkingDays } from '../shared/business-calendar';
import type { PlaybookTemplate } from './template';
import { resolveOffset } from '../shared/schedule';
import { appendEvent, refreshStatuses } from './transitions';
import type { ItemState, LaunchInput, LaunchState } from './types';

/** Recurring items' later occurrences are keyed `<template key>--<n>`; template keys never contain `--`. */
export const OCCURRENCE_SEPARATOR = '--';

export function occurrenceKey(templateKey: string, occurrence: number): string {
  return occurrence === 1 ? templateKey : `${templateKey}${OCCURRENCE_SEPARATOR}${occurrence}`;
}

export function calendarOf(input: Pick<LaunchInput, 'calendar'>): WorkingDays {
  return workingDays(input.calendar.definition);
}

/** An item's due date for an anchor: its offset, then `repeatEveryDays` per later occurrence. */
export function itemDueDate(
  template: PlaybookTemplate,
  templateKey: string,
  occurrence: number,
  anchor: string,
  calendar: WorkingDays,
): { date: string; approximate: boolean } {
  const spec = template.items.find((item) => item.key === templateKey);
  if (!spec) throw new Error(`template has no item ${templateKey}`);
  return templateItemDue(spec, anchor, calendar, occurrence);
}

/**
 * A template item's due date for an anchor and occurrence: its offset, `repeatEveryDays` per later
 * occurrence, then, for an item that rolls, the next working day when that date is not one.
 */
export function templateItemDue(
  spec: Pick<PlaybookTemplate['items'][number], 'due' | 'repeatEveryDays' | 'rollToBusinessDay'>,
  anchor: string,
  calendar: WorkingDays,
  occurrence = 1,
): { date: string; approximate: boolean } {
  const first = resolveOffset(anchor, spec.due, calendar);
  const date = addCalendarDays(first.date, (occurrence - 1) * (spec.repeatEveryDays ?? 0));
  if (!spec.rollToBusinessDay || calendar.isWorkingDay(date)) return { date, approximate: first.approximate };
  const rolled = addBusinessDays(calendar, date, 1);
  return { date: rolled.date, approximate: first.approximate || rolled.approximate };
}

export function newItemState(
  input: Pick<LaunchInput, 'template' | 'owners'>,
  templateKey: string,
  occurrence: number,
  anchor: string,
  calendar: WorkingDays,
  now: Date,
): ItemState {
  const template = input.template.definition;
  const spec = template.items.find((item) => item.key === templateKey);
  if (!spec) throw new Error(`template has no item ${templateKey}`);
  const due = itemDueDate(template, templateKey, occurrence, anchor, calendar);
  return {
    key: occurrenceKey(templateKey, occurrence),
    templateKey,
    occurrence,
    title: occurrence === 1 ? spec.title : `${spec.title} #${occurrence}`,
    phase: spec.phase,
    ownerRole: spec.ownerRole,
    ...(input.owners[spec.ownerRole] ? { assignee: input.owners[spec.ownerRole] } : {}),
    dependsOn: occurrence === 1 ? [...spec.dependsOn] : [],
    required: spec.required,
    evidenceRequired: spec.evidence,
    ...(spec.signOffBy ? { signOffBy: spec.signOffBy } : {}),
    status: 'blocked',
    waitingOn: [],
    dueDate: due.date,
    dueApproximate: due.approximate,
    scheduledAt: now.toISOString(),
    overdue: false,
    awaitingSignOff: false,
    reopenCount: 0,
  };
}

/** A new run: every template item at its first occurrence, statuses from dependencies and gates. */
export function createLaunchState(input: LaunchInput, now: Date): LaunchState {
  const template = input.template.definition;
  const calendar = calendarOf(input);
  const state: LaunchState = {
    launchId: input.launchId,
    productName: input.productName,
    launchDate: input.launchDate,
    regions: [...input.regions],
    owners: { ...input.owners },
    template: { key: template.key, version: input.template.version, name: template.name },
    calendar: input.calendar.key,
    status: 'active',
    startedAt: now.toISOString(),
    startedBy: input.startedBy,
    items: template.items.map((spec) => newItemState(input, spec.key, 1, input.launchDate, calendar, now)),
    gates: template.gates.map((gate) => ({
      key: gate.key,
      title: gate.title,
      dueDate: resolveOffset(input.launchDate, gate.due, calendar).date,
      requiredItems: [...gate.requiredItems],
      signOffs: [...gate.signOffs],
      signedOff: [],
    })),
    timeline: [],
    eventCount: 0,
    firedAlarms: [],
    seq: 1,
  };
  refreshStatuses(state, template);
  appendEvent(state, now, {
    type: 'run.started',
    actor: input.startedBy,
    summary: `${input.startedBy} started ${template.name} v${input.template.version} for ${input.productName}, launching ${input.launchDate} (${input.calendar.key} calendar)`,
    after: {
      launchDate: input.launchDate,
      regions: input.regions,
      owners: input.owners,
      template: `${template.key}@${input.template.version}`,
    },
  });
  return state;
}
