import { DEAL_TEXT } from '../deal/text';
import { HANDOFF_TEXT } from '../handoff/text';
import { LAUNCH_TEXT } from '../launch/text';
import { POC_TEXT } from '../poc/text';
import { RENEWAL_TEXT } from '../renewal/text';
import { wordText, type Catalog, type Language, type Text } from './text';

/**
 * Every playbook's texts in one catalog, for those who word any of them: the board's timelines, the
 * API's problem details, notices and mail. Each key belongs to one playbook (test/unit/texts.test.ts).
 */
export const PLAYBOOK_TEXT: Catalog = { ...LAUNCH_TEXT, ...POC_TEXT, ...DEAL_TEXT, ...HANDOFF_TEXT, ...RENEWAL_TEXT };

/** A stored text (a timeline entry's `message`, a refusal's details) as it arrives: JSON of unknown shape. */
export function asText(value: unknown): Text | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, params } = value as { key?: unknown; params?: unknown };
  return typeof key === 'string' && typeof params === 'object' && params !== null ? (value as Text) : undefined;
}

/** A stored text in `language`; undefined when there is none or it is unknown here (the English summary stands). */
export function wordStoredText(
  value: unknown,
  language: Language,
  catalog: Catalog = PLAYBOOK_TEXT,
): string | undefined {
  const text = asText(value);
  return text ? wordText(catalog, text, language) : undefined;
}
