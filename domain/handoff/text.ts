import { SHARED_TEXT } from '../shared/shared-text';
import { CUSTOMER_REMINDER_TEXT } from '../shared/customer-reminder-text';
import { speaker, type Catalog } from '../shared/text';
import { PACKAGE_ITEMS, type PackageItemKey } from './types';
import { HANDOFF_TEMPLATE_TEXT } from './template-text';

/** The package items' titles in Chinese (their English titles are PACKAGE_ITEMS'). */
const PACKAGE_ITEM_TITLES_ZH: Record<PackageItemKey, string> = {
  contract: '已签合同',
  scope: '范围 / 工作说明书',
  stakeholders: '干系人地图：决策者、经理和最终用户及其联系方式',
  requirements: '需求',
  commitments: '销售承诺',
  'known-risks': '已知风险',
  'target-go-live': '目标上线日期',
};

const packageItemTexts = Object.fromEntries(
  PACKAGE_ITEMS.map((item) => [`handoff.item.${item.key}`, { en: item.title, zh: PACKAGE_ITEM_TITLES_ZH[item.key] }]),
) as Record<`handoff.item.${PackageItemKey}`, { en: string; zh: string }>;

/**
 * What a delivery handoff says to people, in English and Chinese: its timeline entries and why an
 * action is refused. The English is what the timeline has always recorded; facts (names, dates,
 * what people typed, package items and milestones as they are titled) are filled in as they are.
 */
export const HANDOFF_TEXT = {
  ...SHARED_TEXT,
  ...CUSTOMER_REMINDER_TEXT,
  ...packageItemTexts,
  ...HANDOFF_TEMPLATE_TEXT,
  'handoff.returned-item': { en: '{item}[ ({note})]', zh: '{item}[（{note}）]' },
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
    en: '{actor} handed the {label} over to customer success ({owner}): term {termStart} to {contractEnd}, {value}[ {currency}] a year[, tier {tier}]; the renewal follow-up for {renewal} starts',
    zh: '{actor} 将{label}移交给客户成功（{owner}）：合同期 {termStart} 至 {contractEnd}，每年 {value}[ {currency}][，等级 {tier}]；{renewal}的续约跟进开始',
  },
  'handoff.cancelled': {
    en: '{actor} cancelled the {label} at {stage}: {reason}',
    zh: '{actor} 在「{stage:handoff}」阶段取消了{label}：{reason}',
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
    zh: '提醒 {who}：{label}的里程碑「{milestone}」{dueDate} 到期（{status:milestone}）',
  },
  'handoff.milestone-overdue': {
    en: 'Milestone "{milestone}" of the {label} is overdue: due {dueDate}, {status}; slip it with a reason and a new date, or finish it',
    zh: '{label}的里程碑「{milestone}」已逾期：{dueDate} 到期，{status:milestone}；请填写原因和新日期推迟，或完成它',
  },
  'handoff.milestone-escalation': {
    en: 'Escalation to {who}: milestone "{milestone}" of the {label}, owned by {owner}, is still open, due {dueDate}',
    zh: '升级给 {who}：{label}的里程碑「{milestone}」（负责人 {owner}）仍未完成，期限 {dueDate}',
  },
  'handoff.refused.unknown-milestone': {
    en: 'The {label} has no milestone "{milestone}" (it has {milestones})',
    zh: '{label}没有里程碑「{milestone}」（现有：{milestones}）',
  },
  'handoff.refused.unknown-milestone.none': {
    en: 'The {label} has no milestone "{milestone}" (milestones come with the kickoff)',
    zh: '{label}没有里程碑「{milestone}」（里程碑在项目启动时排定）',
  },
  'handoff.refused.milestone-done': {
    en: 'Milestone "{milestone}" of the {label} is already done (by {by} at {at})',
    zh: '{label}的里程碑「{milestone}」已完成（{by}，{at}）',
  },
  'handoff.refused.nothing-to-update': {
    en: 'Nothing to update: send package items, stakeholders or a targetGoLive',
    zh: '没有可更新的内容：请发送资料包条目、干系人或 targetGoLive',
  },
  'handoff.refused.not-as-text': {
    en: '"{key}" is not given as text: send {field} instead',
    zh: '「{key}」不能以文本提供：请改为发送 {field}',
  },
  'handoff.refused.not-a-text-item': {
    en: '"{key}" is not a package item (items given as text or a link: {items})',
    zh: '「{key}」不是资料包条目（可用文本或链接提供的条目：{items}）',
  },
  'handoff.refused.item-twice': {
    en: 'Package item "{key}" is given twice',
    zh: '资料包条目「{key}」重复提供',
  },
  'handoff.refused.item-empty': {
    en: 'Package item "{key}" needs its text or a link',
    zh: '资料包条目「{key}」需要文本或链接',
  },
  'handoff.refused.no-stakeholders': {
    en: 'A stakeholder map needs at least one person',
    zh: '干系人地图至少需要一个人',
  },
  'handoff.refused.stakeholder-incomplete': {
    en: 'Stakeholder {index} needs a name and a contact',
    zh: '第 {index} 位干系人需要姓名和联系方式',
  },
  'handoff.refused.stakeholder-role': {
    en: 'Stakeholder {index}\'s role must be one of {roles}, not "{role}"',
    zh: '第 {index} 位干系人的角色必须是以下之一：{roles}，而不是「{role}」',
  },
  'handoff.date.target-go-live': { en: 'The target go-live', zh: '目标上线日期' },
  'handoff.date.milestone': {
    en: 'The new date of milestone "{milestone}"',
    zh: '里程碑「{milestone}」的新日期',
  },
  'handoff.refused.not-a-date': {
    en: '{what} must be a real YYYY-MM-DD date, not "{date}"',
    zh: '{what}必须是有效的 YYYY-MM-DD 日期，而不是「{date}」',
  },
  'handoff.refused.not-after-today': {
    en: '{what} must be after today ({today}), not {date}',
    zh: '{what}必须晚于今天（{today}），而不是 {date}',
  },
  'handoff.refused.unknown-action': { en: 'Unknown action "{action}"', zh: '未知操作「{action}」' },
  'handoff.refused.package-incomplete': {
    en: 'The package of the {label} cannot be submitted yet; missing: {missing}',
    zh: '{label}的资料包还不能提交；缺少：{missing}',
  },
  'handoff.refused.return-names-nothing': {
    en: 'Returning the package needs at least one missing item named ({items})',
    zh: '退回资料包需要至少指明一个缺失条目（{items}）',
  },
  'handoff.refused.not-package-item': {
    en: '{keys} is not a package item (the package has {items})',
    zh: '{keys} 不是资料包条目（资料包包括：{items}）',
  },
  'handoff.refused.not-package-items': {
    en: '{keys} are not package items (the package has {items})',
    zh: '{keys} 不是资料包条目（资料包包括：{items}）',
  },
  'handoff.refused.project-manager-blank': {
    en: 'The project manager must be named, or left out to take the project yourself',
    zh: '请填写项目经理，或留空由您自己负责该项目',
  },
  'handoff.refused.kickoff-date': {
    en: 'The kickoff date must be a real YYYY-MM-DD date, not "{date}"',
    zh: '启动日期必须是有效的 YYYY-MM-DD 日期，而不是「{date}」',
  },
  'handoff.refused.kickoff-future': {
    en: 'The kickoff date {date} is in the future; record the kickoff when it has happened',
    zh: '启动日期 {date} 在未来；请在启动实际发生后再记录',
  },
  'handoff.refused.go-live-date': {
    en: 'The target go-live must be a real YYYY-MM-DD date, not "{date}"',
    zh: '目标上线日期必须是有效的 YYYY-MM-DD 日期，而不是「{date}」',
  },
  'handoff.refused.go-live-before-kickoff': {
    en: 'The target go-live {goLive} must be after the kickoff date {kickoff}; send a new targetGoLive agreed with the customer',
    zh: '目标上线日期 {goLive} 必须晚于启动日期 {kickoff}；请发送与客户商定的新 targetGoLive',
  },
  'handoff.refused.unknown-assignee-milestones': {
    en: 'The project has no milestone {keys} (it has {milestones})',
    zh: '项目没有里程碑 {keys}（现有：{milestones}）',
  },
  'handoff.refused.assigned-to-nobody': {
    en: 'Milestone "{milestone}" is assigned to nobody; name a person or leave it out',
    zh: '里程碑「{milestone}」没有指定负责人；请填写人员或不要提供该项',
  },
  'handoff.refused.in-progress': {
    en: 'Milestone "{milestone}" of the {label} is already in progress (since {since})',
    zh: '{label}的里程碑「{milestone}」已在进行中（自 {since} 起）',
  },
  'handoff.refused.waits-on': {
    en: 'Milestone "{milestone}" waits on {earlier}',
    zh: '里程碑「{milestone}」需等待 {earlier} 完成',
  },
  'handoff.refused.needs-customer-sign-off': {
    en: 'Milestone "{milestone}" completes only with the customer\'s recorded sign-off: record who signed, when and the evidence first (customer-acceptance)',
    zh: '里程碑「{milestone}」只有在记录客户签字后才能完成：请先记录签字人、日期和证据（customer-acceptance）',
  },
  'handoff.refused.slip-not-later': {
    en: 'The new date {date} is not later than milestone "{milestone}"\'s due date {dueDate}: a slip moves it later',
    zh: '新日期 {date} 不晚于里程碑「{milestone}」的到期日 {dueDate}：推迟只能往后移',
  },
  'handoff.refused.slip-reason': {
    en: 'Slipping milestone "{milestone}" needs a reason',
    zh: '推迟里程碑「{milestone}」需要填写原因',
  },
  'handoff.refused.risk-note': {
    en: 'Flagging milestone "{milestone}" at risk needs a note saying what the risk is',
    zh: '将里程碑「{milestone}」标记为有风险需要备注说明风险内容',
  },
  'handoff.refused.not-at-risk': {
    en: 'Milestone "{milestone}" is not flagged at risk',
    zh: '里程碑「{milestone}」未被标记为有风险',
  },
  'handoff.refused.acceptance-done': {
    en: "The customer's acceptance of the {label} is already complete",
    zh: '{label}的客户验收已完成',
  },
  'handoff.customer-name': { en: '{name} (customer)', zh: '{name}（客户）' },
  'handoff.customer-confirmed': {
    en: 'Milestone "{title}" of the {label} confirmed by {who} via portal: "{text}"',
    zh: '{label}的里程碑“{title}”已由 {who} 通过门户确认：“{text}”',
  },
  'handoff.customer-sign-off.portal': {
    en: 'The customer\'s acceptance of the {label} was accepted by {who} via portal on {date}: "{text}"',
    zh: '{label}的客户验收已由 {who} 于 {date} 通过门户签署：“{text}”',
  },
  'handoff.refused.portal-contact': {
    en: 'A portal action needs the contact it comes from',
    zh: '门户操作需要注明来自哪位联系人',
  },
  'handoff.refused.portal-text': {
    en: 'A portal sign-off needs the exact text the customer agreed to',
    zh: '门户签署需要客户所同意的原文',
  },
  'handoff.refused.not-customer-milestone': {
    en: '"{key}" is not a milestone the customer confirms on the {label}',
    zh: '“{key}”不是客户在{label}中确认的里程碑',
  },
  'handoff.refused.portal-accepted': {
    en: 'The acceptance of the {label} was already signed by {who} on {signedOn}',
    zh: '{label}的验收已由 {who} 于 {signedOn} 签署',
  },
  'handoff.refused.portal-unknown': { en: 'Unknown portal action "{type}"', zh: '未知的门户操作“{type}”' },
  'handoff.refused.acceptance-by-portal': {
    en: 'The customer signed the acceptance of the {label} themselves in the portal ({signedBy} on {signedOn}); it is not recorded again',
    zh: '客户已在门户中亲自签署{label}的验收（{signedBy}，{signedOn}）；不再重复登记',
  },
  'handoff.refused.milestone-owner': {
    en: 'Milestone "{title}" is acted on by its owner ({owner}) or the project\'s leads (project manager, ops manager); {actor} has {roles}',
    zh: '里程碑“{title}”只能由其负责人（{owner}）或项目负责人（项目经理、运营经理）操作；{actor} 的角色为 {roles}',
  },
  'handoff.refused.signed-by': {
    en: "The customer's sign-off needs the name of who signed on the customer's side",
    zh: '客户签字需要填写客户方签字人的姓名',
  },
  'handoff.refused.sign-off-date': {
    en: 'The sign-off date must be a real YYYY-MM-DD date, not "{date}"',
    zh: '签字日期必须是有效的 YYYY-MM-DD 日期，而不是「{date}」',
  },
  'handoff.refused.sign-off-future': {
    en: 'The sign-off date {date} is in the future',
    zh: '签字日期 {date} 在未来',
  },
  'handoff.refused.sign-off-before-kickoff': {
    en: 'The sign-off date {date} is before the kickoff on {kickoff}',
    zh: '签字日期 {date} 早于 {kickoff} 的项目启动',
  },
  'handoff.refused.sign-off-evidence': {
    en: "The customer's sign-off needs its evidence: a link to the signed acceptance, or a note",
    zh: '客户签字需要证据：已签署验收文件的链接，或一条备注',
  },
  'handoff.refused.handover-date': {
    en: '{name} must be a real YYYY-MM-DD date, not "{date}"',
    zh: '{name} 必须是有效的 YYYY-MM-DD 日期，而不是「{date}」',
  },
  'handoff.refused.contract-order': {
    en: 'The contract must end after its term starts: contractEnd {contractEnd} is not after termStart {termStart}',
    zh: '合同结束日期必须晚于合同期开始：contractEnd {contractEnd} 不晚于 termStart {termStart}',
  },
  'handoff.refused.annual-value': {
    en: 'The annual contract value must be a number of at least 0',
    zh: '年合同金额必须是不小于 0 的数字',
  },
  'handoff.refused.customer-success-owner': {
    en: 'The handover needs the customer success owner who takes the account',
    zh: '移交需要填写接手该客户的客户成功负责人',
  },
  'handoff.refused.cancel-reason': {
    en: 'Cancelling the {label} needs a reason',
    zh: '取消{label}需要填写原因',
  },
  'handoff.refused.comment-text': { en: 'A comment needs its text', zh: '评论需要填写内容' },
  // Customer portal (issue 16): a short CSAT at each milestone.
  'handoff.customer-rated': {
    en: 'Milestone "{title}" of the {label} was rated {score}/5 by {who} via portal[: {comment}]',
    zh: '{label}的里程碑「{title}」由 {who} 通过客户门户评为 {score}/5[：{comment}]',
  },
  'handoff.refused.rating-score': {
    en: 'A rating is a whole number from 1 to 5, not {score}',
    zh: '评分须为 1 到 5 的整数，而不是 {score}',
  },
  'handoff.refused.rating-not-done': {
    en: 'Milestone "{title}" of the {label} is not done yet; it can be rated once it is',
    zh: '{label}的里程碑「{title}」尚未完成，完成后才能评分',
  },
  'handoff.refused.rating-given': {
    en: 'Milestone "{title}" of the {label} was already rated by {who}',
    zh: '{label}的里程碑「{title}」已由 {who} 评分',
  },
} as const satisfies Catalog;

export const { say: handoffSays, text: handoffText } = speaker(HANDOFF_TEXT);
