import { SHARED_TEXT } from '../shared/shared-text';
import { speaker, type Catalog } from '../shared/text';
import { DEAL_CRM_TEXT } from './crm-text';
import { DEAL_TEMPLATE_TEXT } from './template-text';

/**
 * What a deal-support case says to people, in English and Chinese: its timeline entries and why
 * an action is refused. The English is what the timeline has always recorded; facts (names, dates,
 * what people typed) are filled in as they are.
 */
export const DEAL_TEXT = {
  ...SHARED_TEXT,
  ...DEAL_CRM_TEXT,
  ...DEAL_TEMPLATE_TEXT,
  'deal.label': {
    en: 'deal support for {account} (opportunity {opportunity})',
    zh: '{account} 的商机支持（商机 {opportunity}）',
  },
  'deal.label.capital': {
    en: 'The deal support for {account} (opportunity {opportunity})',
    zh: '{account} 的商机支持（商机 {opportunity}）',
  },

  'deal.requested': {
    en: '{actor} requested {label} in {region}, worth {amount}, at stage {dealStage}[ against {competitors}]: {supportTypes} by {dueDate}; response due {responseDue}',
    zh: '{actor} 申请了{label}：区域 {region}，金额 {amount}，商机阶段 {dealStage}[，竞争对手 {competitors}]；需要 {supportTypes}，{dueDate} 前完成；响应期限 {responseDue}',
  },
  'deal.accepted': {
    en: '{actor} accepted the {label} ({assigned})[: {note}]',
    zh: '{actor} 受理了{label}（{assigned}）[：{note}]',
  },
  'deal.declined': { en: '{actor} declined the {label}: {reason}', zh: '{actor} 拒绝了{label}：{reason}' },
  'deal.support-logged': {
    en: '{actor} logged {supportType} support on the {label}: {summary} (outcome: {outcome})',
    zh: '{actor} 记录了{label}的{supportType:support}支持：{summary}（结果：{outcome}）',
  },
  'deal.support-completed': {
    en: '{actor} completed the {supportType} support on the {label}: {outcome}',
    zh: '{actor} 完成了{label}的{supportType:support}支持：{outcome}',
  },
  'deal.pricing-approved': {
    en: '{actor} approved the pricing exception for the {label}[: {note}]',
    zh: '{actor} 批准了{label}的价格特批[：{note}]',
  },
  'deal.pricing-rejected': {
    en: '{actor} rejected the pricing exception for the {label}: {reason}',
    zh: '{actor} 驳回了{label}的价格特批：{reason}',
  },
  'deal.closed-won': {
    en: '{actor} closed the {label} as won[ ({note})]; delivery handoff requested; a lesson is due',
    zh: '{actor} 将{label}关闭为赢单[（{note}）]；已申请交付交接；需提交复盘',
  },
  'deal.closed-lost': {
    en: '{actor} closed the {label} as lost: {reason}[ ({note})]; a lesson is due',
    zh: '{actor} 将{label}关闭为丢单：{reason}[（{note}）]；需提交复盘',
  },
  'deal.lesson': {
    en: '{actor} recorded the lesson of the {label}: {lesson}',
    zh: '{actor} 记录了{label}的复盘：{lesson}',
  },
  'deal.withdrawn': { en: '{actor} withdrew the {label}: {reason}', zh: '{actor} 撤回了{label}：{reason}' },
  'deal.response-reminder': {
    en: 'Reminder to {who}: accept or decline the {label}, requested by {requestedBy}; response due {dueDate}',
    zh: '提醒 {who}：请受理或拒绝 {requestedBy} 申请的{label}；响应 {dueDate} 到期',
  },
  'deal.response-escalation': {
    en: 'Escalation to {who}: the {label}, requested by {requestedBy}, still waits for triage, due {dueDate}',
    zh: '升级给 {who}：{requestedBy} 申请的{label}仍在等待分派，期限 {dueDate}',
  },
  'deal.lesson-reminder': {
    en: 'Reminder to {who}: record the lesson of the {label} ({stage}) by {dueDate}',
    zh: '提醒 {who}：请在 {dueDate} 前记录{label}（{stage:deal}）的复盘',
  },
  'deal.lesson-missing': {
    en: 'The {label} ended without its lesson: {rule}',
    zh: '{label}结束时没有复盘：{rule}',
  },

  'deal.refused.not-asked': {
    en: 'The {label} was not asked for "{supportType}" (it has {supportTypes})',
    zh: '{label}没有申请「{supportType}」支持（已申请：{supportTypes}）',
  },
  'deal.refused.no-support-type': {
    en: 'The {label} has no support type "{supportType}" (it has {supportTypes})',
    zh: '{label}没有支持类型「{supportType}」（已申请：{supportTypes}）',
  },
  'deal.refused.support-done': {
    en: 'The {supportType} support of the {label} is already done',
    zh: '{label}的{supportType:support}支持已完成',
  },
  'deal.refused.unknown-action': { en: 'Unknown action "{action}"', zh: '未知操作「{action}」' },
  'deal.refused.has-lesson': { en: 'The {label} already has its lesson', zh: '{label}已有复盘' },
  'deal.refused.no-lesson-asked': {
    en: 'The {label} is {stage} and asks for no lesson',
    zh: '{label}已是{stage:deal}状态，不需要复盘',
  },
  'deal.refused.not-asked-types': {
    en: 'The {label} was not asked for {types} (it has {supportTypes})',
    zh: '{label}没有申请 {types}（已申请：{supportTypes}）',
  },
  'deal.refused.unassigned': {
    en: 'Accepting the {label} needs someone assigned to {types}',
    zh: '受理{label}需要为 {types} 指定负责人',
  },
  'deal.refused.decline-reason': {
    en: 'Declining a support request needs a reason',
    zh: '拒绝支持申请需要填写原因',
  },
  'deal.refused.support-evidence': {
    en: 'A support action needs a summary and its outcome',
    zh: '支持记录需要填写摘要和结果',
  },
  'deal.refused.complete-outcome': {
    en: 'Completing the {supportType} support needs its outcome',
    zh: '完成{supportType:support}支持需要填写结果',
  },
  'deal.refused.no-pricing': {
    en: 'The {label} has no pricing exception to decide',
    zh: '{label}没有待决定的价格特批',
  },
  'deal.refused.pricing-decided': {
    en: 'The pricing exception of the {label} was already {status} by {by}',
    zh: '{label}的价格特批已由 {by} 处理（{status}）',
  },
  'deal.refused.pricing-role': {
    en: 'Deciding the pricing exception needs the {role} role; {actor} has {roles}',
    zh: '决定价格特批需要{role:role}角色；{actor} 的角色为 {roles}',
  },
  'deal.refused.pricing-reason': {
    en: 'Rejecting a pricing exception needs a reason',
    zh: '驳回价格特批需要填写原因',
  },
  'deal.refused.won-before-pricing': {
    en: 'The {label} cannot close won before its pricing exception is approved by {role}',
    zh: '{label}的价格特批经{role:role}批准前不能关闭为赢单',
  },
  'deal.refused.won-pricing-rejected': {
    en: 'The {label} cannot close won: its pricing exception was rejected ({reason})',
    zh: '{label}不能关闭为赢单：其价格特批已被驳回（{reason}）',
  },
  'deal.refused.handoff-problems': {
    en: 'The handoff package cannot start like that: {problems}',
    zh: '交接资料包无法这样启动：{problems}',
  },
  'deal.refused.loss-reason': {
    en: 'The loss reason must be one of {allowed}, not "{reason}"',
    zh: '丢单原因必须是以下之一：{allowed}，而不是「{reason}」',
  },
  'deal.refused.loss-note': {
    en: 'A loss for reason "other" needs a note saying what it was',
    zh: '原因为「other」的丢单需要备注说明具体原因',
  },
  'deal.refused.lesson-text': {
    en: 'A lesson needs its text: what would you tell the next team on a deal like this?',
    zh: '复盘需要填写内容：对下一个做类似商机的团队，您会说什么？',
  },
  'deal.refused.withdraw-reason': {
    en: 'Withdrawing a support request needs a reason',
    zh: '撤回支持申请需要填写原因',
  },
} as const satisfies Catalog;

export const { say: dealSays, text: dealText, sayText: dealSaysText } = speaker(DEAL_TEXT);
