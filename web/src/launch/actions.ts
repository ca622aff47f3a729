import { post, segment } from '../api/client';
import { takingEffort, type ActionSpec, type FieldSpec } from '../components/actions';
import type { useI18n } from '../lib/i18n';

type I18n = ReturnType<typeof useI18n>;

/** What the board knows of an item: all of it on a launch page, less on the task list. */
export interface ItemLike {
  key: string;
  title: string;
  status: string;
  ownerRole: string;
  assignee?: string | null;
  awaitingSignOff: boolean;
  signOffBy?: string | null;
  /** Unknown on the task list: both kinds of evidence are offered and the API says which it needs. */
  evidenceRequired?: 'none' | 'link' | 'note';
  required?: boolean;
  dueDate?: string;
}

const OPEN = new Set(['blocked', 'ready', 'in_progress']);

/**
 * The actions a person may take on a checklist item right now, as buttons: start, complete with
 * evidence, skip with a reason, reassign, sign off, reopen. The API still decides: a refusal
 * shows its message in the dialog.
 */
export function itemActions(
  launchId: string,
  item: ItemLike,
  { t, label }: I18n,
  who: { roles: string[]; canAct: boolean; canManage?: boolean },
  seq?: number,
): ActionSpec[] {
  if (!who.canAct) return [];
  const path = (verb: string) => `/api/launches/${segment(launchId)}/items/${segment(item.key)}/${verb}`;
  // Every item action takes the minutes spent (effort insights), so each dialog asks for them.
  const send = (verb: string) => takingEffort((body: Record<string, unknown>) => post(path(verb), body, seq));
  const actions: ActionSpec[] = [];
  const open = OPEN.has(item.status);

  if (item.awaitingSignOff) {
    if (!item.signOffBy || who.roles.includes(item.signOffBy)) {
      actions.push({
        key: `sign-off-${item.key}`,
        label: t('action.signOff'),
        title: t('action.signOffTitle', { title: item.title }),
        intro: item.signOffBy ? t('action.signOffAs', { role: label('role', item.signOffBy) }) : undefined,
        tone: 'primary',
        submit: send('sign-off'),
      });
    }
  } else if (item.status === 'ready' || item.status === 'in_progress') {
    actions.push({
      key: `complete-${item.key}`,
      label: t('action.complete'),
      title: t('action.completeTitle', { title: item.title }),
      tone: 'primary',
      fields: evidenceFields(item.evidenceRequired, t),
      submit: send('complete'),
    });
  }
  if (item.status === 'ready') {
    actions.push({
      key: `start-${item.key}`,
      label: t('action.start'),
      title: t('action.start'),
      intro: item.title,
      submit: send('start'),
    });
  }
  if (open && item.required !== true) {
    actions.push({
      key: `skip-${item.key}`,
      label: t('action.skip'),
      title: t('action.skipTitle', { title: item.title }),
      fields: [{ name: 'reason', label: t('field.reason'), kind: 'textarea', required: true }],
      submit: send('skip'),
    });
  }
  if (open) {
    actions.push({
      key: `assign-${item.key}`,
      label: t('action.reassign'),
      title: t('action.reassignTitle', { title: item.title }),
      fields: [
        {
          name: 'assignee',
          label: t('field.assignee'),
          kind: 'email',
          required: true,
          initial: item.assignee ?? undefined,
        },
      ],
      submit: send('assign'),
    });
  }
  if (open && who.canManage) {
    // Ops managers move or snooze one item's due date; the reason goes on the timeline (newcomer walk 10).
    actions.push({
      key: `due-date-${item.key}`,
      label: t('action.dueDate'),
      title: t('action.dueDateTitle', { title: item.title }),
      intro: t('action.dueDateIntro'),
      fields: [
        { name: 'dueDate', label: t('field.newDueDate'), kind: 'date', required: true, initial: item.dueDate },
        { name: 'reason', label: t('field.reason'), kind: 'textarea', required: true },
      ],
      submit: send('due-date'),
    });
  }
  if (item.status === 'done') {
    actions.push({
      key: `reopen-${item.key}`,
      label: t('action.reopen'),
      title: t('action.reopenTitle', { title: item.title }),
      fields: [{ name: 'reason', label: t('field.reason'), kind: 'textarea', required: true }],
      submit: send('reopen'),
    });
  }
  return actions;
}

function evidenceFields(kind: ItemLike['evidenceRequired'], t: I18n['t']): FieldSpec[] {
  const link: FieldSpec = { name: 'link', label: t('field.link'), kind: 'url', required: kind === 'link' };
  const note: FieldSpec = { name: 'note', label: t('field.note'), kind: 'textarea', required: kind === 'note' };
  if (kind === undefined) return [{ ...link, hint: t('field.evidenceEither') }, note];
  if (kind === 'link') return [{ ...link, hint: t('field.evidenceHint', { kind: t('field.evidence.link') }) }, note];
  if (kind === 'note') return [{ ...note, hint: t('field.evidenceHint', { kind: t('field.evidence.note') }) }, link];
  return [link, note];
}
