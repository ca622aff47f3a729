/**
 * The Chinese titles of the default project template's milestones, keyed by their English titles: a
 * handoff pins the template's English text, and these word it for Chinese readers of the board. A
 * milestone whose title a template changed keeps its own words.
 */
export const MILESTONE_TITLES_ZH: Readonly<Record<string, string>> = {
  'Requirements confirmed with the customer': '与客户确认需求',
  'Spec and prototype confirmed by the customer': '客户确认方案与原型',
  'Built and configured': '完成开发与配置',
  Tested: '完成测试',
  'Customer acceptance (验收)': '客户验收',
};

/** A milestone title in the reader's language: the Chinese wording of a default one, or the title as written. */
export function milestoneTitleIn(title: string, language: 'en' | 'zh'): string {
  return language === 'zh' ? (MILESTONE_TITLES_ZH[title] ?? title) : title;
}
