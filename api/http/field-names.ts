import type { Catalog } from '../../domain/shared/text';

/**
 * The Chinese names of the template fields a refusal can name (issue 20's dry runs), so a Chinese reader
 * reads "检查周期（天）不能大于 30", not "Check in every days 不能大于 30". The English stays the words
 * of the field's name, as every other field without a hand-written name reads.
 */
const TEMPLATE_FIELDS_ZH: Readonly<Record<string, string>> = {
  key: '键',
  description: '描述',
  measuredBy: '衡量方式',
  autoApproveBelowAmount: '自动审批金额上限',
  approvalSla: '审批时限',
  days: '天数',
  unit: '单位',
  approvalRemindersBefore: '审批提醒（提前天数）',
  checkInEveryDays: '检查周期（天）',
  checkInGraceDays: '检查宽限期（天）',
  maxExtensions: '最多延期次数',
  maxExtensionDays: '最多延长天数',
  expiryGraceDays: '到期宽限期（天）',
  expiryRemindersDaysBefore: '到期提醒（提前天数）',
  criteriaAtRiskDaysBeforeEnd: '标准风险预警（结束前天数）',
  name: '名称',
  playbook: '剧本',
  appliesTo: '适用范围',
  rules: '规则',
  defaultCriteria: '默认成功标准',
  responseSla: '响应时限',
  responseRemindersBefore: '响应提醒（提前天数）',
  escalationRole: '升级角色',
  serviceLevels: '服务级别',
  'competitive-brief': '竞品分析',
  'technical-exchange': '技术交流',
  'customer-visit': '客户拜访',
  'industry-solution': '行业方案',
  'pricing-exception': '价格特批',
  triageRole: '分派角色',
  pricingApproverRole: '价格审批角色',
  lessonRemindersDaysAfterClose: '复盘提醒（结案后天数）',
  lessonDeadlineDays: '复盘期限（天）',
  title: '标题',
  ownerRole: '负责角色',
  due: '到期',
  from: '起算点',
  customerSignOff: '客户签认',
  packageItems: '交接包事项',
  packageSla: '交接包时限',
  resubmitSla: '重新提交时限',
  packageRemindersBefore: '交接包提醒（提前天数）',
  reviewSla: '审核时限',
  reviewRemindersBefore: '审核提醒（提前天数）',
  milestoneRemindersBefore: '里程碑提醒（提前天数）',
  milestoneEscalationAfter: '里程碑升级（逾期天数）',
  milestones: '里程碑',
  after: '之后天数',
  notify: '通知对象',
  requiredItems: '必需事项',
  signOffs: '签核',
  anchor: '锚定日期',
  phases: '阶段',
  opensAfterGate: '在此关口后开启',
  items: '事项',
  phase: '阶段',
  dependsOn: '依赖',
  required: '必需',
  signOffBy: '签核人',
  repeatEveryDays: '重复间隔（天）',
  rollToBusinessDay: '顺延至工作日',
  reminders: '提醒',
  before: '提前天数',
  escalations: '升级',
  managerOf: '上级',
  gates: '关口',
  healthReviewDaysBefore: '健康评估（合同到期前天数）',
  proposalDaysBefore: '续约方案（合同到期前天数）',
  negotiationDaysBefore: '谈判（合同到期前天数）',
  outcomeDaysBefore: '结果（合同到期前天数）',
  lastCallDaysBefore: '最后提醒（合同到期前天数）',
  stepRemindersBefore: '步骤提醒（提前天数）',
  stepEscalationDaysAfter: '步骤升级（逾期天数）',
  watchBelow: '关注线（低于）',
  atRiskBelow: '风险线（低于）',
  stepOwners: '步骤负责人',
  health_review: '健康评估',
  proposal: '续约方案',
  negotiation: '谈判',
};

/** A field's name as words: camelCase and kebab-case split, capitalised (a sentence starts with it). */
export function fieldWords(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `issue.field.<name>` for each template field: its words in English, its name in Chinese. */
export const TEMPLATE_FIELD_TEXT: Catalog = Object.fromEntries(
  Object.entries(TEMPLATE_FIELDS_ZH).map(([name, zh]) => [`issue.field.${name}`, { en: fieldWords(name), zh }]),
);
