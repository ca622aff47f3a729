import { PACKAGE_ITEMS } from '../../../domain/handoff/types';
import { post, segment } from '../api/client';
import type { HandoffMilestone, HandoffState } from '../api/types';
import { caseActionParts, type ActionSpec } from '../components/actions';
import type { useCan } from '../lib/auth';
import type { useI18n } from '../lib/i18n';
import { milestoneTitleIn } from '../../../domain/handoff/shipped-titles';

type I18n = ReturnType<typeof useI18n>;

const SALES_WORKING = new Set(['package_pending', 'returned']);
const OPEN = new Set(['package_pending', 'in_review', 'returned', 'accepted', 'kicked_off', 'accepted_by_customer']);

/**
 * What may be done to a handoff in its stage (domain/handoff/actions.ts ALLOWED_IN): sales fill
 * and submit the package; the project manager returns it naming what is missing, or accepts it,
 * kicks off, records the customer's acceptance and hands over.
 */
/** What the actions need to know of a handoff, from its summary or its live state. */
export interface HandoffLike {
  handoffId: string;
  stage: string;
  amount: number;
  currency?: string | null;
  /** The customer signed the acceptance themselves: nobody records it for them any more. */
  signedInPortal?: boolean;
}

export function handoffActions(handoff: HandoffLike, { t, label }: I18n, can: ReturnType<typeof useCan>): ActionSpec[] {
  const { send, note } = caseActionParts('handoffs', handoff.handoffId, t);
  const act = can.may('handoff:act');
  const pm = can.may('handoff:accept');
  const actions: ActionSpec[] = [];
  const { stage } = handoff;
  if (SALES_WORKING.has(stage) && act) {
    actions.push({
      key: 'submit',
      label: t('handoff.submit'),
      tone: 'primary',
      fields: [note],
      submit: send('submit'),
    });
  }
  if (stage === 'in_review' && pm) {
    actions.push({
      key: 'return',
      label: t('handoff.return'),
      tone: 'danger',
      fields: [
        {
          name: 'keys',
          label: t('handoff.missing'),
          kind: 'checkboxes',
          required: true,
          options: PACKAGE_ITEMS.map((item) => ({ value: item.key, label: label('package', item.key, item.title) })),
        },
        { name: 'itemNote', label: t('handoff.missingNote'), kind: 'textarea' },
        note,
      ],
      // The API takes each missing item with its own note; the dialog gives one note for all of them.
      submit: ({ keys, itemNote, ...rest }) =>
        post(`/api/handoffs/${segment(handoff.handoffId)}/return`, {
          ...rest,
          missing: ((keys as string[] | undefined) ?? []).map((key) => ({
            key,
            ...(itemNote ? { note: itemNote } : {}),
          })),
        }),
    });
    actions.push({
      key: 'accept',
      label: t('handoff.accept'),
      tone: 'primary',
      fields: [{ name: 'projectManager', label: t('handoff.projectManager'), kind: 'email' }, note],
      submit: send('accept'),
    });
  }
  if (stage === 'accepted' && pm) {
    actions.push({
      key: 'kickoff',
      label: t('handoff.kickoff'),
      tone: 'primary',
      fields: [
        { name: 'kickoffDate', label: t('handoff.kickoffDate'), kind: 'date' },
        { name: 'targetGoLive', label: t('handoff.targetGoLive'), kind: 'date' },
        note,
      ],
      submit: send('kickoff'),
    });
  }
  if (OPEN.has(stage) && stage !== 'package_pending' && stage !== 'returned' && pm) {
    actions.push({
      key: 'invite-customer',
      label: t('handoff.inviteCustomer'),
      intro: t('handoff.inviteIntro'),
      fields: [
        { name: 'name', label: t('handoff.contactName'), required: true },
        { name: 'email', label: t('handoff.contactEmail'), kind: 'email', required: true },
        {
          name: 'language',
          label: t('handoff.contactLanguage'),
          kind: 'select',
          options: [
            { value: 'en', label: 'English' },
            { value: 'zh', label: '中文' },
          ],
        },
        { name: 'expiresInDays', label: t('handoff.linkDays'), kind: 'number', initial: '14' },
      ],
      submit: (body) => post(`/api/handoffs/${segment(handoff.handoffId)}/portal-invitations`, body),
    });
  }
  if (stage === 'kicked_off' && act && !handoff.signedInPortal) {
    actions.push({
      key: 'customer-acceptance',
      label: t('handoff.customerAcceptance'),
      tone: 'primary',
      fields: [
        { name: 'signedBy', label: t('handoff.signedBy'), required: true },
        { name: 'signedByTitle', label: t('handoff.signedByTitle') },
        { name: 'signedOn', label: t('handoff.signedOn'), kind: 'date', required: true },
        { name: 'evidence.link', label: t('field.link'), kind: 'url' },
        { name: 'evidence.note', label: t('field.note'), kind: 'textarea' },
      ],
      submit: send('customer-acceptance'),
    });
  }
  if (stage === 'accepted_by_customer' && pm) {
    actions.push({
      key: 'handover',
      label: t('handoff.handover'),
      tone: 'primary',
      fields: [
        { name: 'customerSuccessOwner', label: t('handoff.customerSuccessOwner'), kind: 'email', required: true },
        { name: 'termStart', label: t('handoff.termStart'), kind: 'date', required: true },
        { name: 'contractEnd', label: t('handoff.contractEnd'), kind: 'date', required: true },
        {
          name: 'annualValue',
          label: t('handoff.annualValue'),
          kind: 'number',
          required: true,
          initial: String(handoff.amount),
        },
        { name: 'currency', label: t('startPoc.currency'), initial: handoff.currency ?? undefined },
        { name: 'tier', label: t('handoff.tier') },
        note,
      ],
      submit: send('handover'),
    });
  }
  if (OPEN.has(stage) && pm) {
    actions.push({
      key: 'cancel',
      label: t('handoff.cancel'),
      tone: 'danger',
      fields: [{ name: 'reason', label: t('field.reason'), kind: 'textarea', required: true }],
      submit: send('cancel'),
    });
  }
  return actions;
}

/** Providing one package item: text and/or a link; the stakeholder map and go-live have their own forms. */
export function packageItemAction(
  handoff: HandoffState,
  item: HandoffState['packageItems'][number],
  { t, label }: I18n,
): ActionSpec {
  const path = `/api/handoffs/${segment(handoff.handoffId)}/package`;
  const title = label('package', item.key, item.title);
  if (item.key === 'target-go-live') {
    return {
      key: `package-${item.key}`,
      label: t('handoff.provide'),
      title,
      fields: [
        {
          name: 'targetGoLive',
          label: t('handoff.targetGoLive'),
          kind: 'date',
          required: true,
          initial: handoff.targetGoLive,
        },
      ],
      submit: (body) => post(path, body),
    };
  }
  if (item.key === 'stakeholders') {
    const person = (role: string) => handoff.stakeholders.find((stakeholder) => stakeholder.role === role);
    const fields = ['decision_maker', 'manager', 'end_user'].flatMap((role) => [
      {
        name: `${role}.name`,
        label: `${label('stakeholder', role)}: ${t('handoff.name')}`,
        required: true,
        initial: person(role)?.name,
      },
      {
        name: `${role}.contact`,
        label: `${label('stakeholder', role)}: ${t('handoff.contact')}`,
        required: true,
        initial: person(role)?.contact,
      },
    ]);
    return {
      key: `package-${item.key}`,
      label: t('handoff.provide'),
      title,
      fields,
      // One person per customer-side role; the API checks the map is complete.
      submit: (body) =>
        post(path, {
          stakeholders: ['decision_maker', 'manager', 'end_user'].map((role) => ({
            role,
            ...((body[role] as Record<string, unknown> | undefined) ?? {}),
          })),
        }),
    };
  }
  return {
    key: `package-${item.key}`,
    label: item.status === 'provided' ? t('handoff.update') : t('handoff.provide'),
    title,
    fields: [
      { name: 'text', label: t('handoff.text'), kind: 'textarea', initial: item.text },
      { name: 'link', label: t('field.link'), kind: 'url', initial: item.link },
    ],
    submit: (body) => post(path, { items: [{ key: item.key, ...body }] }),
  };
}

/**
 * Working one milestone after the kickoff: start, complete with evidence, slip with a reason, flag a
 * risk - for the project's leads and the milestone's owner (by role or by name).
 */
export function milestoneActions(
  handoff: HandoffLike,
  milestone: Pick<HandoffMilestone, 'key' | 'title' | 'atRisk'> & {
    status: string;
    ownerRole: string;
    assignee?: string | null;
  },
  { t, language }: I18n,
  can: ReturnType<typeof useCan>,
): ActionSpec[] {
  const owner = can.may('handoff:accept') || can.hasRole(milestone.ownerRole) || milestone.assignee === can.subject;
  if (handoff.stage !== 'kicked_off' || !owner || milestone.status === 'done') return [];
  // The default template's milestones read in the reader's language (newcomer walk 9).
  const title = milestoneTitleIn(milestone.title, language);
  const send = (verb: string) => (body: Record<string, unknown>) =>
    post(`/api/handoffs/${segment(handoff.handoffId)}/milestones/${segment(milestone.key)}/${verb}`, body);
  const actions: ActionSpec[] = [];
  if (milestone.status === 'planned')
    actions.push({
      key: `start-${milestone.key}`,
      label: t('action.start'),
      title,
      submit: send('start'),
    });
  actions.push({
    key: `complete-${milestone.key}`,
    label: t('action.complete'),
    title: t('action.completeTitle', { title }),
    tone: 'primary',
    fields: [
      { name: 'evidence.link', label: t('field.link'), kind: 'url' },
      { name: 'evidence.note', label: t('field.note'), kind: 'textarea' },
    ],
    submit: send('complete'),
  });
  actions.push({
    key: `slip-${milestone.key}`,
    label: t('handoff.slip'),
    title,
    fields: [
      { name: 'newDate', label: t('handoff.newDate'), kind: 'date', required: true },
      { name: 'reason', label: t('field.reason'), kind: 'textarea', required: true },
    ],
    submit: send('slip'),
  });
  actions.push(
    milestone.atRisk
      ? {
          key: `clear-risk-${milestone.key}`,
          label: t('handoff.clearRisk'),
          title,
          submit: () => send('risk')({ atRisk: false }),
        }
      : {
          key: `risk-${milestone.key}`,
          label: t('handoff.flagRisk'),
          title,
          tone: 'danger',
          fields: [{ name: 'note', label: t('common.note'), kind: 'textarea', required: true }],
          submit: (body) => send('risk')({ atRisk: true, ...body }),
        },
  );
  return actions;
}
