import type { Catalog } from '../shared/text';

/** What a trial says when the CRM changes it (issue 18), in English and Chinese; spread into POC_TEXT. */
export const POC_CRM_TEXT = {
  'poc.crm.details-updated': {
    en: 'The CRM ({source}) updated the {label}: {changes}',
    zh: 'CRM（{source}）更新了{label}：{changes}',
  },
  'poc.crm.change.amount': { en: 'amount [{before} → ]{after}', zh: '金额[ {before} →] {after}' },
  'poc.crm.change.owner': { en: 'sales owner [{before} → ]{after}', zh: '销售负责人[ {before} →] {after}' },
  'poc.crm.change.closeDate': { en: 'close date [{before} → ]{after}', zh: '预计成交日期[ {before} →] {after}' },
  'poc.crm.change.stage': { en: 'CRM stage [{before} → ]{after}', zh: 'CRM 阶段[ {before} →] {after}' },
} as const satisfies Catalog;
