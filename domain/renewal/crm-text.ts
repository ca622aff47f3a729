import type { Catalog } from '../shared/text';

/** What a renewal says when the CRM changes its contract (issue 18), in English and Chinese; spread into RENEWAL_TEXT. */
export const RENEWAL_CRM_TEXT = {
  'renewal.crm.dates-updated': {
    en: 'The CRM ({source}) updated the contract of the {label}: {changes}',
    zh: 'CRM（{source}）更新了{label}的合同：{changes}',
  },
  'renewal.crm.dates-updated.replanned': {
    en: 'The CRM ({source}) updated the contract of the {label}: {changes}. Open steps are due again from the new contract end: {dated}',
    zh: 'CRM（{source}）更新了{label}的合同：{changes}。未完成的步骤按新的合同到期日重新排期：{dated}',
  },
  'renewal.crm.change.termStart': { en: 'term start {before} → {after}', zh: '合同期开始 {before} → {after}' },
  'renewal.crm.change.contractEnd': { en: 'contract end {before} → {after}', zh: '合同到期 {before} → {after}' },
  'renewal.crm.change.value': { en: 'annual value {before} → {after}', zh: '年合同额 {before} → {after}' },
} as const satisfies Catalog;
