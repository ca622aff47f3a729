import type { Catalog } from '../shared/text';

/** Why a delivery-handoff template (or an action on a package it shaped) is refused (issue 20), in English and Chinese; spread into HANDOFF_TEXT. */
export const HANDOFF_TEMPLATE_TEXT = {
  'handoff.template.reminder-outside-sla': {
    en: '{sla} reminder {n} ({days} days before) falls outside the {slaDays}-day {sla} SLA',
    zh: '{sla} 第 {n} 个提醒（提前 {days} 天）超出了 {slaDays} 天的 {sla} 时限',
  },
  'handoff.template.sla.package': { en: 'package', zh: '资料包提交' },
  'handoff.template.sla.review': { en: 'review', zh: '资料包审核' },
  'handoff.template.item-required': {
    en: 'the package must ask for "{key}": {why}',
    zh: '资料包必须包含「{key}」：{why}',
  },
  'handoff.template.item-required.stakeholders': {
    en: 'delivery needs the stakeholder map',
    zh: '交付需要干系人地图',
  },
  'handoff.template.item-required.target-go-live': {
    en: 'the milestone plan counts back from it',
    zh: '里程碑计划从它倒推',
  },
  'handoff.template.item-twice': { en: 'package item "{key}" is listed twice', zh: '资料包条目「{key}」重复了' },
  'handoff.template.milestone-twice': { en: 'milestone key "{key}" is used twice', zh: '里程碑的键「{key}」重复了' },
  'handoff.template.sign-off-last': {
    en: 'the milestone plan must end with the one milestone the customer signs off (the acceptance), and have no other',
    zh: '里程碑计划必须以唯一一个需客户签字的里程碑（验收）结束',
  },
  'handoff.refused.not-in-package': {
    en: '"{key}" is not in this handoff\'s package (it asks for: {items})',
    zh: '「{key}」不在本次交接的资料包中（资料包包含：{items}）',
  },
} as const satisfies Catalog;
