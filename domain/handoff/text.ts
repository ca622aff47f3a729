import { SHARED_TEXT } from '../shared/shared-text';
import { speaker, type Catalog } from '../shared/text';

/**
 * What a delivery handoff says to people, in English and Chinese: its timeline entries and why an
 * action is refused. The English is what the timeline has always recorded; facts (names, dates,
 * what people typed, package items and milestones as they are titled) are filled in as they are.
 */
export const HANDOFF_TEXT = {
  ...SHARED_TEXT,
  'handoff.label': {
    en: 'delivery handoff for {account} (opportunity {opportunity})',
    zh: '{account} 的交付交接（商机 {opportunity}）',
  },
  'handoff.label.capital': {
    en: 'The delivery handoff for {account} (opportunity {opportunity})',
    zh: '{account} 的交付交接（商机 {opportunity}）',
  },

  'handoff.started': {
    en: '{actor} started the {label}[ from {sourcePlaybook} {sourceId}] in {region}, worth {amount}; sales ({salesOwner}) owe the package by {dueDate}: {missing}',
    zh: '{actor} 发起了{label}[（来自 {sourcePlaybook} {sourceId}）]，区域 {region}，金额 {amount}；销售（{salesOwner}）须在 {dueDate} 前提交资料包：{missing}',
  },
  'handoff.started.complete': {
    en: '{actor} started the {label}[ from {sourcePlaybook} {sourceId}] in {region}, worth {amount}; sales ({salesOwner}) owe the package by {dueDate}: nothing missing',
    zh: '{actor} 发起了{label}[（来自 {sourcePlaybook} {sourceId}）]，区域 {region}，金额 {amount}；销售（{salesOwner}）须在 {dueDate} 前提交资料包：无缺失项',
  },
  'handoff.package-updated': {
    en: '{actor} updated the package of the {label}: {changed}; still missing: {missing}',
    zh: '{actor} 更新了{label}的资料包：{changed}；仍缺：{missing}',
  },
  'handoff.package-updated.complete': {
    en: '{actor} updated the package of the {label}: {changed}; nothing missing, ready to submit',
    zh: '{actor} 更新了{label}的资料包：{changed}；已无缺失项，可以提交',
  },
  'handoff.submitted': {
    en: '{actor} submitted the package of the {label}[ again (round {round})]; {reviewer} accepts or returns it by {dueDate}[: {note}]',
    zh: '{actor} 提交了{label}的资料包[（第 {round} 轮）]；{reviewer} 须在 {dueDate} 前接受或退回[：{note}]',
  },
  'handoff.returned': {
    en: '{actor} returned the package of the {label} to sales: missing {items}[; {note}]; resubmit by {dueDate}',
    zh: '{actor} 将{label}的资料包退回给销售：缺少 {items}[；{note}]；请在 {dueDate} 前重新提交',
  },
  'handoff.package-accepted': {
    en: '{actor} accepted the package of the {label}; project manager {projectManager}[: {note}]',
    zh: '{actor} 接受了{label}的资料包；项目经理 {projectManager}[：{note}]',
  },
  'handoff.kicked-off': {
    en: '{actor} kicked off the {label} on {kickoffDate}; target go-live {targetGoLive}; milestones: {milestones}[; {note}]',
    zh: '{actor} 于 {kickoffDate} 启动了{label}；目标上线 {targetGoLive}；里程碑：{milestones}[；{note}]',
  },
  'handoff.milestone-due': { en: '{key} due {dueDate}', zh: '{key} {dueDate} 到期' },
  'handoff.milestone-started': {
    en: '{actor} started milestone "{milestone}" of the {label}[: {note}]',
    zh: '{actor} 开始了{label}的里程碑「{milestone}」[：{note}]',
  },
  'handoff.customer-accepted': {
    en: "{actor} completed the customer's acceptance of the {label}: signed by {signedBy} on {signedOn}; ready for handover to customer success",
    zh: '{actor} 完成了{label}的客户验收：由 {signedBy} 于 {signedOn} 签署；可以移交给客户成功',
  },
  'handoff.milestone-completed': {
    en: '{actor} completed milestone "{milestone}" of the {label}[ (due {dueDate})]',
    zh: '{actor} 完成了{label}的里程碑「{milestone}」[（原定 {dueDate} 到期）]',
  },
  'handoff.milestone-slipped': {
    en: '{actor} slipped milestone "{milestone}" of the {label} from {from} to {to} ({businessDays} business days): {reason}[; moved with it: {moved}]',
    zh: '{actor} 将{label}的里程碑「{milestone}」从 {from} 推迟到 {to}（{businessDays} 个工作日）：{reason}[；随之顺延：{moved}]',
  },
  'handoff.milestone-moved': { en: '{key} to {dueDate}', zh: '{key} 至 {dueDate}' },
  'handoff.milestone-flagged': {
    en: '{actor} flagged milestone "{milestone}" of the {label} at risk: {note}',
    zh: '{actor} 将{label}的里程碑「{milestone}」标记为有风险：{note}',
  },
  'handoff.milestone-cleared': {
    en: '{actor} cleared the risk on milestone "{milestone}" of the {label}[: {note}]',
    zh: '{actor} 解除了{label}的里程碑「{milestone}」的风险[：{note}]',
  },
  'handoff.customer-sign-off': {
    en: "{actor} recorded the customer's sign-off of the {label}: {signedBy}[ ({title})] signed on {signedOn}",
    zh: '{actor} 记录了{label}的客户签字：{signedBy}[（{title}）]于 {signedOn} 签署',
  },
  'handoff.handed-over': {
    en: '{actor} handed the {label} over to customer success ({owner}): term {termStart} to {contractEnd}, {value}[ {currency}] a year[, tier {tier}]; renewal follow-up {renewalId} starts',
    zh: '{actor} 将{label}移交给客户成功（{owner}）：合同期 {termStart} 至 {contractEnd}，每年 {value}[ {currency}][，等级 {tier}]；续约跟进 {renewalId} 开始',
  },
  'handoff.cancelled': {
    en: '{actor} cancelled the {label} at {stage}: {reason}',
    zh: '{actor} 在 {stage} 阶段取消了{label}：{reason}',
  },
  'handoff.comment': {
    en: '{actor} commented on the {label}: {text}',
    zh: '{actor} 评论了{label}：{text}',
  },
  'handoff.comment.milestone': {
    en: '{actor} commented on milestone "{milestone}" of the {label}: {text}',
    zh: '{actor} 评论了{label}的里程碑「{milestone}」：{text}',
  },
  'handoff.renewal-started': {
    en: '{next} (contract end {contractEnd})',
    zh: '{next}（合同到期 {contractEnd}）',
  },
  'handoff.review-reminder': {
    en: 'Reminder to {who}: accept or return the package of the {label}, submitted by {salesOwner}; review due {dueDate}',
    zh: '提醒 {who}：请接受或退回 {salesOwner} 提交的{label}资料包；审核 {dueDate} 到期',
  },
  'handoff.package-reminder': {
    en: 'Reminder to {who}: submit the handoff package of the {label} by {dueDate}{owed}',
    zh: '提醒 {who}：请在 {dueDate} 前提交{label}的交接资料包{owed}',
  },
  'handoff.resubmit-reminder': {
    en: 'Reminder to {who}: resubmit the returned handoff package of the {label} by {dueDate}{owed}',
    zh: '提醒 {who}：请在 {dueDate} 前重新提交被退回的{label}交接资料包{owed}',
  },
  'handoff.owed.missing': { en: ' (still missing: {missing})', zh: '（仍缺：{missing}）' },
  'handoff.owed.complete': { en: ' (complete, not yet submitted)', zh: '（已齐全，尚未提交）' },
  'handoff.review-escalation': {
    en: "Escalation to {who}: the package of the {label} still waits for the project manager's review, due {dueDate}",
    zh: '升级给 {who}：{label}的资料包仍在等待项目经理审核，期限 {dueDate}',
  },
  'handoff.package-escalation': {
    en: 'Escalation to {who}: sales ({salesOwner}) have not submitted the package of the {label}, due {dueDate}{owed}',
    zh: '升级给 {who}：销售（{salesOwner}）尚未提交{label}的资料包，期限 {dueDate}{owed}',
  },
  'handoff.resubmit-escalation': {
    en: 'Escalation to {who}: sales ({salesOwner}) have not resubmitted the package of the {label}, due {dueDate}{owed}',
    zh: '升级给 {who}：销售（{salesOwner}）尚未重新提交{label}的资料包，期限 {dueDate}{owed}',
  },
  'handoff.milestone-reminder': {
    en: 'Reminder to {who}: milestone "{milestone}" of the {label} is due {dueDate} ({status})',
    zh: '提醒 {who}：{label}的里程碑「{milestone}」{dueDate} 到期（{status}）',
  },
  'handoff.milestone-overdue': {
    en: 'Milestone "{milestone}" of the {label} is overdue: due {dueDate}, {status}; slip it with a reason and a new date, or finish it',
    zh: '{label}的里程碑「{milestone}」已逾期：{dueDate} 到期，{status}；请填写原因和新日期推迟，或完成它',
  },
  'handoff.milestone-escalation': {
    en: 'Escalation to {who}: milestone "{milestone}" of the {label}, owned by {owner}, is still open, due {dueDate}',
    zh: '升级给 {who}：{label}的里程碑「{milestone}」（负责人 {owner}）仍未完成，期限 {dueDate}',
  },
} as const satisfies Catalog;

export const { say: handoffSays, text: handoffText } = speaker(HANDOFF_TEXT);
