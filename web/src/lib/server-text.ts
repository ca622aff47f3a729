import { wordStoredText } from '../../../domain/shared/catalog';
import type { Language } from './i18n';

/**
 * A timeline entry's summary in `language`, worded from the very texts the workflow wrote its
 * English summary from (so no wording lives twice); undefined for an older entry without a text,
 * whose English summary then stands.
 */
export function serverText(message: unknown, language: Language): string | undefined {
  return wordStoredText(message, language);
}
