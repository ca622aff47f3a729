import type { Catalog } from '../shared/text';

/** Why a POC template is refused (issue 20), naming the culprit, in English and Chinese; spread into POC_TEXT. */
export const POC_TEMPLATE_TEXT = {
  'poc.template.reminder-outside-sla': {
    en: 'approval reminder {n} ({days} days before) falls outside the {sla}-day approval SLA',
    zh: '第 {n} 个审批提醒（提前 {days} 天）超出了 {sla} 天的审批时限',
  },
  'poc.template.grace-not-shorter': {
    en: 'the check-in grace ({grace} days) must be shorter than the check-in cadence ({every} days)',
    zh: '检查宽限期（{grace} 天）必须短于检查周期（{every} 天）',
  },
  'poc.template.extension-days-without-extensions': {
    en: 'extensions are allowed ({count}) but may add no days: give the most days they may add',
    zh: '允许延期（{count} 次）但可延长天数为 0：请填写最多可延长的天数',
  },
  'poc.template.duplicate-criterion': {
    en: 'criterion key "{key}" is used twice',
    zh: '成功标准的键“{key}”重复了',
  },
  'poc.template.reserved-criterion-key': {
    en: 'criterion key "{key}" is kept for criteria a request gives without a key (c1, c2…); choose another',
    zh: '成功标准的键“{key}”保留给申请中未写键的标准（c1、c2…），请换一个',
  },
} as const satisfies Catalog;
