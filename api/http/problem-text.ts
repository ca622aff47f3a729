import { asText, PLAYBOOK_TEXT } from '../../domain/shared/catalog';
import { wordText, type Catalog, type Language, type Text } from '../../domain/shared/text';
import { API_TEXT } from './api-text';
import { INTEGRATION_TEXT } from '../integrations/text';
import { REFERENCE_TEXT } from '../../domain/insights/reference-lists';
import { REGION_CALENDAR_TEXT } from '../../domain/shared/region-calendar';
import { MAPPING_HISTORY_TEXT } from '../../domain/shared/mapping-history-text';

export { asText };

/** Every text a problem detail can be: the API's own and each playbook's refusals. */
export const PROBLEM_TEXT: Catalog = {
  ...API_TEXT,
  ...PLAYBOOK_TEXT,
  ...INTEGRATION_TEXT,
  ...REFERENCE_TEXT,
  ...REGION_CALENDAR_TEXT,
  ...MAPPING_HISTORY_TEXT,
};

/** A problem's detail in `language`: its text worded there, else the English detail it was given. */
export function problemDetail(problem: { detail?: string; text?: Text }, language: Language): string | undefined {
  if (!problem.text || language === 'en') return problem.detail;
  return wordText(PROBLEM_TEXT, problem.text, language) ?? problem.detail;
}
