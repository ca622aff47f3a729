/** The kinds of notice a person can get; preferences choose channels per kind. */
export const NOTICE_KINDS = [
  'assigned',
  'reassigned',
  'due-soon',
  'overdue',
  'escalated',
  'sign-off',
  'approval',
  'gate-decided',
  'date-moved',
  'returned',
  'slipped',
  'at-risk',
  'update',
  /** A mail Baton could not deliver: to the one who invited the customer contact, or to the staff member themself. */
  'undeliverable',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_CHANNELS = ['inbox', 'email'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PLAYBOOKS = ['launch', 'poc', 'deal', 'handoff', 'renewal'] as const;
export type Playbook = (typeof PLAYBOOKS)[number];

/** What an event that names someone to tell is about, read from its type (every playbook names its events alike). */
export function noticeKindOf(type: string): NoticeKind {
  if (/reminder$|last-call$/.test(type)) return 'due-soon';
  if (/overdue$|missed$|lesson-missing$/.test(type)) return 'overdue';
  if (/escalation$/.test(type)) return 'escalated';
  if (/returned$/.test(type)) return 'returned';
  if (/slipped$/.test(type)) return 'slipped';
  if (/at-risk|risk$|health-assessed$|failed$/.test(type)) return 'at-risk';
  if (/^gate\.(go|no-go)$/.test(type)) return 'gate-decided';
  if (/date-changed$/.test(type)) return 'date-moved';
  if (/requested$|submitted$|completed$|customer-sign-off$/.test(type)) return 'sign-off';
  if (/assigned$/.test(type)) return 'assigned';
  return 'update';
}
