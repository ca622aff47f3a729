import { lifecycleCaseName, type NextPlaybookStarted } from './lifecycle';
import type { Catalog, Text } from './text';

/**
 * Texts every playbook says the same way: the next playbook of the customer lifecycle it started,
 * and the refusals every case gives (an old version, a stage the action does not fit).
 */
export const SHARED_TEXT = {
  'playbook.dealSupport': { en: 'deal support', zh: '商机支持' },
  'playbook.deliveryHandoff': { en: 'delivery handoff', zh: '交付交接' },
  'playbook.renewalFollowUp': { en: 'renewal follow-up', zh: '续约跟进' },
  'next.started': {
    en: 'Baton started {playbook} for {next} from the {label}',
    zh: 'Baton 根据{label}启动了{next}的{playbook}',
  },
  'next.already-started': {
    en: 'The {label} continues in the {playbook} for {next}, which was already started',
    zh: '{label}在已启动的{next}的{playbook}中继续',
  },
  'refused.stale-version': {
    en: '{name} is at version {seq}, not {expected}; reload and retry',
    zh: '{name}已是第 {seq} 版，不是第 {expected} 版；请刷新后重试',
  },
  'refused.final': {
    en: 'The {label} is {stage} and takes no more actions',
    zh: '{label}已是 {stage} 状态，不再接受任何操作',
  },
  'refused.ended': {
    en: 'The {label} is {stage} and takes no more {action} actions',
    zh: '{label}已是 {stage} 状态，不再接受 {action} 操作',
  },
  'refused.wrong-stage': {
    en: 'The {label} is {stage}; {action} needs it {allowed}',
    zh: '{label}当前处于 {stage} 阶段；{action} 操作需要处于 {allowed} 阶段',
  },
} as const satisfies Catalog;

/** How a case's timeline says which next playbook it started (or found there); `label` names the case. */
export function nextPlaybookText(started: NextPlaybookStarted, label: Text): Text {
  return {
    key: started.status === 'started' ? 'next.started' : 'next.already-started',
    params: {
      playbook: { key: `playbook.${started.workflowType}`, params: {} },
      next: lifecycleCaseName(started.workflowId),
      label,
    },
  };
}
