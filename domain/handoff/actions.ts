import { profileField } from '../insights/case-profile';
import type { WorkingDays } from '../shared/business-calendar';
import type { Role } from '../shared/roles';
import { blank, isIsoDate } from '../shared/input-checks';
import type { Said, Text, TextList } from '../shared/text';
import { lifecycleCaseName, renewalWorkflowId, type NextPlaybookStarted } from '../shared/lifecycle';
import { nextPlaybookText } from '../shared/shared-text';
import type { PinnedCalendar } from '../shared/business-calendar';
import { pruneFiredAlarms } from './alarms';
import {
  addressee,
  appendEvent,
  enterStage,
  handoffNamed,
  isFinal,
  milestoneOwner,
  missingItems,
  planMilestones,
  recipient,
  slipMilestone,
  stageName,
  stakeholderGaps,
  startSla,
  today,
} from './transitions';
import { handoffSays, handoffText } from './text';
import {
  OPEN_HANDOFF_STAGES,
  PACKAGE_ITEM_KEYS,
  PACKAGE_TEXT_KEYS,
  STAKEHOLDER_ROLES,
  type Handover,
  type HandoffStage,
  type HandoffState,
  type PackageItemKey,
  type PackageTextKey,
  type RenewalRequest,
  type Stakeholder,
} from './types';
import type { ActionEffort } from '../insights/effort';

/** What people do to a handoff. Each is a validated workflow Update: a rejected one changes nothing. */
export type HandoffAction =
  | {
      type: 'update-package';
      items?: { key: string; text?: string; link?: string }[];
      stakeholders?: Stakeholder[];
      targetGoLive?: string;
    }
  | { type: 'submit'; note?: string }
  | { type: 'return'; missing: { key: string; note?: string }[]; note?: string }
  | { type: 'accept'; projectManager?: string; note?: string }
  | { type: 'kickoff'; kickoffDate?: string; targetGoLive?: string; assignees?: Record<string, string>; note?: string }
  | { type: 'start-milestone'; milestoneKey: string; note?: string }
  | { type: 'complete-milestone'; milestoneKey: string; evidence?: { link?: string; note?: string } }
  | { type: 'slip-milestone'; milestoneKey: string; newDate: string; reason: string }
  | { type: 'flag-risk'; milestoneKey: string; atRisk: boolean; note?: string }
  | {
      type: 'record-customer-acceptance';
      signedBy: string;
      signedByTitle?: string;
      signedOn: string;
      evidence: { link?: string; note?: string };
    }
  | ({ type: 'handover' } & Omit<Handover, 'by' | 'at'>)
  | { type: 'cancel'; reason: string }
  | { type: 'comment'; text: string; milestoneKey?: string };

/** Besides the action: the role the actor acts in and the minutes they spent (ActionEffort, issue 21). */
export interface HandoffActionRequest extends ActionEffort {
  action: HandoffAction;
  /** The person acting, as authenticated by the API. */
  actor: string;
  /** The `seq` the caller last saw; the action is refused if the handoff has changed since. */
  expectedSeq?: number;
  /** The actor's roles, from the API: a milestone's owner may act on it without leading the project. */
  actorRoles?: Role[];
}

export type HandoffRejectionKind =
  'invalid-transition' | 'stale-version' | 'unknown-item' | 'evidence-required' | 'invalid-date' | 'forbidden';

export interface HandoffRejection {
  kind: HandoffRejectionKind;
  /** In English, as it has always been worded. */
  message: string;
  /** The same refusal as a catalog text (handoff/text.ts), which the API words in the caller's language. */
  text: Text;
}

/** What an action needs from outside the state: the clock and the handoff's calendar. */
export interface HandoffActionContext {
  now: Date;
  calendar: WorkingDays;
  /** The calendar as pinned at the start; the renewal follow-up starts on it. */
  pinnedCalendar: PinnedCalendar;
}

const reject = (kind: HandoffRejectionKind, said: Said): HandoffRejection => ({
  kind,
  message: said.summary,
  text: said.message,
});

const SALES_WORKING: readonly HandoffStage[] = ['package_pending', 'returned'];

/** Where each action may be taken. */
const ALLOWED_IN: Record<HandoffAction['type'], readonly HandoffStage[]> = {
  'update-package': SALES_WORKING,
  submit: SALES_WORKING,
  return: ['in_review'],
  accept: ['in_review'],
  kickoff: ['accepted'],
  'start-milestone': ['kicked_off'],
  'complete-milestone': ['kicked_off'],
  'slip-milestone': ['kicked_off'],
  'flag-risk': ['kicked_off'],
  'record-customer-acceptance': ['kicked_off'],
  handover: ['accepted_by_customer'],
  cancel: OPEN_HANDOFF_STAGES,
  comment: OPEN_HANDOFF_STAGES,
};

const isTextKey = (key: string): key is PackageTextKey => (PACKAGE_TEXT_KEYS as string[]).includes(key);
const isPackageKey = (key: string): key is PackageItemKey => (PACKAGE_ITEM_KEYS as string[]).includes(key);
const hasEvidence = (evidence: { link?: string; note?: string } | undefined) =>
  !blank(evidence?.link) || !blank(evidence?.note);

/** An item the package does not ask for (its template left it out), refused naming what it does ask for. */
const notInPackage = (state: HandoffState, key: string): HandoffRejection =>
  reject(
    'unknown-item',
    handoffSays('handoff.refused.not-in-package', {
      key,
      items: state.packageItems.map((item) => item.key).join(', '),
    }),
  );

/** "contract, stakeholders (needs a manager)": what a package lacks, with the stakeholder map's gaps. */
function describeMissing(state: HandoffState): string {
  return missingItems(state)
    .map((key) => {
      const gaps = key === 'stakeholders' ? stakeholderGaps(state.stakeholders) : [];
      return gaps.length > 0 ? `${key} (needs ${gaps.join(', ')})` : key;
    })
    .join(', ');
}

function milestoneRejection(state: HandoffState, key: string): HandoffRejection | undefined {
  const milestone = state.milestones.find((candidate) => candidate.key === key);
  const label = handoffNamed(state);
  if (!milestone)
    return reject(
      'unknown-item',
      handoffSays('handoff.refused.unknown-milestone', {
        label,
        milestone: String(key),
        milestones: state.milestones.map((each) => each.key).join(', '),
      }),
    );
  if (milestone.status === 'done')
    return reject(
      'invalid-transition',
      handoffSays('handoff.refused.milestone-done', {
        milestone: key,
        label,
        by: String(milestone.completedBy),
        at: String(milestone.completedAt),
      }),
    );
  return undefined;
}

/** Who leads a project and may act on any of its milestones. */
const PROJECT_LEADS: readonly Role[] = ['project_manager', 'ops_manager', 'admin'];

/** A milestone action by someone who neither leads the project nor owns the milestone (by role or by name). */
function milestoneOwnerRejection(state: HandoffState, request: HandoffActionRequest): HandoffRejection | undefined {
  const { action, actor, actorRoles } = request;
  if (!('milestoneKey' in action) || actorRoles === undefined) return undefined;
  if (actorRoles.some((role) => PROJECT_LEADS.includes(role))) return undefined;
  const milestone = state.milestones.find((candidate) => candidate.key === action.milestoneKey);
  if (!milestone || actorRoles.includes(milestone.ownerRole) || milestone.assignee === actor) return undefined;
  const owner = milestone.assignee ? `${milestone.assignee}, ${milestone.ownerRole}` : milestone.ownerRole;
  const has = actorRoles.length > 0 ? actorRoles.join(', ') : 'no role';
  return reject(
    'forbidden',
    handoffSays('handoff.refused.milestone-owner', { title: milestone.title, owner, actor, roles: has }),
  );
}

function packageUpdateRejection(
  state: HandoffState,
  action: Extract<HandoffAction, { type: 'update-package' }>,
  now: Date,
): HandoffRejection | undefined {
  const items = action.items ?? [];
  if (items.length === 0 && action.stakeholders === undefined && action.targetGoLive === undefined) {
    return reject('evidence-required', handoffSays('handoff.refused.nothing-to-update'));
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (item.key === 'stakeholders' || item.key === 'target-go-live') {
      return reject(
        'unknown-item',
        handoffSays('handoff.refused.not-as-text', {
          key: item.key,
          field: item.key === 'stakeholders' ? 'stakeholders' : 'targetGoLive',
        }),
      );
    }
    if (!isTextKey(item.key))
      return reject(
        'unknown-item',
        handoffSays('handoff.refused.not-a-text-item', { key: String(item.key), items: PACKAGE_TEXT_KEYS.join(', ') }),
      );
    // Templates (issue 20): a package shaped by a template may ask for fewer items; before, it held every one.
    if (!state.packageItems.some((each) => each.key === item.key)) return notInPackage(state, item.key);
    if (seen.has(item.key))
      return reject('evidence-required', handoffSays('handoff.refused.item-twice', { key: item.key }));
    seen.add(item.key);
    if (blank(item.text) && blank(item.link))
      return reject('evidence-required', handoffSays('handoff.refused.item-empty', { key: item.key }));
  }
  if (action.stakeholders !== undefined) {
    if (action.stakeholders.length === 0)
      return reject('evidence-required', handoffSays('handoff.refused.no-stakeholders'));
    for (const [index, person] of action.stakeholders.entries()) {
      if (blank(person.name) || blank(person.contact))
        return reject('evidence-required', handoffSays('handoff.refused.stakeholder-incomplete', { index: index + 1 }));
      if (!STAKEHOLDER_ROLES.includes(person.role))
        return reject(
          'evidence-required',
          handoffSays('handoff.refused.stakeholder-role', {
            index: index + 1,
            roles: STAKEHOLDER_ROLES.join(', '),
            role: String(person.role),
          }),
        );
    }
  }
  if (action.targetGoLive !== undefined)
    return futureDateRejection(handoffText('handoff.date.target-go-live'), action.targetGoLive, now);
  return undefined;
}

function futureDateRejection(what: Text, date: string, now: Date): HandoffRejection | undefined {
  if (!isIsoDate(date))
    return reject('invalid-date', handoffSays('handoff.refused.not-a-date', { what, date: String(date) }));
  if (date <= today(now))
    return reject('invalid-date', handoffSays('handoff.refused.not-after-today', { what, today: today(now), date }));
  return undefined;
}

/** Why an action cannot be taken now, or undefined when it can. */
export function handoffActionRejection(
  state: HandoffState,
  request: HandoffActionRequest,
  context: HandoffActionContext,
): HandoffRejection | undefined {
  const { action } = request;
  const { now } = context;
  const label = handoffNamed(state);
  if (request.expectedSeq !== undefined && request.expectedSeq !== state.seq) {
    const name = handoffNamed(state, 'handoff.label.capital');
    return reject(
      'stale-version',
      handoffSays('refused.stale-version', { name, seq: state.seq, expected: request.expectedSeq }),
    );
  }
  const allowed = ALLOWED_IN[action.type];
  if (!allowed)
    return reject('invalid-transition', handoffSays('handoff.refused.unknown-action', { action: String(action.type) }));
  if (!allowed.includes(state.stage)) {
    const ended = isFinal(state.stage);
    return reject(
      'invalid-transition',
      ended
        ? handoffSays('refused.ended', { label, stage: stageName(state.stage), action: action.type })
        : handoffSays('refused.wrong-stage', {
            label,
            stage: stageName(state.stage),
            action: action.type,
            allowed: allowed.map(stageName).join(' or '),
          }),
    );
  }
  const notOwner = milestoneOwnerRejection(state, request);
  if (notOwner) return notOwner;
  switch (action.type) {
    case 'update-package':
      return packageUpdateRejection(state, action, now);
    case 'submit': {
      const missing = describeMissing(state);
      return missing
        ? reject('invalid-transition', handoffSays('handoff.refused.package-incomplete', { label, missing }))
        : undefined;
    }
    case 'return': {
      const named = action.missing ?? [];
      if (named.length === 0)
        return reject(
          'evidence-required',
          handoffSays('handoff.refused.return-names-nothing', { items: PACKAGE_ITEM_KEYS.join(', ') }),
        );
      const unknown = named.filter((item) => !isPackageKey(item.key)).map((item) => `"${String(item.key)}"`);
      if (unknown.length > 0)
        return reject(
          'unknown-item',
          handoffSays(unknown.length === 1 ? 'handoff.refused.not-package-item' : 'handoff.refused.not-package-items', {
            keys: unknown.join(', '),
            items: PACKAGE_ITEM_KEYS.join(', '),
          }),
        );
      const outside = named.find((item) => !state.packageItems.some((each) => each.key === item.key));
      if (outside) return notInPackage(state, outside.key);
      return undefined;
    }
    case 'accept':
      return action.projectManager !== undefined && blank(action.projectManager)
        ? reject('invalid-transition', handoffSays('handoff.refused.project-manager-blank'))
        : undefined;
    case 'kickoff': {
      const kickoffDate = action.kickoffDate ?? today(now);
      if (!isIsoDate(kickoffDate))
        return reject('invalid-date', handoffSays('handoff.refused.kickoff-date', { date: String(kickoffDate) }));
      if (kickoffDate > today(now))
        return reject('invalid-date', handoffSays('handoff.refused.kickoff-future', { date: kickoffDate }));
      const goLive = action.targetGoLive ?? state.targetGoLive;
      if (action.targetGoLive !== undefined && !isIsoDate(action.targetGoLive))
        return reject(
          'invalid-date',
          handoffSays('handoff.refused.go-live-date', { date: String(action.targetGoLive) }),
        );
      if (goLive === undefined || goLive <= kickoffDate)
        return reject(
          'invalid-date',
          handoffSays('handoff.refused.go-live-before-kickoff', { goLive: goLive ?? '(none)', kickoff: kickoffDate }),
        );
      const keys = state.rules.milestones.map((milestone) => milestone.key);
      const unknown = Object.keys(action.assignees ?? {}).filter((key) => !keys.includes(key));
      if (unknown.length > 0)
        return reject(
          'unknown-item',
          handoffSays('handoff.refused.unknown-assignee-milestones', {
            keys: unknown.map((key) => `"${key}"`).join(', '),
            milestones: keys.join(', '),
          }),
        );
      const nobody = Object.entries(action.assignees ?? {}).find(([, person]) => blank(person));
      return nobody
        ? reject('evidence-required', handoffSays('handoff.refused.assigned-to-nobody', { milestone: nobody[0] }))
        : undefined;
    }
    case 'start-milestone': {
      const refused = milestoneRejection(state, action.milestoneKey);
      if (refused) return refused;
      const milestone = state.milestones.find((candidate) => candidate.key === action.milestoneKey)!;
      return milestone.status === 'in_progress'
        ? reject(
            'invalid-transition',
            handoffSays('handoff.refused.in-progress', {
              milestone: milestone.key,
              label,
              since: String(milestone.startedAt),
            }),
          )
        : undefined;
    }
    case 'complete-milestone': {
      const refused = milestoneRejection(state, action.milestoneKey);
      if (refused) return refused;
      const index = state.milestones.findIndex((candidate) => candidate.key === action.milestoneKey);
      const milestone = state.milestones[index]!;
      const waitingOn = state.milestones.slice(0, index).filter((earlier) => earlier.status !== 'done');
      if (waitingOn.length > 0)
        return reject(
          'invalid-transition',
          handoffSays('handoff.refused.waits-on', {
            milestone: milestone.key,
            earlier: waitingOn.map((earlier) => `"${earlier.key}"`).join(', '),
          }),
        );
      if (milestone.customerSignOff && !state.customerAcceptance) {
        return reject(
          'evidence-required',
          handoffSays('handoff.refused.needs-customer-sign-off', { milestone: milestone.key }),
        );
      }
      return undefined;
    }
    case 'slip-milestone': {
      const refused = milestoneRejection(state, action.milestoneKey);
      if (refused) return refused;
      const milestone = state.milestones.find((candidate) => candidate.key === action.milestoneKey)!;
      const badDate = futureDateRejection(
        handoffText('handoff.date.milestone', { milestone: milestone.key }),
        action.newDate,
        now,
      );
      if (badDate) return badDate;
      if (action.newDate <= milestone.dueDate)
        return reject(
          'invalid-date',
          handoffSays('handoff.refused.slip-not-later', {
            date: action.newDate,
            milestone: milestone.key,
            dueDate: milestone.dueDate,
          }),
        );
      return blank(action.reason)
        ? reject('evidence-required', handoffSays('handoff.refused.slip-reason', { milestone: milestone.key }))
        : undefined;
    }
    case 'flag-risk': {
      const refused = milestoneRejection(state, action.milestoneKey);
      if (refused) return refused;
      const milestone = state.milestones.find((candidate) => candidate.key === action.milestoneKey)!;
      if (action.atRisk && blank(action.note))
        return reject('evidence-required', handoffSays('handoff.refused.risk-note', { milestone: milestone.key }));
      if (!action.atRisk && !milestone.atRisk)
        return reject('invalid-transition', handoffSays('handoff.refused.not-at-risk', { milestone: milestone.key }));
      return undefined;
    }
    case 'record-customer-acceptance': {
      const acceptance = state.milestones.find((milestone) => milestone.customerSignOff);
      if (acceptance?.status === 'done')
        return reject('invalid-transition', handoffSays('handoff.refused.acceptance-done', { label }));
      // The customer's own signature (issue 16) is never recorded over by someone on their behalf.
      if (state.customerAcceptance?.portal)
        return reject(
          'invalid-transition',
          handoffSays('handoff.refused.acceptance-by-portal', {
            label,
            signedBy: state.customerAcceptance.signedBy,
            signedOn: state.customerAcceptance.signedOn,
          }),
        );
      if (blank(action.signedBy)) return reject('evidence-required', handoffSays('handoff.refused.signed-by'));
      if (!isIsoDate(action.signedOn))
        return reject('invalid-date', handoffSays('handoff.refused.sign-off-date', { date: String(action.signedOn) }));
      if (action.signedOn > today(now))
        return reject('invalid-date', handoffSays('handoff.refused.sign-off-future', { date: action.signedOn }));
      if (state.kickoffDate && action.signedOn < state.kickoffDate)
        return reject(
          'invalid-date',
          handoffSays('handoff.refused.sign-off-before-kickoff', { date: action.signedOn, kickoff: state.kickoffDate }),
        );
      return hasEvidence(action.evidence)
        ? undefined
        : reject('evidence-required', handoffSays('handoff.refused.sign-off-evidence'));
    }
    case 'handover': {
      for (const [name, date] of [
        ['termStart', action.termStart],
        ['contractEnd', action.contractEnd],
      ] as const) {
        if (!isIsoDate(date))
          return reject('invalid-date', handoffSays('handoff.refused.handover-date', { name, date: String(date) }));
      }
      if (action.contractEnd <= action.termStart)
        return reject(
          'invalid-date',
          handoffSays('handoff.refused.contract-order', {
            contractEnd: action.contractEnd,
            termStart: action.termStart,
          }),
        );
      if (typeof action.annualValue !== 'number' || !Number.isFinite(action.annualValue) || action.annualValue < 0)
        return reject('evidence-required', handoffSays('handoff.refused.annual-value'));
      return blank(action.customerSuccessOwner)
        ? reject('evidence-required', handoffSays('handoff.refused.customer-success-owner'))
        : undefined;
    }
    case 'cancel':
      return blank(action.reason)
        ? reject('evidence-required', handoffSays('handoff.refused.cancel-reason', { label }))
        : undefined;
    case 'comment':
      if (blank(action.text)) return reject('evidence-required', handoffSays('handoff.refused.comment-text'));
      return action.milestoneKey !== undefined &&
        !state.milestones.some((milestone) => milestone.key === action.milestoneKey)
        ? reject(
            'unknown-item',
            state.milestones.length > 0
              ? handoffSays('handoff.refused.unknown-milestone', {
                  label,
                  milestone: action.milestoneKey,
                  milestones: state.milestones.map((milestone) => milestone.key).join(', '),
                })
              : handoffSays('handoff.refused.unknown-milestone.none', { label, milestone: action.milestoneKey }),
          )
        : undefined;
  }
}

/** Applies an action that `handoffActionRejection` accepted. */
export function applyHandoffAction(
  state: HandoffState,
  request: HandoffActionRequest,
  context: HandoffActionContext,
): void {
  const { action, actor } = request;
  const { now, calendar } = context;
  const at = now.toISOString();
  const label = handoffNamed(state);
  const event = (fields: Parameters<typeof appendEvent>[2]) => appendEvent(state, now, fields);
  const milestone = (key: string) => state.milestones.find((candidate) => candidate.key === key)!;

  switch (action.type) {
    case 'update-package': {
      const changed: string[] = [];
      const item = (key: PackageItemKey) => state.packageItems.find((candidate) => candidate.key === key)!;
      const provide = (key: PackageItemKey, fields: { text?: string; link?: string }, provided = true) => {
        const target = item(key);
        delete target.text;
        delete target.link;
        delete target.returnNote;
        delete target.prefilled;
        Object.assign(target, { status: provided ? 'provided' : 'missing', providedBy: actor, providedAt: at }, fields);
        changed.push(key);
      };
      const before = Object.fromEntries(state.packageItems.map((each) => [each.key, each.status]));
      for (const given of action.items ?? []) {
        provide(given.key as PackageTextKey, {
          ...(blank(given.text) ? {} : { text: given.text!.trim() }),
          ...(blank(given.link) ? {} : { link: given.link!.trim() }),
        });
      }
      if (action.stakeholders !== undefined) {
        state.stakeholders = action.stakeholders.map((person) => ({
          ...person,
          name: person.name.trim(),
          contact: person.contact.trim(),
        }));
        const counts = STAKEHOLDER_ROLES.map(
          (role) => `${state.stakeholders.filter((person) => person.role === role).length} ${role.replace('_', ' ')}`,
        );
        provide('stakeholders', { text: counts.join(', ') }, stakeholderGaps(state.stakeholders).length === 0);
      }
      if (action.targetGoLive !== undefined) {
        state.targetGoLive = action.targetGoLive;
        provide('target-go-live', { text: action.targetGoLive });
      }
      const missing = describeMissing(state);
      event({
        type: 'handoff.package-updated',
        actor,
        ...(missing
          ? handoffSays('handoff.package-updated', { actor, label, changed: changed.join(', '), missing })
          : handoffSays('handoff.package-updated.complete', { actor, label, changed: changed.join(', ') })),
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: Object.fromEntries(changed.map((key) => [key, item(key as PackageItemKey).status])),
      });
      break;
    }
    case 'submit': {
      const before = { stage: state.stage };
      const round = state.reviews.length + 1;
      state.reviews.push({ round, submittedAt: at, submittedBy: actor, ...(action.note ? { note: action.note } : {}) });
      enterStage(state, 'in_review', actor, now);
      startSla(state, 'review', calendar, now);
      const pm = recipient(state, 'project_manager');
      event({
        type: 'handoff.submitted',
        actor,
        ...handoffSays('handoff.submitted', {
          actor,
          label,
          round: round > 1 ? round : undefined,
          reviewer: addressee(pm),
          dueDate: state.sla!.dueDate,
          note: action.note,
        }),
        before,
        after: { stage: 'in_review', round, reviewDue: state.sla!.dueDate },
        notify: pm,
      });
      break;
    }
    case 'return': {
      const named = new Map<PackageItemKey, string | undefined>();
      for (const each of action.missing)
        named.set(
          each.key as PackageItemKey,
          blank(each.note) ? named.get(each.key as PackageItemKey) : each.note!.trim(),
        );
      const missing = [...named].map(([key, note]) => ({ key, ...(note ? { note } : {}) }));
      for (const item of state.packageItems) {
        if (!named.has(item.key)) continue;
        item.status = 'missing';
        const note = named.get(item.key);
        if (note) item.returnNote = note;
        else delete item.returnNote;
      }
      Object.assign(state.reviews.at(-1)!, {
        decision: 'returned',
        decidedAt: at,
        decidedBy: actor,
        missing,
        ...(action.note ? { note: action.note } : {}),
      });
      enterStage(state, 'returned', actor, now);
      startSla(state, 'resubmission', calendar, now);
      const items: TextList = {
        list: missing.map((each) =>
          handoffText('handoff.returned-item', { item: handoffText(`handoff.item.${each.key}`), note: each.note }),
        ),
        separator: '; ',
      };
      event({
        type: 'handoff.returned',
        actor,
        ...handoffSays('handoff.returned', { actor, label, items, note: action.note, dueDate: state.sla!.dueDate }),
        before: { stage: 'in_review' },
        after: { stage: 'returned', missing: missing.map((each) => each.key), resubmitDue: state.sla!.dueDate },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'accept': {
      const projectManager = action.projectManager?.trim() ?? actor;
      state.projectManager = projectManager;
      Object.assign(state.reviews.at(-1)!, {
        decision: 'accepted',
        decidedAt: at,
        decidedBy: actor,
        ...(action.note ? { note: action.note } : {}),
      });
      const slaOverdue = state.sla?.overdue ?? false;
      delete state.sla;
      enterStage(state, 'accepted', actor, now);
      event({
        type: 'handoff.package-accepted',
        actor,
        ...handoffSays('handoff.package-accepted', { actor, label, projectManager, note: action.note }),
        before: { stage: 'in_review' },
        after: { stage: 'accepted', projectManager, reviewOverdue: slaOverdue },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'kickoff': {
      const kickoffDate = action.kickoffDate ?? today(now);
      if (action.targetGoLive !== undefined && action.targetGoLive !== state.targetGoLive) {
        state.targetGoLive = action.targetGoLive;
        Object.assign(
          state.packageItems.find((item) => item.key === 'target-go-live')!,
          { status: 'provided', text: action.targetGoLive, providedBy: actor, providedAt: at },
        );
      }
      state.kickoffDate = kickoffDate;
      state.milestones = planMilestones(
        state.rules.milestones,
        { kickoff: kickoffDate, targetGoLive: state.targetGoLive! },
        calendar,
        now,
        action.assignees ?? {},
        state.projectManager,
      );
      enterStage(state, 'kicked_off', actor, now);
      event({
        type: 'handoff.kicked-off',
        actor,
        ...handoffSays('handoff.kicked-off', {
          actor,
          label,
          kickoffDate,
          targetGoLive: state.targetGoLive,
          milestones: state.milestones.map((each) => `${each.key} due ${each.dueDate}`).join(', '),
          note: action.note,
        }),
        before: { stage: 'accepted' },
        after: {
          stage: 'kicked_off',
          kickoffDate,
          targetGoLive: state.targetGoLive,
          milestones: Object.fromEntries(
            state.milestones.map((each) => [each.key, { dueDate: each.dueDate, assignee: each.assignee ?? null }]),
          ),
        },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'start-milestone': {
      const target = milestone(action.milestoneKey);
      target.status = 'in_progress';
      target.startedAt = at;
      event({
        type: 'handoff.milestone-started',
        actor,
        milestoneKey: target.key,
        ...handoffSays('handoff.milestone-started', { actor, milestone: target.title, label, note: action.note }),
        before: { status: 'planned' },
        after: { status: 'in_progress' },
      });
      break;
    }
    case 'complete-milestone': {
      const target = milestone(action.milestoneKey);
      const before = { status: target.status, stage: state.stage };
      Object.assign(
        target,
        { status: 'done', completedAt: at, completedBy: actor },
        hasEvidence(action.evidence) ? { evidence: { ...action.evidence } } : {},
      );
      if (target.customerSignOff) enterStage(state, 'accepted_by_customer', actor, now);
      const acceptance = state.customerAcceptance;
      event({
        type: 'handoff.milestone-completed',
        actor,
        milestoneKey: target.key,
        ...(target.customerSignOff
          ? handoffSays('handoff.customer-accepted', {
              actor,
              label,
              signedBy: acceptance!.signedBy,
              signedOn: acceptance!.signedOn,
            })
          : handoffSays('handoff.milestone-completed', {
              actor,
              milestone: target.title,
              label,
              dueDate: target.dueDate < today(now) ? target.dueDate : undefined,
            })),
        before,
        after: { status: 'done', stage: state.stage, ...(target.evidence ? { evidence: target.evidence } : {}) },
        ...(target.customerSignOff ? { notify: recipient(state, 'customer_success') } : {}),
      });
      break;
    }
    case 'slip-milestone': {
      const target = milestone(action.milestoneKey);
      const before = Object.fromEntries(state.milestones.map((each) => [each.key, each.dueDate]));
      const { businessDays, shifted } = slipMilestone(state, target.key, action.newDate, calendar, now);
      target.slips.push({
        from: before[target.key]!,
        to: action.newDate,
        reason: action.reason.trim(),
        by: actor,
        at,
        businessDays,
        shiftedDependants: shifted,
      });
      const moved = [target.key, ...shifted];
      event({
        type: 'handoff.milestone-slipped',
        actor,
        milestoneKey: target.key,
        ...handoffSays('handoff.milestone-slipped', {
          actor,
          milestone: target.title,
          label,
          from: before[target.key],
          to: action.newDate,
          businessDays,
          reason: action.reason.trim(),
          moved: shifted.map((key) => `${key} to ${milestone(key).dueDate}`).join(', '),
        }),
        before: Object.fromEntries(moved.map((key) => [key, before[key]])),
        after: Object.fromEntries(moved.map((key) => [key, milestone(key).dueDate])),
        notify: recipient(state, 'ops_manager'),
      });
      break;
    }
    case 'flag-risk': {
      const target = milestone(action.milestoneKey);
      const before = { atRisk: target.atRisk, riskNote: target.riskNote };
      target.atRisk = action.atRisk;
      if (action.atRisk) target.riskNote = action.note!.trim();
      else delete target.riskNote;
      event({
        type: 'handoff.milestone-risk',
        actor,
        milestoneKey: target.key,
        ...(action.atRisk
          ? handoffSays('handoff.milestone-flagged', { actor, milestone: target.title, label, note: target.riskNote })
          : handoffSays('handoff.milestone-cleared', {
              actor,
              milestone: target.title,
              label,
              note: blank(action.note) ? undefined : action.note!.trim(),
            })),
        before,
        after: { atRisk: target.atRisk, riskNote: target.riskNote },
        ...(action.atRisk ? { notify: recipient(state, 'ops_manager') } : {}),
      });
      break;
    }
    case 'record-customer-acceptance': {
      const evidence = {
        ...(blank(action.evidence.link) ? {} : { link: action.evidence.link!.trim() }),
        ...(blank(action.evidence.note) ? {} : { note: action.evidence.note!.trim() }),
      };
      const before = state.customerAcceptance
        ? { signedBy: state.customerAcceptance.signedBy, signedOn: state.customerAcceptance.signedOn }
        : undefined;
      state.customerAcceptance = {
        signedBy: action.signedBy.trim(),
        ...(blank(action.signedByTitle) ? {} : { signedByTitle: action.signedByTitle!.trim() }),
        signedOn: action.signedOn,
        evidence,
        recordedBy: actor,
        recordedAt: at,
      };
      const acceptance = state.milestones.find((each) => each.customerSignOff);
      event({
        type: 'handoff.customer-sign-off',
        actor,
        ...(acceptance ? { milestoneKey: acceptance.key } : {}),
        ...handoffSays('handoff.customer-sign-off', {
          actor,
          label,
          signedBy: state.customerAcceptance.signedBy,
          title: state.customerAcceptance.signedByTitle,
          signedOn: action.signedOn,
        }),
        ...(before ? { before } : {}),
        after: { signedBy: state.customerAcceptance.signedBy, signedOn: action.signedOn, evidence },
      });
      break;
    }
    case 'handover': {
      state.handover = {
        termStart: action.termStart,
        contractEnd: action.contractEnd,
        annualValue: action.annualValue,
        ...(blank(action.currency ?? state.currency) ? {} : { currency: action.currency ?? state.currency }),
        ...(blank(action.tier) ? {} : { tier: action.tier!.trim() }),
        customerSuccessOwner: action.customerSuccessOwner.trim(),
        ...(blank(action.note) ? {} : { note: action.note!.trim() }),
        by: actor,
        at,
      };
      state.outcome = { stage: 'handed_over', at, by: actor };
      state.pendingNext = renewalRequest(state, context.pinnedCalendar);
      enterStage(state, 'handed_over', actor, now);
      const { handover } = state;
      event({
        type: 'handoff.handed-over',
        actor,
        ...handoffSays('handoff.handed-over', {
          actor,
          label,
          owner: handover.customerSuccessOwner,
          termStart: handover.termStart,
          contractEnd: handover.contractEnd,
          value: handover.annualValue,
          currency: handover.currency,
          tier: handover.tier,
          renewal: lifecycleCaseName(state.pendingNext.workflowId),
        }),
        before: { stage: 'accepted_by_customer' },
        after: {
          stage: 'handed_over',
          contractEnd: handover.contractEnd,
          annualValue: handover.annualValue,
          renewalWorkflowId: state.pendingNext.workflowId,
        },
        notify: recipient(state, 'customer_success'),
      });
      break;
    }
    case 'cancel': {
      const before = { stage: state.stage };
      state.outcome = { stage: 'cancelled', at, by: actor, reason: action.reason.trim() };
      enterStage(state, 'cancelled', actor, now);
      event({
        type: 'handoff.cancelled',
        actor,
        ...handoffSays('handoff.cancelled', {
          actor,
          label,
          stage: stageName(before.stage),
          reason: action.reason.trim(),
        }),
        before,
        after: { stage: 'cancelled', reason: action.reason.trim() },
        notify: recipient(state, 'ops_manager'),
      });
      break;
    }
    case 'comment': {
      const target = action.milestoneKey ? milestone(action.milestoneKey) : undefined;
      event({
        type: 'handoff.comment',
        actor,
        ...(target ? { milestoneKey: target.key } : {}),
        ...(target
          ? handoffSays('handoff.comment.milestone', {
              actor,
              milestone: target.title,
              label,
              text: action.text.trim(),
            })
          : handoffSays('handoff.comment', { actor, label, text: action.text.trim() })),
        after: { text: action.text.trim(), ...(target ? { owner: addressee(milestoneOwner(target)) } : {}) },
      });
      break;
    }
  }
  state.seq += 1;
  pruneFiredAlarms(state, calendar);
}

/** The renewal follow-up a handover asks for: the contract's term and value, on the handoff's calendar. */
function renewalRequest(state: HandoffState, calendar: PinnedCalendar): RenewalRequest {
  const handover = state.handover!;
  return {
    workflowType: 'renewalFollowUp',
    workflowId: renewalWorkflowId(state.account, state.opportunity),
    input: {
      start: {
        account: state.account,
        region: state.region,
        contractId: state.opportunity,
        termStart: handover.termStart,
        contractEnd: handover.contractEnd,
        value: handover.annualValue,
        ...(handover.currency ? { currency: handover.currency } : {}),
        ...(handover.tier ? { tier: handover.tier } : {}),
        customerSuccessOwner: handover.customerSuccessOwner,
        source: { playbook: 'delivery-handoff', id: state.handoffId },
        ...profileField(state.profile),
        calendar,
      },
    },
  };
}

/** Records that the renewal follow-up was started (or already ran): the request is settled and the timeline names it. */
export function recordRenewalStart(state: HandoffState, result: NextPlaybookStarted, now: Date): void {
  delete state.pendingNext;
  state.renewalWorkflowId = result.workflowId;
  state.nextPlaybook = { ...result, at: now.toISOString() };
  appendEvent(state, now, {
    type: 'handoff.renewal-started',
    actor: 'baton',
    ...handoffSays('handoff.renewal-started', {
      next: nextPlaybookText(result, handoffNamed(state)),
      contractEnd: String(state.handover?.contractEnd),
    }),
    after: { renewalWorkflowId: result.workflowId, status: result.status },
  });
  state.seq += 1;
}
