import { DEAL_TEXT } from '../../../domain/deal/text';
import { HANDOFF_TEXT } from '../../../domain/handoff/text';
import { POC_TEXT } from '../../../domain/poc/text';
import { RENEWAL_TEXT } from '../../../domain/renewal/text';
import { wordText, type Catalog, type Text } from '../../../domain/shared/text';
import type { Language } from './i18n';

/**
 * The catalogs the server's timeline summaries come from: the board words an entry's `message`
 * with the very texts the workflow wrote its English summary from, so no wording lives twice.
 */
const SERVER_TEXT: Catalog = { ...POC_TEXT, ...DEAL_TEXT, ...HANDOFF_TEXT, ...RENEWAL_TEXT };

const isText = (value: unknown): value is Text =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Text).key === 'string' &&
  typeof (value as Text).params === 'object';

/** A timeline entry's summary in `language`; undefined for an older entry without a text (its English summary stands). */
export function serverText(message: unknown, language: Language): string | undefined {
  return isText(message) ? wordText(SERVER_TEXT, message, language) : undefined;
}
