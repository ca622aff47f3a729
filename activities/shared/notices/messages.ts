import type { Language, NoticeKind, Playbook } from './kinds';

/** What a notice says, built from the event's facts so each person reads it in their own language. */
export interface NoticeFacts {
  kind: NoticeKind;
  playbook: Playbook;
  /** The case as people name it: a product, or an account and its opportunity. */
  caseTitle: string;
  itemTitle?: string;
  actor: string;
  /** The event's own summary, as the timeline records it, in the reader's language where it has a text. */
  summary: string;
  dueDate?: string;
  dateBefore?: string;
  dateAfter?: string;
  outcome?: string;
}

const PLAYBOOK_NAMES: Record<Playbook, Record<Language, string>> = {
  launch: { en: 'Launch', zh: '上市准备' },
  poc: { en: 'POC', zh: 'POC 试用' },
  deal: { en: 'Deal support', zh: '商机支持' },
  handoff: { en: 'Delivery handoff', zh: '交付交接' },
  renewal: { en: 'Renewal', zh: '续约' },
};

type Phrase = (facts: NoticeFacts, subject: string) => string;

/** The headline per kind; `subject` is the item (or the case when the event is about the whole case). */
const HEADLINES: Record<NoticeKind, Record<Language, Phrase>> = {
  assigned: { en: (f, s) => `${f.actor} assigned you "${s}"`, zh: (f, s) => `${f.actor} 将「${s}」分配给了您` },
  reassigned: { en: (f, s) => `"${s}" was reassigned by ${f.actor}`, zh: (f, s) => `「${s}」已由 ${f.actor} 转交他人` },
  'due-soon': {
    en: (f, s) => `"${s}" is due${f.dueDate ? ` on ${f.dueDate}` : ' soon'}`,
    zh: (f, s) => `「${s}」即将到期${f.dueDate ? `（${f.dueDate}）` : ''}`,
  },
  overdue: {
    en: (f, s) => `"${s}" is overdue${f.dueDate ? ` (due ${f.dueDate})` : ''}`,
    zh: (f, s) => `「${s}」已逾期${f.dueDate ? `（应于 ${f.dueDate} 完成）` : ''}`,
  },
  escalated: { en: (_f, s) => `Escalated to you: "${s}"`, zh: (_f, s) => `已升级给您：「${s}」` },
  'sign-off': { en: (_f, s) => `Your sign-off is asked for "${s}"`, zh: (_f, s) => `「${s}」等待您签核` },
  approval: { en: (_f, s) => `Your approval is asked for "${s}"`, zh: (_f, s) => `「${s}」等待您审批` },
  'gate-decided': {
    en: (f, s) => `${f.actor} decided ${f.outcome ?? ''} on "${s}"`.replace(/ {2}/g, ' '),
    zh: (f, s) =>
      `${f.actor} 对「${s}」作出了决定：${f.outcome === 'GO' ? '通过' : f.outcome === 'NO-GO' ? '不通过' : ''}`,
  },
  'date-moved': {
    en: (f) =>
      `${f.actor} moved the launch date${f.dateBefore ? ` from ${f.dateBefore}` : ''} to ${f.dateAfter ?? '?'}`,
    zh: (f) => `${f.actor} 将上市日期${f.dateBefore ? `从 ${f.dateBefore} ` : ''}改为 ${f.dateAfter ?? '?'}`,
  },
  returned: {
    en: (f, s) => `${f.actor} returned "${s}": items are missing`,
    zh: (f, s) => `${f.actor} 退回了「${s}」：有缺失项`,
  },
  slipped: { en: (_f, s) => `"${s}" slipped`, zh: (_f, s) => `「${s}」已延期` },
  'at-risk': { en: (_f, s) => `"${s}" is at risk`, zh: (_f, s) => `「${s}」存在风险` },
  update: { en: (_f, s) => `"${s}" changed`, zh: (_f, s) => `「${s}」有更新` },
  undeliverable: {
    en: (_f, s) => `Mail not delivered: "${s}"`,
    zh: (_f, s) => `邮件未送达：「${s}」`,
  },
};

const LABELS = {
  details: { en: 'What happened', zh: '详情' },
  open: { en: 'Open it on the board', zh: '在看板中打开' },
  unsubscribe: { en: 'Stop emails of this kind', zh: '不再接收此类邮件' },
  why: {
    en: 'You get this because you own it, were named on it, or your role is asked to act.',
    zh: '您收到此通知，是因为您负责此事项、被点名，或您的角色需要处理。',
  },
} as const;

export function noticeSubject(facts: NoticeFacts, language: Language): string {
  const subject = facts.itemTitle ?? facts.caseTitle;
  return `[${PLAYBOOK_NAMES[facts.playbook][language]}] ${HEADLINES[facts.kind][language](facts, subject)}`;
}

/** The notice's body text: the headline, the case, and the event as recorded. */
export function noticeText(facts: NoticeFacts, language: Language): string {
  const headline = HEADLINES[facts.kind][language](facts, facts.itemTitle ?? facts.caseTitle);
  return `${headline}\n${PLAYBOOK_NAMES[facts.playbook][language]}: ${facts.caseTitle}\n${LABELS.details[language]}: ${facts.summary}`;
}

export interface MailBody {
  text: string;
  html: string;
}

/** A notice as mail: plain text and HTML, each with the link to the item and a one-click unsubscribe for its kind. */
export function mailBody(notice: { text: string; language: Language }, link: string, unsubscribe: string): MailBody {
  const language = notice.language;
  const text = `${notice.text}\n\n${LABELS.open[language]}: ${link}\n\n${LABELS.why[language]}\n${LABELS.unsubscribe[language]}: ${unsubscribe}\n`;
  const lines = notice.text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`);
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif">${lines.join('')}<p><a href="${escapeHtml(link)}">${LABELS.open[language]}</a></p><p style="color:#666;font-size:12px">${LABELS.why[language]} <a href="${escapeHtml(unsubscribe)}">${LABELS.unsubscribe[language]}</a></p></body></html>`;
  return { text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
