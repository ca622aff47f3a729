import { speaker, type Catalog } from './text';

/** What the versioned mappings' routes answer (issue 20): a region's calendar, a tier's renewal template. */
export const MAPPING_HISTORY_TEXT = {
  'mapping.region-calendar-not-set': {
    en: 'Region {subject} has no default calendar',
    zh: '区域 {subject} 没有默认日历',
  },
  'mapping.renewal-tier-template-not-set': {
    en: 'Tier {subject} has no renewal template',
    zh: '客户等级 {subject} 没有续约模板',
  },
} as const satisfies Catalog;

export const { say: mappingSays } = speaker(MAPPING_HISTORY_TEXT);
