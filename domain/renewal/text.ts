import { SHARED_TEXT } from '../shared/shared-text';
import { CUSTOMER_REMINDER_TEXT } from '../shared/customer-reminder-text';
import { speaker, type Catalog } from '../shared/text';
import { RENEWAL_CRM_TEXT } from './crm-text';
import { RENEWAL_TEMPLATE_TEXT } from './template-text';

/**
 * What a renewal follow-up says to people, in English and Chinese: its timeline entries and why an
 * action is refused. The English is what the timeline has always recorded; facts (names, dates,
 * amounts, what people typed, steps as they are titled) are filled in as they are.
 */
export const RENEWAL_TEXT = {
  ...SHARED_TEXT,
  ...CUSTOMER_REMINDER_TEXT,
  ...RENEWAL_CRM_TEXT,
  ...RENEWAL_TEMPLATE_TEXT,
  'renewal.label': {
    en: 'renewal of {account} (contract {contractId})',
    zh: '{account} 的续约（合同 {contractId}）',
  },
  'renewal.label.capital': {
    en: 'The renewal of {account} (contract {contractId})',
    zh: '{account} 的续约（合同 {contractId}）',
  },
  'renewal.origin.api': { en: 'through the API', zh: '通过 API' },
  'renewal.origin.playbook': { en: 'by the {playbook}[ {id}]', zh: '由 {playbook}[ {id}]' },
  'renewal.not-assigned-yet': { en: 'not assigned yet', zh: '尚未指定' },
  'renewal.not-assigned': { en: 'not assigned', zh: '未指定' },

  'renewal.started': {
    en: 'Follow-up of the {label} in {region} ({tier} tier, {value} a year) started {origin}; customer success: {owner}',
    zh: '{label}的跟进已{origin}启动，区域 {region}（{tier} 等级，每年 {value}）；客户成功：{owner}',
  },
  'renewal.term-planned': {
    en: 'Term {term} of the {label} ({termStart} to {contractEnd}, {value}) is planned: {dated}',
    zh: '{label}的第 {term} 个合同期（{termStart} 至 {contractEnd}，{value}）已排定：{dated}',
  },
  'renewal.term-planned.adjusted': {
    en: 'Term {term} of the {label} ({termStart} to {contractEnd}, {value}) is planned: {dated}. The contract end is close, so only what still makes sense is planned: {adjusted}',
    zh: '{label}的第 {term} 个合同期（{termStart} 至 {contractEnd}，{value}）已排定：{dated}。合同即将到期，只排定仍有意义的步骤：{adjusted}',
  },
  'renewal.health-assessed': {
    en: 'Health of the {label} from {from}: {score}/100 ({band}); weakest: {weakest}',
    zh: '{label}的健康度（来自{from}）：{score}/100（{band}）；最弱项：{weakest}',
  },
  'renewal.health-assessed.reviewed': {
    en: 'Health of the {label} from {from}: {score}/100 ({band}); weakest: {weakest}; the health review is done',
    zh: '{label}的健康度（来自{from}）：{score}/100（{band}）；最弱项：{weakest}；健康评估已完成',
  },
  'renewal.health-assessed.early': {
    en: 'Health of the {label} from {from}: {score}/100 ({band}); weakest: {weakest}; the health review (due {dueDate}) needs figures from {windowStart} on',
    zh: '{label}的健康度（来自{from}）：{score}/100（{band}）；最弱项：{weakest}；健康评估（{dueDate} 到期）需要 {windowStart} 起的数据',
  },
  'renewal.from.posted': { en: 'figures posted by {actor}', zh: '{actor} 提交的数据' },
  'renewal.from.source': { en: 'the health source', zh: '健康数据源' },
  'renewal.at-risk-escalation': {
    en: 'Escalation to {who}: the {label} is at risk (health {score} below {threshold}), {value} ending {contractEnd}; customer success: {owner}',
    zh: '升级给 {who}：{label}存在风险（健康度 {score} 低于 {threshold}），{value}，{contractEnd} 到期；客户成功：{owner}',
  },
  'renewal.health-check-requested': {
    en: '{actor} asked the health source for the figures of the {label} ({why})',
    zh: '{actor} 向健康数据源请求{label}的数据（{why}）',
  },
  'renewal.health-check-failed': {
    en: 'The health source gave no figures for the {label}: {error}. Enter them on the renewal[; the health review is due {dueDate}]',
    zh: '健康数据源未提供{label}的数据：{error}。请在续费页面手动填写[；健康评估 {dueDate} 到期]',
  },
  'renewal.health-figures-wanted': {
    en: 'Enter the health figures of the {label} (seats, active users, open critical tickets)[; the health review is due {dueDate}]',
    zh: '请填写{label}的健康度数据（席位、活跃用户、未解决的严重工单）[；健康评估 {dueDate} 到期]',
  },
  'renewal.proposal-sent': {
    en: '{actor} sent the renewal proposal for the {label}: {value} a year (now {current})[: {note}]',
    zh: '{actor} 发送了{label}的续约方案：每年 {value}（当前 {current}）[：{note}]',
  },
  'renewal.proposal-sent.late': {
    en: '{actor} sent the renewal proposal for the {label}: {value} a year (now {current})[: {note}] (its dated step had been skipped: the contract end was close)',
    zh: '{actor} 发送了{label}的续约方案：每年 {value}（当前 {current}）[：{note}]（其排定步骤已跳过：合同即将到期）',
  },
  'renewal.proposal-revised': {
    en: '{actor} revised the renewal proposal for the {label}: {value} a year (now {current})[: {note}]',
    zh: '{actor} 修改了{label}的续约方案：每年 {value}（当前 {current}）[：{note}]',
  },
  'renewal.negotiation-noted': {
    en: '{actor} noted on the negotiation of the {label}: {note}[ (expected {expected})]',
    zh: '{actor} 记录了{label}的谈判进展：{note}[（预计 {expected}）]',
  },
  'renewal.churned': {
    en: '{actor} recorded that {account} churned: contract {contractId} ends {contractEnd} and is not renewed ({reason})[ ({note})]; {value} a year lost',
    zh: '{actor} 记录了 {account} 流失：合同 {contractId} 于 {contractEnd} 到期且不再续约（{reason}）[（{note}）]；每年损失 {value}',
  },
  'renewal.decided': {
    en: '{actor} recorded the {label} as {outcome} {change}[ ({note})]; term {next} runs {termStart} to {contractEnd}',
    zh: '{actor} 将{label}记为 {outcome}，{change}[（{note}）]；第 {next} 个合同期为 {termStart} 至 {contractEnd}',
  },
  'renewal.change.at': { en: 'at {value}', zh: '金额 {value}' },
  'renewal.change.from-to': { en: 'from {from} to {to}', zh: '金额从 {from} 变为 {to}' },
  'renewal.assigned': {
    en: '{actor} made {who} the owner of the {label}[: {note}]',
    zh: '{actor} 将{label}的负责人设为 {who}[：{note}]',
  },
  'renewal.step-reminder': {
    en: 'Reminder to {who}: the {step} of the {label} is due {dueDate} (contract ends {contractEnd})',
    zh: '提醒 {who}：{label}的「{step}」{dueDate} 到期（合同 {contractEnd} 到期）',
  },
  'renewal.step-overdue': {
    en: 'The {step} of the {label} is overdue (due {dueDate}); owner {who}',
    zh: '{label}的「{step}」已逾期（{dueDate} 到期）；负责人 {who}',
  },
  'renewal.step-escalation': {
    en: 'Escalation to {who}: the {step} of the {label}, owned by {owner}, is still open since {dueDate}; contract ends {contractEnd}',
    zh: '升级给 {who}：{label}的「{step}」（负责人 {owner}）自 {dueDate} 起仍未完成；合同 {contractEnd} 到期',
  },
  'renewal.last-call': {
    en: 'Last call to {who}: the {label} ({value}) ends {contractEnd} with no outcome recorded; stage {stage}',
    zh: '最后提醒 {who}：{label}（{value}）将于 {contractEnd} 到期，尚未记录结果；阶段 {stage}',
  },
  'renewal.last-call.at-risk': {
    en: 'Last call to {who}: the {label} ({value}) ends {contractEnd} with no outcome recorded, and it is at risk; stage {stage}',
    zh: '最后提醒 {who}：{label}（{value}）将于 {contractEnd} 到期，尚未记录结果，且存在风险；阶段 {stage}',
  },
  'renewal.lapsed': {
    en: 'The {label} ended on {contractEnd} without a recorded outcome: record it renewed (late) or churned',
    zh: '{label}已于 {contractEnd} 到期但没有记录结果：请记为续约（补录）或流失',
  },

  'renewal.refused.outcome': {
    en: 'The outcome must be one of {allowed}, not "{outcome}"',
    zh: '结果必须是以下之一：{allowed}，而不是「{outcome}」',
  },
  'renewal.refused.new-value': {
    en: 'newValue must be an amount of at least 0',
    zh: 'newValue 必须是不小于 0 的金额',
  },
  'renewal.refused.renewal-keeps-value': {
    en: 'A renewal keeps the value of {current}; record {instead} for {value}',
    zh: '续约保持原金额 {current}；金额为 {value} 时请记为 {instead}',
  },
  'renewal.refused.expansion-needs-value': {
    en: 'An expansion needs the new value (above {current})',
    zh: '扩容需要填写新金额（高于 {current}）',
  },
  'renewal.refused.expansion-above': {
    en: 'An expansion needs a value above {current}, not {value}',
    zh: '扩容金额必须高于 {current}，而不是 {value}',
  },
  'renewal.refused.downgrade-needs-value': {
    en: 'A downgrade needs the new value (below {current})',
    zh: '降级需要填写新金额（低于 {current}）',
  },
  'renewal.refused.downgrade-to-nothing': {
    en: 'A downgrade to nothing is a churn: record churned with its reason',
    zh: '降到零即为流失：请记为流失并填写原因',
  },
  'renewal.refused.downgrade-below': {
    en: 'A downgrade needs a value below {current}, not {value}',
    zh: '降级金额必须低于 {current}，而不是 {value}',
  },
  'renewal.refused.churn-reason': {
    en: 'A churn needs its reason, one of {allowed}',
    zh: '流失需要填写原因，可选：{allowed}',
  },
  'renewal.refused.churn-note': {
    en: 'A churn needs a note saying what happened',
    zh: '流失需要备注说明发生了什么',
  },
  'renewal.refused.churn-no-next': {
    en: 'A churned contract has no new value or next term',
    zh: '流失的合同没有新金额或下一个合同期',
  },
  'renewal.refused.churn-reason-only': {
    en: 'Only a churn has a churn reason, not {outcome}',
    zh: '只有流失才有流失原因，{outcome} 没有',
  },
  'renewal.refused.next-end-date': {
    en: 'nextContractEnd must be a YYYY-MM-DD date, not "{date}"',
    zh: 'nextContractEnd 必须是 YYYY-MM-DD 日期，而不是「{date}」',
  },
  'renewal.refused.next-end-before-start': {
    en: 'The next term starts on {start}, so it cannot end on {date}',
    zh: '下一个合同期于 {start} 开始，不能在 {date} 结束',
  },
  'renewal.refused.next-term-too-long': {
    en: 'The next term (from {start}) cannot run more than ten years, to {date}',
    zh: '下一个合同期（自 {start} 起）不能超过十年，不能到 {date}',
  },
  'renewal.refused.churned': {
    en: 'The {label} churned and takes no more actions',
    zh: '{label}已流失，不再接受任何操作',
  },
  'renewal.refused.health-figures': {
    en: 'The health figures are not usable: {problems}',
    zh: '健康数据不可用：{problems}',
  },
  'renewal.refused.health-check-running': {
    en: 'A health check of the {label} is already running (asked for at {at} by {by})',
    zh: '{label}的健康检查已在进行中（{by} 于 {at} 发起）',
  },
  'renewal.refused.proposal-value': {
    en: 'A proposal needs its annual value, an amount of at least 0',
    zh: '续约方案需要填写年金额，且不小于 0',
  },
  'renewal.refused.negotiation-first': {
    en: 'Negotiation on the {label} starts from a proposal: send the renewal proposal first',
    zh: '{label}的谈判需要从方案开始：请先发送续约方案',
  },
  'renewal.refused.negotiation-note': {
    en: 'A negotiation note needs its text',
    zh: '谈判记录需要填写内容',
  },
  'renewal.refused.expected-value': {
    en: 'expectedValue must be an amount of at least 0',
    zh: 'expectedValue 必须是不小于 0 的金额',
  },
  'renewal.refused.assign-owner': {
    en: 'Assigning a renewal needs the customer-success owner',
    zh: '分配续约需要填写客户成功负责人',
  },
  'renewal.refused.already-owner': {
    en: '{owner} already owns the {label}',
    zh: '{owner} 已是{label}的负责人',
  },
  'renewal.refused.unknown-action': { en: 'Unknown action "{action}"', zh: '未知操作「{action}」' },

  // Customer portal (issue 16): the customer's contacts and their answer to the proposal.
  'renewal.customer-contacts-set': {
    en: '{actor} set the customer contacts of the {label}: {contacts}',
    zh: '{actor} 设置了{label}的客户联系人：{contacts}',
  },
  'renewal.customer-name': { en: '{name} (customer)', zh: '{name}（客户）' },
  'renewal.customer-accepted-proposal': {
    en: 'The renewal proposal of {value} a year for the {label} was accepted by {who} via portal: "{text}"',
    zh: '{label}每年 {value} 的续约方案已由 {who} 通过客户门户接受：“{text}”',
  },
  'renewal.customer-asked-for-call': {
    en: '{who} asked via portal for a call about the renewal proposal for the {label}[: {note}]',
    zh: '{who} 通过客户门户要求就{label}的续约方案通话[：{note}]',
  },
  'renewal.refused.customer-contacts': {
    en: 'The customer contacts cannot be set like that: {problems}',
    zh: '客户联系人无法这样设置：{problems}',
  },
  'renewal.refused.portal-contact': {
    en: 'A portal step needs the contact it comes from',
    zh: '客户门户操作需要注明来自哪位联系人',
  },
  'renewal.refused.portal-text': {
    en: 'Accepting the proposal needs the exact text the customer agreed to',
    zh: '接受续约方案需要客户同意的原文',
  },
  'renewal.refused.no-proposal': {
    en: 'The {label} has no proposal to answer yet',
    zh: '{label}尚无可答复的续约方案',
  },
  'renewal.refused.decided': {
    en: 'The {label} is decided for this term ({outcome})',
    zh: '{label}本期已有结果（{outcome}）',
  },
  'renewal.refused.proposal-answered': {
    en: 'The proposal for the {label} was already answered by {who} on {date}',
    zh: '{label}的续约方案已于 {date} 由 {who} 答复',
  },
  'renewal.refused.portal-unknown': {
    en: 'The portal has no step "{type}" on a renewal',
    zh: '客户门户在续约上没有“{type}”这一步',
  },
} as const satisfies Catalog;

export const { say: renewalSays, text: renewalText, sayText: renewalSaysText } = speaker(RENEWAL_TEXT);
