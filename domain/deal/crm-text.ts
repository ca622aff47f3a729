import type { Catalog } from '../shared/text';

/** What a deal-support case says when the CRM changes its details (issue 18), in English and Chinese; spread into DEAL_TEXT. */
export const DEAL_CRM_TEXT = {
  'deal.crm.details-updated': {
    en: 'The CRM ({source}) updated the {label}: {changes}',
    zh: 'CRM（{source}）更新了{label}：{changes}',
  },
  'deal.crm.change.amount': { en: 'amount [{before} → ]{after}', zh: '金额[ {before} →] {after}' },
  'deal.crm.change.owner': { en: 'sales owner [{before} → ]{after}', zh: '销售负责人[ {before} →] {after}' },
  'deal.crm.change.closeDate': { en: 'close date [{before} → ]{after}', zh: '预计成交日期[ {before} →] {after}' },
  'deal.crm.change.stage': { en: 'deal stage [{before} → ]{after}', zh: '商机阶段[ {before} →] {after}' },
} as const satisfies Catalog;
