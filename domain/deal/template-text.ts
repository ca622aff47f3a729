import type { Catalog } from '../shared/text';

/** Why a deal-support template is refused (issue 20), naming the culprit, in English and Chinese; spread into DEAL_TEXT. */
export const DEAL_TEMPLATE_TEXT = {
  'deal.template.reminder-outside-sla': {
    en: '{supportType}: response reminder {n} ({days} days before) falls outside the {sla}-day response SLA',
    zh: '{supportType:support}：第 {n} 个响应提醒（提前 {days} 天）超出了 {sla} 天的响应时限',
  },
  'deal.template.lesson-reminder-after-deadline': {
    en: 'lesson reminder {n} ({days} days after closing) must come before the lesson deadline of {deadline} days',
    zh: '第 {n} 个复盘提醒（结案后 {days} 天）必须早于 {deadline} 天的复盘期限',
  },
} as const satisfies Catalog;
