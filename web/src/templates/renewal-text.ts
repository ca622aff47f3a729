/**
 * The renewal template's board texts (issue 20) in English and Chinese: its form, the tier mapping, the
 * renewal start form's template choice, and the versioned mappings' history; i18n.tsx spreads them in.
 */
export const RENEWAL_TEMPLATE_MESSAGES = {
  'templates.renewal.steps': ['Steps, counted back from the contract end', '各步骤（从合同到期日倒推）'],
  'templates.renewal.daysBefore': ['Days before the end', '到期前天数'],
  'templates.renewal.owner': ['Owner', '负责角色'],
  'templates.renewal.lastCall': ['Last call to the ops manager', '向运营经理发出最后提醒'],
  'templates.renewal.reminders': [
    'Reminders before a step (business days, comma-separated)',
    '步骤提醒（提前工作日数，逗号分隔）',
  ],
  'templates.renewal.escalation': ['Escalate an open step after (business days)', '步骤逾期多少个工作日后升级'],
  'templates.renewal.health': ['Health bands', '健康度分档'],
  'templates.renewal.watchBelow': ['Watch below (score)', '低于此分为需关注'],
  'templates.renewal.atRiskBelow': ['At risk below (score)', '低于此分为有风险'],
  'templates.tiers.title': ['Renewal templates by customer tier', '按客户等级选择续约模板'],
  'templates.tiers.intro': [
    'A renewal whose start names no template runs on its tier’s template (the latest version); a tier not listed runs on “renewal”.',
    '未指定模板的续约按其客户等级对应的模板（最新版本）运行；未列出的等级使用“renewal”。',
  ],
  'templates.tiers.none': ['No tier has its own template yet.', '还没有等级设置专用模板。'],
  'templates.tiers.tier': ['Customer tier', '客户等级'],
  'templates.tiers.template': ['Renewal template', '续约模板'],
  'templates.tiers.setBy': ['Set by', '设置人'],
  'templates.tiers.setAt': ['Set at', '设置时间'],
  'templates.tiers.set': ['Set the tier’s template', '设置该等级的模板'],
  'templates.tiers.remove': ['Remove', '移除'],
  'templates.tiers.saved': ['{tier} renewals now run on {template}.', '{tier} 等级的续约现在使用 {template}。'],
  'startRenewal.templateDefault': ['The template of the customer’s tier', '客户等级对应的模板'],
  'renewals.template': ['Runs on', '所用模板'],
  // Versioned mappings (region -> calendar, tier -> renewal template): their history and the reason for a change.
  'mappings.history': ['Changes', '变更历史'],
  'mappings.noChanges': ['No change yet.', '还没有变更。'],
  'mappings.version': ['Version', '版本'],
  'mappings.before': ['Before', '变更前'],
  'mappings.after': ['After', '变更后'],
  'mappings.changedBy': ['Changed by', '变更人'],
  'mappings.changedAt': ['Changed at', '变更时间'],
  'mappings.reason': ['Why', '原因'],
  'mappings.noReason': ['(no reason given)', '（未填写原因）'],
  'mappings.reasonField': ['Why (shown in the history)', '原因（显示在变更历史中）'],
} as const satisfies Record<string, readonly [string, string]>;
