import { profileField } from '../insights/case-profile';
import type { WorkingDays } from '../shared/business-calendar';
import { blank, isIsoDate, wholeAtLeast } from '../shared/input-checks';
import { handoffWorkflowId } from '../shared/lifecycle';
import { ROLES } from '../shared/roles';
import {
  appendEvent,
  handoffNamed,
  packageItemList,
  recipient,
  resolveHandoffRules,
  startSla,
  today,
} from './transitions';
import { handoffSays } from './text';
import {
  PACKAGE_ITEMS,
  type DeliveryHandoffInput,
  type HandoffRules,
  type HandoffState,
  type PackageItem,
  type PackageItemKey,
} from './types';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * What is wrong with a handoff's input, each problem naming its field; empty when it can start.
 * The API checks shapes with zod first; this holds the rules the workflow itself relies on.
 */
export function handoffInputProblems(input: DeliveryHandoffInput): string[] {
  const { start } = input;
  const problems: string[] = [];
  for (const field of ['account', 'opportunity', 'region', 'salesOwner'] as const) {
    if (blank(start?.[field])) problems.push(`start.${field} is required`);
  }
  if (typeof start?.amount !== 'number' || !Number.isFinite(start.amount) || start.amount < 0)
    problems.push('start.amount must be a number of at least 0');
  if (blank(start?.calendar?.key)) problems.push('start.calendar is required');
  if (blank(input.requestedBy)) problems.push('requestedBy is required');
  const goLive = start?.prefill?.targetGoLive;
  if (goLive !== undefined && !isIsoDate(goLive))
    problems.push(`start.prefill.targetGoLive must be a YYYY-MM-DD date, not "${String(goLive)}"`);
  problems.push(...rulesProblems(resolveHandoffRules(input.rules)));
  return problems;
}

function rulesProblems(rules: HandoffRules): string[] {
  const problems: string[] = [];
  const whole = (name: string, value: unknown, min: number) => {
    if (!wholeAtLeast(value, min)) problems.push(`rules.${name} must be a whole number of at least ${min}`);
  };
  for (const name of ['packageSla', 'resubmitSla', 'reviewSla'] as const) {
    whole(`${name}.days`, rules[name]?.days, 1);
    if (rules[name]?.unit !== 'business-days' && rules[name]?.unit !== 'calendar-days')
      problems.push(`rules.${name}.unit must be business-days or calendar-days`);
  }
  for (const name of ['packageRemindersBefore', 'reviewRemindersBefore', 'milestoneRemindersBefore'] as const) {
    if (!Array.isArray(rules[name])) problems.push(`rules.${name} must be a list`);
    else rules[name].forEach((days, index) => whole(`${name}[${index}]`, days, 0));
  }
  whole('milestoneEscalationAfter', rules.milestoneEscalationAfter, 1);
  if (!Array.isArray(rules.milestones) || rules.milestones.length === 0) {
    problems.push('rules.milestones needs at least one milestone');
    return problems;
  }
  const seen = new Set<string>();
  rules.milestones.forEach((milestone, index) => {
    const at = `rules.milestones[${index}]`;
    if (typeof milestone.key !== 'string' || !SLUG.test(milestone.key))
      problems.push(`${at}.key must be a lowercase slug, not "${String(milestone.key)}"`);
    else if (seen.has(milestone.key)) problems.push(`${at}.key "${milestone.key}" is used twice`);
    seen.add(milestone.key);
    if (blank(milestone.title)) problems.push(`${at}.title is required`);
    if (!ROLES.includes(milestone.ownerRole))
      problems.push(`${at}.ownerRole must be one of ${ROLES.join(', ')}, not "${String(milestone.ownerRole)}"`);
    if (milestone.due?.from !== 'kickoff' && milestone.due?.from !== 'target-go-live')
      problems.push(`${at}.due.from must be kickoff or target-go-live`);
    if (!Number.isInteger(milestone.due?.days)) problems.push(`${at}.due.days must be a whole number`);
  });
  const signOffs = rules.milestones.filter((milestone) => milestone.customerSignOff);
  if (signOffs.length !== 1 || !rules.milestones.at(-1)!.customerSignOff)
    problems.push('rules.milestones must end with the one milestone that needs the customer sign-off');
  return problems;
}

/** A new handoff, started now, waiting for sales to complete the package. `handoffId` is the workflow id it runs under. */
export function createHandoffState(
  input: DeliveryHandoffInput,
  calendar: WorkingDays,
  now: Date,
  handoffId = handoffWorkflowId(input.start.account, input.start.opportunity),
): HandoffState {
  const { start } = input;
  const rules = resolveHandoffRules(input.rules);
  const at = now.toISOString();
  const prefill: Partial<Record<PackageItemKey, string>> = {
    requirements: start.prefill?.requirements,
    commitments: start.prefill?.commitments,
    'known-risks': start.prefill?.knownRisks,
    'target-go-live': start.prefill?.targetGoLive,
  };
  // Templates (issue 20): a pinned plan names the items its package needs; before it, every item.
  const asked = input.plan
    ? PACKAGE_ITEMS.filter((item) => input.plan!.packageItems.includes(item.key))
    : PACKAGE_ITEMS;
  const packageItems = asked.map((item): PackageItem => {
    const text = prefill[item.key];
    return blank(text)
      ? { key: item.key, title: item.title, status: 'missing' }
      : {
          key: item.key,
          title: item.title,
          status: 'provided',
          text: text!.trim(),
          providedBy: input.requestedBy,
          providedAt: at,
          prefilled: true,
        };
  });
  const state: HandoffState = {
    handoffId,
    account: start.account.trim(),
    opportunity: start.opportunity.trim(),
    region: start.region,
    amount: start.amount,
    ...(start.currency ? { currency: start.currency } : {}),
    salesOwner: start.salesOwner,
    source: { ...start.source },
    ...profileField(start.profile),
    ...(input.contacts?.projectManager ? { projectManager: input.contacts.projectManager } : {}),
    contacts: { ...input.contacts },
    rules,
    ...(input.plan ? { template: { ...input.plan.template } } : {}),
    calendar: start.calendar.key,
    startedAt: at,
    startedBy: input.requestedBy,
    stage: 'package_pending',
    stageEnteredAt: at,
    stageHistory: [{ stage: 'package_pending', enteredAt: at, by: input.requestedBy }],
    packageItems,
    stakeholders: [],
    ...(blank(start.prefill?.targetGoLive) ? {} : { targetGoLive: start.prefill!.targetGoLive }),
    reviews: [],
    milestones: [],
    timeline: [],
    eventCount: 0,
    firedAlarms: [],
    seq: 1,
  };
  startSla(state, 'package', calendar, now);
  const amount = `${start.amount}${start.currency ? ` ${start.currency}` : ''}`;
  const prefilled = packageItems.filter((item) => item.prefilled).map((item) => item.key);
  const missing = packageItems.filter((item) => item.status === 'missing').map((item) => item.key);
  appendEvent(state, now, {
    type: 'handoff.started',
    actor: input.requestedBy,
    ...handoffSays(missing.length > 0 ? 'handoff.started' : 'handoff.started.complete', {
      actor: input.requestedBy,
      label: handoffNamed(state),
      sourcePlaybook: start.source.id ? start.source.playbook : undefined,
      sourceId: start.source.id,
      region: start.region,
      amount,
      salesOwner: start.salesOwner,
      dueDate: state.sla!.dueDate,
      missing: packageItemList(missing),
    }),
    after: {
      stage: 'package_pending',
      packageDue: state.sla!.dueDate,
      prefilled,
      missing: packageItems.filter((item) => item.status === 'missing').map((item) => item.key),
      startedOn: today(now),
    },
    notify: recipient(state, 'sales'),
  });
  return state;
}
