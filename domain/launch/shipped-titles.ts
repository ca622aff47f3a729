/**
 * The Chinese titles of the shipped launch-readiness template's phases, items and gate, keyed by their
 * English titles: a run pins its template's English text, and these word it for Chinese readers (the
 * board, notices and mail). A template whose titles were changed keeps its own words.
 */
export const SHIPPED_TITLES_ZH: Readonly<Record<string, string>> = {
  'Early stage (before launch)': '前期（上市前）',
  'Penetration stage (after launch)': '渗透期（上市后）',
  'Demand research evidence': '需求调研证据',
  'Scenario positioning': '场景定位',
  'Sales process initialisation': '销售流程初始化',
  'Sales red lines': '销售红线',
  'Competitive analysis and battlecard': '竞品分析与对战卡',
  'Sales tools': '销售工具',
  'Enablement materials': '赋能材料',
  'Promotion themes and channels': '推广主题与渠道',
  'Customer trial (POC) experience optimised': '客户试用（POC）体验优化',
  'Customer-service readiness': '客服就绪',
  'Content platform, PR drafts and budget': '内容平台、公关稿与预算',
  'Launch event planned': '发布会策划',
  'Internal brand: make the sales force want to sell it': '内部品牌：让销售团队愿意卖',
  'External brand updates': '外部品牌更新',
  'Data review': '数据复盘',
  'Regulatory and policy watch': '法规与政策跟踪',
  'Big-project breakthrough': '大项目突破',
  'Case studies': '客户案例',
  'Go / no-go decision': '上市决策（Go / No-go）',
};

/** A title in the reader's language: the Chinese wording of a shipped title, or the title as written. */
export function titleIn(title: string, language: 'en' | 'zh'): string {
  return language === 'zh' ? (SHIPPED_TITLES_ZH[title] ?? title) : title;
}
