import type { ZodError } from 'zod';
import { wordText, type Language, type Text } from '../../domain/shared/text';
import { ISSUE_CATALOG, issueText } from './issue-text';
import type { FieldIssue } from './problem';

/**
 * A zod issue as a problem's field error: its sentence in English, and the catalog text that words
 * it again for the caller's language when the answer is sent. The text never leaves the API.
 */
export function fieldIssue(issue: ZodError['issues'][number]): FieldIssue & { text?: Text } {
  const text = issueText(issue);
  const path = issue.path.join('.');
  if (!text) return { path, message: issue.message, code: issue.code };
  const field = { path, message: wordText(ISSUE_CATALOG, text, 'en') ?? issue.message, code: issue.code };
  // Not enumerable: the problem's JSON (stored, logged, compared) stays {path, message, code}.
  return Object.defineProperty(field, 'text', { value: text, enumerable: false });
}

/** A field error as sent: worded in `language` when it has a text, without the text itself. */
export function wordFieldIssue(issue: unknown, language: Language): unknown {
  if (typeof issue !== 'object' || issue === null || !('text' in issue)) return issue;
  const field = issue as FieldIssue & { text: Text };
  // The spread leaves the text out (it is not enumerable).
  return { ...field, message: wordText(ISSUE_CATALOG, field.text, language) ?? field.message };
}
