import { SHARED_TEXT } from '../shared/shared-text';
import { CUSTOMER_REMINDER_TEXT } from '../shared/customer-reminder-text';
import { speaker, type Catalog } from '../shared/text';
import { POC_CRM_TEXT } from './crm-text';
import { POC_TEMPLATE_TEXT } from './template-text';

/**
 * What a POC trial says to people, in English and Chinese: its timeline entries and why an action
 * is refused. The English is what the timeline has always recorded; facts (names, dates, reasons
 * people typed) are filled in as they are.
 */
export const POC_TEXT = {
  ...SHARED_TEXT,
  ...CUSTOMER_REMINDER_TEXT,
  ...POC_CRM_TEXT,
  ...POC_TEMPLATE_TEXT,
  'poc.label': {
    en: 'POC for {account} (opportunity {opportunity})',
    zh: '{account} 的 POC 试用（商机 {opportunity}）',
  },
  'poc.label.capital': {
    en: 'The POC for {account} (opportunity {opportunity})',
    zh: '{account} 的 POC 试用（商机 {opportunity}）',
  },
  'poc.label.converted': {
    en: 'converted POC for {account} (opportunity {opportunity})',
    zh: '已转化的 {account} POC 试用（商机 {opportunity}）',
  },

  'poc.requested': {
    en: '{actor} requested a {days}-day {label} of {product} in {region}, worth {amount}, from {start}; approval due {approvalDue}',
    zh: '{actor} 申请了{label}：{product}，{region}，{days} 天，金额 {amount}，{start} 开始；审批期限 {approvalDue}',
  },
  'poc.approved': { en: '{actor} approved the {label}', zh: '{actor} 批准了{label}' },
  'poc.approved.auto': {
    en: '{label} was approved automatically: {rule}',
    zh: '{label}已自动批准：{rule}',
  },
  'poc.rejected': { en: '{actor} rejected the {label}: {reason}', zh: '{actor} 驳回了{label}：{reason}' },
  'poc.provisioning.started': {
    en: '{actor} started provisioning the environment for the {label} (round {round})',
    zh: '{actor} 开始为{label}开通环境（第 {round} 轮）',
  },
  'poc.provisioning.manual': {
    en: '{actor} provisioned the environment for the {label} by hand[ at {url}][: {note}]; it can be kicked off',
    zh: '{actor} 手动为{label}开通了环境[，地址 {url}][：{note}]；可以启动了',
  },
  'poc.provisioning.succeeded': {
    en: 'The environment for the {label} is ready[ at {url}] ({reference}); it can be kicked off',
    zh: '{label}的环境已就绪[，地址 {url}]（{reference}）；可以启动了',
  },
  'poc.provisioning.late-success': {
    en: 'An environment ({reference}[, {url}]) was provisioned for the {label} after it became {stage}; tear it down if nobody needs it',
    zh: '{label}已变为{stage:poc}后才开通了环境（{reference}[，{url}]）；如无人需要请回收',
  },
  'poc.provisioning.late-failure': {
    en: 'Provisioning round {round} for the {label} failed after it became {stage}: {error}',
    zh: '{label}已变为{stage:poc}后，第 {round} 轮环境开通失败：{error}',
  },
  'poc.provisioning.by-hand': {
    en: 'Provision the environment for the {label} and mark it ready; it can then be kicked off',
    zh: '请为{label}开通环境并标记为就绪；之后即可启动',
  },
  'poc.provisioning.failed': {
    en: 'Provisioning the environment for the {label} failed: {error}. Retry it, or provision it by hand and mark it provisioned',
    zh: '{label}的环境开通失败：{error}。请重试，或手动开通后标记为已开通',
  },
  'poc.kicked-off': {
    en: '{actor} kicked off the {label}[: {note}]; it runs until {endDate}, first check-in due {checkInDue}',
    zh: '{actor} 启动了{label}[：{note}]；试用至 {endDate}，首次检查 {checkInDue} 到期',
  },
  'poc.checked-in': {
    en: '{actor} checked in on the {label} ({health}): {summary}',
    zh: '{actor} 对{label}做了检查（{health:health}）：{summary}',
  },
  'poc.criterion-marked': {
    en: '{actor} marked "{criterion}" {status}: {evidence}',
    zh: '{actor} 将「{criterion}」标记为{status:criterion}：{evidence}',
  },
  'poc.extension-requested': {
    en: '{actor} asks to extend the {label} by {days} days (to {endDate}): {reason}',
    zh: '{actor} 申请将{label}延长 {days} 天（至 {endDate}）：{reason}',
  },
  'poc.extension-approved': {
    en: '{actor} extended the {label} by {days} days, to {endDate}',
    zh: '{actor} 将{label}延长了 {days} 天，至 {endDate}',
  },
  'poc.extension-rejected': {
    en: '{actor} refused to extend the {label} by {days} days: {reason}; it still ends {endDate}',
    zh: '{actor} 拒绝将{label}延长 {days} 天：{reason}；仍于 {endDate} 结束',
  },
  'poc.converted': {
    en: '{actor} recorded the {label} as converted[; next: {nextStep}][ ({note})]',
    zh: '{actor} 将{label}记为已转化[；下一步：{nextStep}][（{note}）]',
  },
  'poc.lost': {
    en: '{actor} recorded the {label} as lost: {reason}[ ({note})]',
    zh: '{actor} 将{label}记为丢单：{reason}[（{note}）]',
  },
  'poc.withdrawn': { en: '{actor} withdrew the {label}: {reason}', zh: '{actor} 撤回了{label}：{reason}' },
  'poc.approval-reminder': {
    en: 'Reminder to {who}: approve or reject the {label}, requested by {requestedBy}; due {dueDate}',
    zh: '提醒 {who}：请批准或驳回 {requestedBy} 申请的{label}；{dueDate} 到期',
  },
  'poc.approval-escalation': {
    en: "Escalation to {who}: the {label}, requested by {requestedBy}, still waits for regional ops' approval, due {dueDate}",
    zh: '升级给 {who}：{requestedBy} 申请的{label}仍在等待区域运营审批，期限 {dueDate}',
  },
  'poc.check-in-reminder': {
    en: 'Reminder to {who}: a check-in on the {label} is due today ({dueDate})',
    zh: '提醒 {who}：{label}的检查今天（{dueDate}）到期',
  },
  'poc.check-in-missed': {
    en: 'The {label} is at risk: its check-in due {dueDate} was missed ({missed} missed so far); sales owner {salesOwner}',
    zh: '{label}存在风险：{dueDate} 到期的检查未进行（累计错过 {missed} 次）；销售负责人 {salesOwner}',
  },
  'poc.criteria-at-risk': {
    en: 'The {label} is at risk: it ends {endDate} and {open}',
    zh: '{label}存在风险：将于 {endDate} 结束，成功标准尚未全部达成（{open}）',
  },
  'poc.expiry-reminder': {
    en: 'Reminder to {who}: the {label} ({stage}, end date {endDate}) expires on {expiresOn} unless its outcome is recorded or it is extended',
    zh: '提醒 {who}：{label}（{stage:poc}，结束日期 {endDate}）将于 {expiresOn} 过期，除非记录结果或延期',
  },
  'poc.expired': { en: 'The {label} expired: {rule}', zh: '{label}已过期：{rule}' },

  'poc.refused.four-eyes': {
    en: '{actor} asked for the {label} and cannot approve it too',
    zh: '{actor} 是{label}的申请人，不能同时审批',
  },
  'poc.refused.provisioner-ordering': {
    en: 'Baton is ordering the environment for the {label} from the provisioner; mark it provisioned by hand only if that fails',
    zh: 'Baton 正在通过开通服务为{label}订购环境；仅在订购失败时才手动标记为已开通',
  },
  'poc.refused.rejection-reason': { en: 'A rejection needs its reason', zh: '驳回需要填写原因' },
  'poc.refused.provisioned-evidence': {
    en: 'Marking the environment provisioned needs its URL, or a note saying where it is',
    zh: '标记环境已开通需要提供其 URL，或说明环境位置的备注',
  },
  'poc.refused.environment-url': {
    en: 'The environment URL must be an http:// or https:// URL, not "{url}"',
    zh: '环境 URL 必须以 http:// 或 https:// 开头，而不是「{url}」',
  },
  'poc.refused.check-in-summary': { en: 'A check-in needs a summary', zh: '检查需要填写小结' },
  'poc.refused.health': {
    en: 'Health must be green, amber or red, not "{health}"',
    zh: '健康度必须是 green、amber 或 red，而不是「{health}」',
  },
  'poc.refused.unknown-criterion': {
    en: 'The {label} has no success criterion "{criterion}" (it has {criteria})',
    zh: '{label}没有成功标准「{criterion}」（现有：{criteria}）',
  },
  'poc.refused.criterion-status': {
    en: 'A criterion is marked met or unmet, not "{status}"',
    zh: '成功标准只能标记为 met 或 unmet，而不是「{status}」',
  },
  'poc.refused.criterion-evidence': {
    en: 'Marking "{criterion}" {status} needs evidence ({measuredBy})',
    zh: '将「{criterion}」标记为 {status} 需要证据（{measuredBy}）',
  },
  'poc.refused.no-pending-extension': {
    en: 'The {label} has no extension waiting for a decision',
    zh: '{label}没有待决定的延期申请',
  },
  'poc.refused.own-extension': {
    en: '{actor} requested this extension and cannot decide it too',
    zh: '{actor} 是此延期的申请人，不能同时决定',
  },
  'poc.refused.extension-rejection-reason': {
    en: 'Rejecting an extension needs a reason',
    zh: '拒绝延期需要填写原因',
  },
  'poc.refused.next-step': {
    en: 'The next step must be {allowed} (or none), not "{nextStep}"',
    zh: '下一步必须是 {allowed}（或不填），而不是「{nextStep}」',
  },
  'poc.refused.loss-reason': {
    en: 'The loss reason must be one of {allowed}, not "{reason}"',
    zh: '丢单原因必须是以下之一：{allowed}，而不是「{reason}」',
  },
  'poc.refused.loss-note': {
    en: 'A loss for reason "other" needs a note saying what it was',
    zh: '原因为「other」的丢单需要备注说明具体原因',
  },
  'poc.refused.withdraw-reason': { en: 'Withdrawing a trial needs a reason', zh: '撤回试用需要填写原因' },
  'poc.refused.extension-days': {
    en: 'An extension is a whole number of days, at least 1, not {days}',
    zh: '延期天数必须是至少为 1 的整数，而不是 {days}',
  },
  'poc.refused.extension-reason': { en: 'An extension needs a reason', zh: '延期需要填写原因' },
  'poc.refused.extension-pending': {
    en: 'The {label} already has an extension of {days} days waiting for a decision',
    zh: '{label}已有一个 {days} 天的延期申请在等待决定',
  },
  'poc.refused.extension-count.one': {
    en: 'The {label} already had {count} extension; the limit is {max}',
    zh: '{label}已延期 {count} 次；上限为 {max} 次',
  },
  'poc.refused.extension-count': {
    en: 'The {label} already had {count} extensions; the limit is {max}',
    zh: '{label}已延期 {count} 次；上限为 {max} 次',
  },
  'poc.refused.extension-total': {
    en: 'An extension of {days} days would bring the {label} to {total} extension days; the limit is {max} ({left} left)',
    zh: '延期 {days} 天将使{label}的延期总天数达到 {total} 天；上限为 {max} 天（剩余 {left} 天）',
  },
  'poc.refused.deal-support-only': {
    en: 'dealSupport goes only with nextStep "deal-support"',
    zh: 'dealSupport 只能与 nextStep「deal-support」一起使用',
  },
  'poc.refused.handoff-only': {
    en: 'handoff goes only with nextStep "delivery-handoff"',
    zh: 'handoff 只能与 nextStep「delivery-handoff」一起使用',
  },
  'poc.refused.deal-support-needed': {
    en: 'Converting into deal support needs dealSupport: the support types, the due date and the deal stage',
    zh: '转为商机支持需要 dealSupport：支持类型、截止日期和商机阶段',
  },
  'poc.refused.deal-support-problems': {
    en: 'Deal support cannot start like that: {problems}',
    zh: '商机支持无法这样启动：{problems}',
  },
  'poc.refused.handoff-problems': {
    en: 'The handoff package cannot start like that: {problems}',
    zh: '交接资料包无法这样启动：{problems}',
  },

  // Customer portal (issue 16): the customer's contacts and steps.
  'poc.customer-contacts-set': {
    en: '{actor} set the customer contacts of the {label}: {contacts}',
    zh: '{actor} 设置了{label}的客户联系人：{contacts}',
  },
  'poc.customer-name': { en: '{name} (customer)', zh: '{name}（客户）' },
  'poc.customer-confirmed-criteria': {
    en: 'The success criteria of the {label} were confirmed by {who} via portal: "{text}"',
    zh: '{label}的成功标准已由 {who} 通过客户门户确认：“{text}”',
  },
  'poc.customer-feedback': {
    en: '{who} gave feedback on the {label} via portal: {health}[: {note}]',
    zh: '{who} 通过客户门户反馈了{label}：{health:health}[：{note}]',
  },
  'poc.customer-extension-requested': {
    en: '{who} asked via portal to extend the {label} by {days} days to {endDate}: {reason}; staff decide it',
    zh: '{who} 通过客户门户申请将{label}延期 {days} 天至 {endDate}：{reason}；由员工审批',
  },
  'poc.refused.customer-contacts': {
    en: 'The customer contacts cannot be set like that: {problems}',
    zh: '客户联系人无法这样设置：{problems}',
  },
  'poc.refused.portal-contact': {
    en: 'A portal step needs the contact it comes from',
    zh: '客户门户操作需要注明来自哪位联系人',
  },
  'poc.refused.portal-text': {
    en: 'Confirming the success criteria needs the exact text the customer agreed to',
    zh: '确认成功标准需要客户同意的原文',
  },
  'poc.refused.criteria-confirmed': {
    en: 'The success criteria of the {label} were already confirmed by {who} on {date}',
    zh: '{label}的成功标准已于 {date} 由 {who} 确认',
  },
  'poc.refused.portal-stage': {
    en: 'The {label} is {stage}; this portal step is open only while it is {allowed}',
    zh: '{label}当前为 {stage}；此客户门户步骤仅在 {allowed} 阶段开放',
  },
  'poc.refused.feedback-note': {
    en: 'Feedback rated {health} needs a note saying what is wrong',
    zh: '评为 {health} 的反馈需要说明问题所在',
  },
  'poc.refused.portal-unknown': {
    en: 'The portal has no step "{type}" on a POC',
    zh: '客户门户在 POC 上没有“{type}”这一步',
  },
} as const satisfies Catalog;

export const { say: pocSays, text: pocText, sayText: pocSaysText } = speaker(POC_TEXT);
