import { API_TEXT } from '../../api/http/api-text';
import { ISSUE_CATALOG } from '../../api/http/issue-text';
import { PROBLEM_TEXT } from '../../api/http/problem-text';
import { INTEGRATION_TEXT } from '../../api/integrations/text';
import { MAPPING_HISTORY_TEXT } from '../../domain/shared/mapping-history-text';
import { REFERENCE_TEXT } from '../../domain/insights/reference-lists';
import { REGION_CALENDAR_TEXT } from '../../domain/shared/region-calendar';
import { PLAYBOOK_TEXT } from '../../domain/shared/catalog';
import { DEAL_TEXT } from '../../domain/deal/text';
import { HANDOFF_TEXT } from '../../domain/handoff/text';
import { LAUNCH_TEXT } from '../../domain/launch/text';
import { POC_TEXT } from '../../domain/poc/text';
import { RENEWAL_TEXT } from '../../domain/renewal/text';
import { SHARED_TEXT } from '../../domain/shared/shared-text';
import { CUSTOMER_REMINDER_TEXT } from '../../domain/shared/customer-reminder-text';
import { fillTemplate, placeholders, speaker, wordText, type Catalog } from '../../domain/shared/text';
import { VALUE_LABELS } from '../../domain/shared/value-labels';

const CATALOGS: Record<string, Catalog> = {
  api: API_TEXT,
  shared: SHARED_TEXT,
  customerReminder: CUSTOMER_REMINDER_TEXT,
  launch: LAUNCH_TEXT,
  poc: POC_TEXT,
  deal: DEAL_TEXT,
  handoff: HANDOFF_TEXT,
  renewal: RENEWAL_TEXT,
  // The API's own: field errors, integrations (CRM mapping problems), reference lists, region calendars.
  issues: ISSUE_CATALOG,
  integrations: INTEGRATION_TEXT,
  references: REFERENCE_TEXT,
  calendars: REGION_CALENDAR_TEXT,
  mappings: MAPPING_HISTORY_TEXT,
};
const API_CATALOGS = new Set(['api', 'issues', 'integrations', 'references', 'calendars', 'mappings']);

const entries = Object.entries(CATALOGS).flatMap(([catalog, texts]) =>
  Object.entries(texts).map(([key, text]) => ({ catalog, key, ...text })),
);

/** Optional parts `[...]`, in order: each language keeps the same facts optional. */
const optionalParts = (template: string) => [...template.matchAll(/\[([^\]]*)\]/g)].map((m) => placeholders(m[1]!));

describe('text catalogs', () => {
  it('have every text in English and Chinese with the same placeholders and the same optional facts', () => {
    const mismatched = entries.filter(
      (entry) =>
        entry.en.trim() === '' ||
        entry.zh.trim() === '' ||
        placeholders(entry.en).join() !== placeholders(entry.zh).join() ||
        JSON.stringify(optionalParts(entry.en).sort()) !== JSON.stringify(optionalParts(entry.zh).sort()),
    );
    expect(mismatched.map(({ catalog, key }) => `${catalog}: ${key}`)).toEqual([]);
  });

  it('word every Chinese text in Chinese, and no English text with Chinese', () => {
    const han = /[\u4e00-\u9fff]/;
    // A text that only arranges facts (an item and its note) has no words of its own to translate.
    const words = (template: string) => /[A-Za-z]/.test(template.replace(/\{[\w:-]+\}/g, ''));
    expect(entries.filter((entry) => !han.test(entry.zh) && words(entry.zh)).map((entry) => entry.key)).toEqual([]);
    expect(entries.filter((entry) => han.test(entry.en)).map((entry) => entry.key)).toEqual([]);
  });

  it("word a value named by its kind in the reader's language, and name only kinds that have labels", () => {
    const kinds = new Set(Object.keys(VALUE_LABELS).map((key) => key.slice(0, key.indexOf('.'))));
    const named = entries.flatMap((entry) =>
      [...`${entry.en}${entry.zh}`.matchAll(/\{\w+:([\w-]+)\}/g)].map((match) => `${entry.key}: ${match[1]}`),
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((each) => !kinds.has(each.slice(each.indexOf(': ') + 2)))).toEqual([]);
    const marked = {
      key: 'poc.criterion-marked',
      params: { actor: 'li', criterion: 'SSO works', status: 'met', evidence: 'log' },
    };
    expect(wordText(PLAYBOOK_TEXT, marked, 'zh')).toBe('li 将「SSO works」标记为已达成：log');
    expect(wordText(PLAYBOOK_TEXT, marked, 'en')).toBe('li marked "SSO works" met: log');
    // A value with no label (written by a later release, say) stays as it was sent.
    expect(wordText(PLAYBOOK_TEXT, { ...marked, params: { ...marked.params, status: 'partly' } }, 'zh')).toBe(
      'li 将「SSO works」标记为partly：log',
    );
  });

  it('close every optional part and nest none', () => {
    const unbalanced = entries.filter((entry) =>
      [entry.en, entry.zh].some((template) => !/^[^[\]]*(\[[^[\]]*\][^[\]]*)*$/.test(template)),
    );
    expect(unbalanced.map((entry) => entry.key)).toEqual([]);
  });

  it('give each key one wording wherever it is merged (a playbook may not redefine another one’s key)', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const entry of entries) {
      const wording = `${entry.en}|${entry.zh}`;
      if (seen.has(entry.key) && seen.get(entry.key) !== wording) clashes.push(entry.key);
      seen.set(entry.key, wording);
    }
    expect(clashes).toEqual([]);
    // The API words any of them (a refusal may name a case with a nested text), the board and notices any playbook's.
    expect([...seen.keys()].filter((key) => !(key in PROBLEM_TEXT) && !(key in ISSUE_CATALOG))).toEqual([]);
    expect(
      entries
        .filter((entry) => !API_CATALOGS.has(entry.catalog) && !(entry.key in PLAYBOOK_TEXT))
        .map((entry) => entry.key),
    ).toEqual([]);
  });
});

describe('wording a text', () => {
  const catalog = {
    'x.label': { en: 'POC for {account}', zh: '{account} 的 POC' },
    'x.done': {
      en: '{actor} closed the {label}[: {note}][ (round {round})]',
      zh: '{actor} 关闭了{label}[：{note}][（第 {round} 轮）]',
    },
  } as const satisfies Catalog;
  const { say, text } = speaker(catalog);

  it('fills facts, nested texts in the same language, and keeps an optional part only when its facts are there', () => {
    const said = say('x.done', {
      actor: 'ann',
      label: text('x.label', { account: 'Acme' }),
      note: 'done',
      round: undefined,
    });
    expect(said.summary).toBe('ann closed the POC for Acme: done');
    expect(said.message).toEqual({
      key: 'x.done',
      params: { actor: 'ann', label: { key: 'x.label', params: { account: 'Acme' } }, note: 'done' },
    });
    expect(wordText(catalog, said.message, 'zh')).toBe('ann 关闭了Acme 的 POC：done');
    expect(wordText(catalog, { key: 'x.done', params: { actor: 'ann', label: 'it', note: '', round: 0 } }, 'en')).toBe(
      'ann closed the it (round 0)',
    );
  });

  it('words a list in each language, and leaves out an optional part whose list is empty', () => {
    const list = { list: [text('x.label', { account: 'A' }), 'B'], separator: '; ' as const };
    expect(fillTemplate('{items}', { items: list }, (t) => wordText(catalog, t, 'en')!, 'en')).toBe('POC for A; B');
    expect(fillTemplate('{items}', { items: list }, (t) => wordText(catalog, t, 'zh')!, 'zh')).toBe('A 的 POC；B');
    expect(fillTemplate('x[ ({items})]', { items: { list: [], separator: ', ' } }, () => '')).toBe('x');
  });

  it('never reads a fact as a template: braces, brackets and $ in what people typed stay as typed', () => {
    expect(fillTemplate('{a}[ ({b})]', { a: '{b} [x] $& $1', b: 'y' }, () => '')).toBe('{b} [x] $& $1 (y)');
  });

  it('gives undefined for a key it does not know (an entry a later release wrote), so the caller falls back', () => {
    expect(wordText(catalog, { key: 'x.later', params: {} }, 'zh')).toBeUndefined();
  });
});
