import type { Catalog } from '../shared/text';

/** Why a renewal template is refused (issue 20), in English and Chinese; spread into RENEWAL_TEXT. */
export const RENEWAL_TEMPLATE_TEXT = {
  'renewal.template.step-order': {
    en: '{later} ({laterDays} days before the contract end) must be fewer days than {earlier} ({earlierDays}): each step comes after the one before',
    zh: '{later}（合同到期前 {laterDays} 天）必须少于{earlier}（{earlierDays} 天）：每一步都在上一步之后',
  },
  'renewal.template.offset.healthReviewDaysBefore': { en: 'the health review', zh: '健康评估' },
  'renewal.template.offset.proposalDaysBefore': { en: 'the proposal', zh: '续约方案' },
  'renewal.template.offset.negotiationDaysBefore': { en: 'the negotiation', zh: '谈判' },
  'renewal.template.offset.outcomeDaysBefore': { en: 'the outcome', zh: '续约结果' },
  'renewal.template.offset.lastCallDaysBefore': { en: 'the last call', zh: '最后提醒' },
  'renewal.template.bands': {
    en: 'at risk below {atRisk} must not be above watch below {watch}',
    zh: '“有风险”的阈值 {atRisk} 不能高于“需关注”的阈值 {watch}',
  },
  'renewal.template.reminder-twice': {
    en: 'step reminder {n} ({days} days before) is listed twice',
    zh: '第 {n} 个步骤提醒（提前 {days} 天）重复了',
  },
} as const satisfies Catalog;
