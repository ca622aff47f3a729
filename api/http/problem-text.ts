import { DEAL_TEXT } from '../../domain/deal/text';
import { HANDOFF_TEXT } from '../../domain/handoff/text';
import { LAUNCH_TEXT } from '../../domain/launch/text';
import { POC_TEXT } from '../../domain/poc/text';
import { RENEWAL_TEXT } from '../../domain/renewal/text';
import { wordText, type Catalog, type Language, type Text } from '../../domain/shared/text';
import { API_TEXT } from './api-text';

/** Every text a problem detail can be: the API's own and each playbook's refusals. */
export const PROBLEM_TEXT: Catalog = {
  ...API_TEXT,
  ...LAUNCH_TEXT,
  ...POC_TEXT,
  ...DEAL_TEXT,
  ...HANDOFF_TEXT,
  ...RENEWAL_TEXT,
};

/** A catalog text as a refusal carries it (a workflow failure's details): anything else is not one. */
export function asText(value: unknown): Text | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, params } = value as { key?: unknown; params?: unknown };
  return typeof key === 'string' && typeof params === 'object' && params !== null ? (value as Text) : undefined;
}

/** A problem's detail in `language`: its text worded there, else the English detail it was given. */
export function problemDetail(problem: { detail?: string; text?: Text }, language: Language): string | undefined {
  if (!problem.text || language === 'en') return problem.detail;
  return wordText(PROBLEM_TEXT, problem.text, language) ?? problem.detail;
}
