import { get } from '../api/client';
import type { FieldSpec } from '../components/actions';
import type { Language } from '../lib/i18n';
import { useLive } from '../lib/live';
import type { ReferenceList, ReferenceValue } from '../../../domain/insights/reference-lists';

export type { ReferenceList, ReferenceValue };

type ListsAnswer = { items: { list: ReferenceList; values: ReferenceValue[] }[] };

/** Components that mount together (the insights page's filters, tables and drill-down) share one request. */
const SHARED_FOR_MS = 2_000;
let recent: { at: number; answer: Promise<ListsAnswer> } | undefined;

function sharedLists(): Promise<ListsAnswer> {
  if (!recent || Date.now() - recent.at > SHARED_FOR_MS) {
    const answer = get<ListsAnswer>('/api/reference-lists');
    recent = { at: Date.now(), answer };
    // A failed answer is not shared: the next caller asks again.
    answer.catch(() => {
      if (recent?.answer === answer) recent = undefined;
    });
  }
  return recent.answer;
}

/** The admin-kept lists, by name; a form reads them once and every five minutes after. */
export function useReferenceLists(): Map<ReferenceList, ReferenceValue[]> | undefined {
  const live = useLive('reference-lists', sharedLists, 300);
  return live.data ? new Map(live.data.items.map((item) => [item.list, item.values])) : undefined;
}

/**
 * A kept value's label in `language` (a region, channel, industry or product as admins name it), or the
 * value itself when its list is not kept or does not hold it.
 */
export function useListLabel(language: Language): (list: ReferenceList, value: unknown) => string {
  const lists = useReferenceLists();
  return (list, value) =>
    lists?.get(list)?.find((entry) => entry.value === value)?.labels[language] ?? String(value ?? '');
}

/**
 * A start field offering a kept list: a choice among its values (checkboxes when several may be
 * chosen) when admins keep one, else free text suggesting the values already in use.
 */
export function listedField(
  field: FieldSpec,
  values: readonly ReferenceValue[] | undefined,
  language: Language,
  options: { inUse?: readonly string[]; several?: boolean } = {},
): FieldSpec {
  if (!values?.length) return { ...field, suggestions: options.inUse ?? field.suggestions };
  const choices = values.map((entry) => ({ value: entry.value, label: entry.labels[language] }));
  const initial = values.some((entry) => entry.value === field.initial) ? field.initial : undefined;
  return {
    ...field,
    kind: options.several ? 'checkboxes' : 'select',
    options: choices,
    initial,
    suggestions: undefined,
  };
}
