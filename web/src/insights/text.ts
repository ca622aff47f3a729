/**
 * The Insights area's board texts (reference lists, the Insights page) in English and Chinese, kept
 * apart from the shared catalog so other areas' additions never meet these lines; i18n.tsx spreads them in.
 */
export const INSIGHTS_MESSAGES = {
  'nav.lists': ['Lists', '清单'],
  'lists.title': ['Reference lists', '参考清单'],
  'lists.intro': [
    'The values the start forms offer. A list with values refuses any other; an empty list takes any value. One value a line: value | English | 中文.',
    '发起表单提供的取值。有取值的清单只接受清单内的值；空清单接受任何值。每行一个：取值 | English | 中文。',
  ],
  'lists.name.regions': ['Regions', '区域'],
  'lists.name.industries': ['Industries', '行业'],
  'lists.name.products': ['Products', '产品'],
  'lists.name.lead-channels': ['Lead channels', '线索渠道'],
  'lists.values': ['Values of {list}', '{list}的取值'],
  'lists.count': ['{count} values', '{count} 个取值'],
  'lists.empty': ['No values: any value is taken', '无取值：接受任何值'],
  'lists.save': ['Save {list}', '保存{list}'],
  'lists.saved': ['{list} saved', '{list}已保存'],
  'lists.badLine': ['Line {n} needs a value: value | English | 中文', '第 {n} 行缺少取值：取值 | English | 中文'],
} as const satisfies Record<string, readonly [string, string]>;
