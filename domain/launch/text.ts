import { SHARED_TEXT } from '../shared/shared-text';
import { speaker, type Catalog } from '../shared/text';

/**
 * Why an action on a launch run is refused, in English and Chinese (the run's timeline is worded on
 * the board from its event types, web/src/launch/event-text.ts). The English is what the API has
 * always answered; facts (keys, roles, dates) are filled in as they are.
 */
export const LAUNCH_TEXT = {
  ...SHARED_TEXT,
  'launch.label': { en: 'Launch {launchId}', zh: '上市准备 {launchId}' },
  'launch.refused.ended': {
    en: 'Launch {launchId} is {status} and takes no more actions',
    zh: '上市准备 {launchId} 已是「{status:run}」状态，不再接受任何操作',
  },
  'launch.refused.unknown-item': {
    en: 'Launch {launchId} has no checklist item "{key}"',
    zh: '上市准备 {launchId} 没有检查项「{key}」',
  },
  'launch.refused.not-your-item': {
    en: 'Item "{item}" is owned by {role}[ and assigned to {assignee}]; you may not {verb} it',
    zh: '检查项「{item}」由{role:role}负责[，已分配给 {assignee}]；您无权{verb}',
  },
  'launch.refused.not-your-sign-off': {
    en: 'Item "{item}" is signed off by {role}; you do not hold that role',
    zh: '检查项「{item}」须由{role:role}签核；您没有该角色',
  },
  'launch.verb.start': { en: 'start', zh: '开始' },
  'launch.verb.complete': { en: 'complete', zh: '完成' },
  'launch.verb.skip': { en: 'skip', zh: '跳过' },
  'launch.verb.reopen': { en: 'reopen', zh: '重新打开' },
  'launch.verb.assign': { en: 'assign', zh: '分配' },
  'launch.verb.reschedule-item': { en: 'reschedule', zh: '调整截止日期' },
  'launch.refused.unknown-gate': {
    en: 'Launch {launchId} has no gate "{key}"',
    zh: '上市准备 {launchId} 没有关口「{key}」',
  },
  'launch.refused.gate-decided': {
    en: 'Gate "{gate}" was already decided ({outcome})',
    zh: '关口「{gate}」已作出决定（{outcome:outcome}）',
  },
  'launch.refused.gate-role': {
    en: 'Gate "{gate}" needs sign-offs from {roles}, not {role}',
    zh: '关口「{gate}」需要 {roles} 签核，而不是{role:role}',
  },
  'launch.refused.gate-signed': {
    en: '{role} already signed off gate "{gate}" ({by} at {at})',
    zh: '{role:role}已签核关口「{gate}」（{by}，{at}）',
  },
  'launch.refused.no-go-reasons': { en: 'A no-go decision needs its reasons', zh: '不通过（NO-GO）的决定需要填写原因' },
  'launch.refused.gate-not-ready': {
    en: 'Gate "{gate}" cannot pass yet; {shortfall}',
    zh: '关口「{gate}」尚不能通过；{shortfall}',
  },
  'launch.shortfall.items': { en: 'open items: {items}', zh: '未完成的检查项：{items}' },
  'launch.shortfall.sign-offs': { en: 'missing sign-offs: {roles}', zh: '缺少的签核：{roles}' },
  'launch.shortfall.both': {
    en: 'open items: {items}; missing sign-offs: {roles}',
    zh: '未完成的检查项：{items}；缺少的签核：{roles}',
  },
  'launch.refused.launched': {
    en: 'Launch {launchId} has launched; its launch date is history',
    zh: '上市准备 {launchId} 已上市；上市日期不能再改',
  },
  'launch.refused.close-not-launched': {
    en: 'Only a launched run can be closed; {launchId} is {status} (cancel it instead)',
    zh: '只有已上市的流程才能关闭；{launchId} 当前为「{status:run}」（请改为取消）',
  },
  'launch.refused.waiting': {
    en: 'Item "{item}" is waiting on {waitingOn}',
    zh: '检查项「{item}」正在等待 {waitingOn}',
  },
  'launch.refused.not-ready': {
    en: 'Item "{item}" is {status}; only a ready item can be started',
    zh: '检查项「{item}」当前为「{status:item}」；只有就绪的检查项才能开始',
  },
  'launch.refused.settled': {
    en: 'Item "{item}" is already {status}[ (by {by} at {at})]',
    zh: '检查项「{item}」已是「{status:item}」[（{by}，{at}）]',
  },
  'launch.refused.awaiting-sign-off': {
    en: 'Item "{item}" is already complete and waits for {role}\'s sign-off',
    zh: '检查项「{item}」已完成，正在等待{role:role}签核',
  },
  'launch.refused.needs-link': {
    en: 'Item "{item}" needs a link as evidence',
    zh: '检查项「{item}」需要提供链接作为证据',
  },
  'launch.refused.needs-note': {
    en: 'Item "{item}" needs a note as evidence',
    zh: '检查项「{item}」需要提供备注作为证据',
  },
  'launch.refused.required': {
    en: 'Item "{item}" is required and cannot be skipped',
    zh: '检查项「{item}」为必做项，不能跳过',
  },
  'launch.refused.not-settled': {
    en: 'Item "{item}" is {status}, not done or skipped',
    zh: '检查项「{item}」当前为「{status:item}」，不是已完成或已跳过',
  },
  'launch.refused.reopen-first': {
    en: 'Item "{item}" is {status}; reopen it before reassigning',
    zh: '检查项「{item}」已是「{status:item}」；请先重新打开再转交',
  },
  'launch.refused.already-assigned': {
    en: 'Item "{item}" is already assigned to {assignee}',
    zh: '检查项「{item}」已分配给 {assignee}',
  },
  'launch.refused.no-sign-off': { en: 'Item "{item}" needs no sign-off', zh: '检查项「{item}」不需要签核' },
  'launch.refused.sign-off-role': {
    en: 'Item "{item}" is signed off by {role}, not {actual}',
    zh: '检查项「{item}」由{role:role}签核，而不是{actual:role}',
  },
  'launch.refused.sign-off-not-yet': {
    en: 'Item "{item}" is {status}; it can be signed off once its owner completes it',
    zh: '检查项「{item}」当前为「{status:item}」；负责人完成后才能签核',
  },
  'launch.refused.date-required': { en: 'A new launch date is required', zh: '需要填写新的上市日期' },
  'launch.refused.date-past': {
    en: 'The new launch date {date} is in the past (today is {today})',
    zh: '新的上市日期 {date} 已过去（今天是 {today}）',
  },
  'launch.refused.date-same': { en: 'The launch date is already {date}', zh: '上市日期已经是 {date}' },
  // An ops manager moving or snoozing one item's due date (newcomer walk 10).
  'launch.refused.due-settled': {
    en: 'Item "{item}" is already {status}; only an open item gets a new due date',
    zh: '检查项「{item}」已是「{status:item}」；只有未完成的检查项才能改截止日期',
  },
  'launch.refused.due-past': {
    en: 'The new due date {date} of item "{item}" is in the past (today is {today})',
    zh: '检查项「{item}」的新截止日期 {date} 已过去（今天是 {today}）',
  },
  'launch.refused.due-same': {
    en: 'Item "{item}" is already due {date}',
    zh: '检查项「{item}」的截止日期已经是 {date}',
  },
  'launch.refused.due-reason': {
    en: 'Moving the due date of item "{item}" needs a reason',
    zh: '修改检查项「{item}」的截止日期需要填写原因',
  },
} as const satisfies Catalog;

export const { say: launchSays, text: launchText } = speaker(LAUNCH_TEXT);
