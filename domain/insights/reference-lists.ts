import { speaker, type Catalog } from '../shared/text';

/**
 * The lists admins keep (issue 17 item 12, issue 21): one table holds them all, keyed by list name, so
 * a new list is a new name here rather than a new table. Pure: the API and the board import it.
 */
export const REFERENCE_LISTS = ['regions', 'industries', 'products', 'lead-channels'] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];

export interface ReferenceValue {
  value: string;
  labels: { en: string; zh: string };
}

/** One start field checked against a list: where it sits in the request, and what was given. */
export interface ListedField {
  field: string;
  list: ReferenceList;
  values: readonly string[];
}

/** A value off a list is refused naming the field and the values on offer; a list with no values takes any value. */
export function unlistedProblems(
  fields: readonly ListedField[],
  kept: ReadonlyMap<ReferenceList, ReadonlySet<string>>,
): { field: string; list: ReferenceList; value: string; allowed: string[] }[] {
  return fields.flatMap(({ field, list, values }) => {
    const allowed = kept.get(list);
    if (!allowed || allowed.size === 0) return [];
    return values
      .filter((value) => !allowed.has(value))
      .map((value) => ({ field, list, value, allowed: [...allowed] }));
  });
}

/** The refusals and names of this area in English and Chinese; the board's page has its own in web/src/lib. */
export const REFERENCE_TEXT = {
  'lists.unlisted': {
    en: '{field}: "{value}" is not on the {list} list the admins keep; choose one of {allowed}',
    zh: '{field}：「{value}」不在管理员维护的{list}清单中；请从以下选择：{allowed}',
  },
  'lists.invalid': {
    en: 'The values of the {list} list are not valid',
    zh: '{list}清单的取值无效',
  },
  'lists.name.regions': { en: 'regions', zh: '区域' },
  'lists.name.industries': { en: 'industries', zh: '行业' },
  'lists.name.products': { en: 'products', zh: '产品' },
  'lists.name.lead-channels': { en: 'lead channels', zh: '线索渠道' },
} as const satisfies Catalog;

export const { say: referenceSays } = speaker(REFERENCE_TEXT);
