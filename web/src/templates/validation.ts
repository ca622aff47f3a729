import { useEffect, useState } from 'react';
import { ISSUE_CATALOG } from '../../../api/http/issue-text';
import { PLAYBOOK_TEXT } from '../../../domain/shared/catalog';
import { wordText, type Text } from '../../../domain/shared/text';
import { ApiError, post } from '../api/client';
import type { Language } from '../lib/i18n';

export interface TemplateProblem {
  path: string;
  message: string;
  code: string;
  text?: Text;
}

export interface Validation {
  valid: boolean;
  errors: TemplateProblem[];
}

const CATALOG = { ...ISSUE_CATALOG, ...PLAYBOOK_TEXT };

/** A problem in the reader's language: the API's catalog text worded here, its English where there is none. */
export const problemText = (problem: TemplateProblem, language: Language): string =>
  (problem.text && wordText(CATALOG, problem.text, language)) ?? problem.message;

/** The dry run's problems as the field errors a form's fields show, each in the reader's language. */
export const problemsAsError = (problems: readonly TemplateProblem[], language: Language): ApiError | undefined =>
  problems.length
    ? new ApiError(
        422,
        'Invalid',
        undefined,
        problems.map((problem) => ({ path: problem.path, message: problemText(problem, language) })),
      )
    : undefined;

/** How long typing must pause before the draft is checked again: one dry run per pause, not per key. */
const DEBOUNCE_MS = 400;

/** The API's dry run (POST /api/templates/validate) of a draft as it is typed; undefined while checking. */
export function useDryRun(draft: unknown): Validation | undefined {
  const [result, setResult] = useState<{ for: unknown; validation: Validation }>();
  useEffect(() => {
    if (draft === undefined) return;
    let current = true;
    const timer = window.setTimeout(() => {
      post<Validation>('/api/templates/validate', draft).then(
        (validation) => {
          if (current) setResult({ for: draft, validation });
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (current)
            setResult({ for: draft, validation: { valid: false, errors: [{ path: '', message, code: 'network' }] } });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [draft]);
  return result && result.for === draft ? result.validation : undefined;
}
