import type { Catalog } from '../shared/text';

/**
 * What an admin reads when a CRM mapping cannot read an event (issue 18), in English and Chinese:
 * each problem names the payload path and the Baton field it was to fill.
 */
export const MAPPING_TEXT = {
  'mapping.no-object': {
    en: 'the payload matches no object of the mapping (looked for one of: {tried})',
    zh: '事件内容不匹配映射中的任何对象（查找的是以下之一：{tried}）',
  },
  'mapping.missing': { en: '{path} ({field}) is missing', zh: '{path}（{field}）缺失' },
  'mapping.not-text': {
    en: '{path} ({field}) must be a string or a number',
    zh: '{path}（{field}）必须是字符串或数字',
  },
  'mapping.not-date': { en: '{path} ({field}) is not a date: "{raw}"', zh: '{path}（{field}）不是日期："{raw}"' },
  'mapping.not-time': {
    en: '{path} ({field}) is not a date-time or epoch milliseconds: "{raw}"',
    zh: '{path}（{field}）不是日期时间或纪元毫秒数："{raw}"',
  },
  'mapping.not-amount': {
    en: '{path} ({field}) is not a non-negative number: "{raw}"',
    zh: '{path}（{field}）不是非负数："{raw}"',
  },
  'mapping.end-before-start': {
    en: '{path} (contractEnd) {contractEnd} is not after the term start {termStart}',
    zh: '{path}（contractEnd）{contractEnd} 不晚于合同期开始日期 {termStart}',
  },
} as const satisfies Catalog;
