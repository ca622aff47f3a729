/**
 * Texts people read, kept as a catalog key and the facts that fill it, so each reader gets them in
 * their own language: the workflow stores the key beside the English text it has always recorded,
 * and the board or the API words it again for a Chinese reader. Pure: workflows import it.
 */

import { VALUE_LABELS } from './value-labels';

export type Language = 'en' | 'zh';

export const LANGUAGES: readonly Language[] = ['en', 'zh'];

/** A fact filling a placeholder; a nested text is worded in the same language (a case's name, say). */
export type TextParam = string | number | Text | TextList;

/** Several facts in a row (package items, say), each worded in the reader's language and joined in its way. */
export interface TextList {
  list: readonly TextParam[];
  separator: ', ' | '; ';
}

/** How each language joins a list. */
const SEPARATORS: Record<Language, Record<TextList['separator'], string>> = {
  en: { ', ': ', ', '; ': '; ' },
  zh: { ', ': '、', '; ': '；' },
};

/** A text to show a person: which catalog entry, filled with which facts. Stored as JSON. */
export interface Text {
  key: string;
  params: Record<string, TextParam>;
}

/**
 * Every text in both languages. `{name}` is filled in; `[...]` is kept only when every placeholder
 * inside it has a value, so optional facts ("[: {note}]") need no second wording.
 */
export type Catalog = Readonly<Record<string, Readonly<Record<Language, string>>>>;

const OPTIONAL = /\[([^\]]*)\]/g;
/** `{name}`, or `{name:kind}` for a value worded by its label of that kind (value-labels.ts). */
const PLACEHOLDER = /\{(\w+)(?::([\w-]+))?\}/g;

const present = (value: TextParam | undefined) =>
  value !== undefined && value !== '' && !(typeof value === 'object' && 'list' in value && value.list.length === 0);

/** The placeholders a template names, in order of first use (tests compare both languages by them). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))].sort();
}

/** A template filled with `params` in `language`; a nested text is looked up in the same catalog. */
export function fillTemplate(
  template: string,
  params: Readonly<Record<string, TextParam | undefined>>,
  word: (text: Text) => string,
  language: Language = 'en',
): string {
  const worded = (param: TextParam): string => {
    if (typeof param !== 'object') return String(param);
    if ('list' in param) return param.list.map(worded).join(SEPARATORS[language][param.separator]);
    return word(param);
  };
  const value = (name: string, kind: string | undefined) => {
    const param = params[name];
    if (param === undefined) return '';
    const label = kind && typeof param !== 'object' ? VALUE_LABELS[`${kind}.${param}`] : undefined;
    return label ? label[language === 'zh' ? 1 : 0] : worded(param);
  };
  return template
    .replace(OPTIONAL, (_all, inner: string) =>
      [...inner.matchAll(PLACEHOLDER)].every((match) => present(params[match[1]!])) ? inner : '',
    )
    .replace(PLACEHOLDER, (_all, name: string, kind: string | undefined) => value(name, kind));
}

/** A text worded in `language` from `catalog`; an unknown key (an entry written by a later release) gives undefined. */
export function wordText(catalog: Catalog, text: Text, language: Language): string | undefined {
  const entry = catalog[text.key];
  if (!entry) return undefined;
  return fillTemplate(
    entry[language],
    text.params,
    (nested) => wordText(catalog, nested, language) ?? nested.key,
    language,
  );
}

/** Params with the facts that are absent left out, so the stored JSON holds only what was said. */
function defined(params: Readonly<Record<string, TextParam | undefined>>): Record<string, TextParam> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) as Record<
    string,
    TextParam
  >;
}

/** Something said: its English wording (a summary, a message) and the text it came from. */
export interface Said {
  summary: string;
  message: Text;
}

/**
 * A playbook's way of saying something: the English `summary` the timeline has always stored, and
 * the `message` (key and facts) a reader in another language is shown instead.
 */
export function speaker<C extends Catalog>(catalog: C) {
  const say = (key: keyof C & string, params: Readonly<Record<string, TextParam | undefined>> = {}): Said => {
    const message: Text = { key, params: defined(params) };
    return { summary: wordText(catalog, message, 'en')!, message };
  };
  /** A text to nest in another one (a case's name), not worded yet. */
  const text = (key: keyof C & string, params: Readonly<Record<string, TextParam | undefined>> = {}): Text => ({
    key,
    params: defined(params),
  });
  /** A text built elsewhere (a shared one, say) as something said. */
  const sayText = (message: Text): Said => ({ summary: wordText(catalog, message, 'en')!, message });
  return { say, text, sayText };
}
