import { useEffect, useState } from 'react';
import { ApiError, call, segment, type FieldError } from '../api/client';
import { useI18n } from '../lib/i18n';
import type { DryRun } from './integrations-api';

/** How long typing must pause before the draft is tried again: one dry run per pause, not per key. */
const DEBOUNCE_MS = 400;

/** A dry run's answer: what the mapping reads from the payload, or the schema problems that stop it. */
export type DryRunAnswer = { kind: 'read'; result: DryRun } | { kind: 'invalid'; errors: FieldError[] };

/**
 * The API's dry run (POST /api/integrations/{source}/mapping/dry-run) of a draft mapping against a
 * payload as both are typed, asked again when the board's language changes (the API words the problems
 * in it); undefined while checking or while either is not JSON.
 */
export function useMappingDryRun(
  source: string,
  mapping: unknown,
  payload: Record<string, unknown> | undefined,
): DryRunAnswer | undefined {
  const { language } = useI18n();
  const [answer, setAnswer] = useState<{ for: unknown[]; answer: DryRunAnswer }>();
  useEffect(() => {
    if (mapping === undefined || payload === undefined) return;
    let current = true;
    const timer = window.setTimeout(() => {
      call<DryRun>('POST', `/api/integrations/${segment(source)}/mapping/dry-run`, { body: { payload, mapping } }).then(
        ({ data }) => {
          if (current) setAnswer({ for: [mapping, payload], answer: { kind: 'read', result: data } });
        },
        (error: unknown) => {
          if (!current) return;
          const errors =
            error instanceof ApiError
              ? error.errors.length
                ? error.errors
                : [{ path: '', message: error.detail ?? error.title }]
              : [{ path: '', message: String(error) }];
          setAnswer({ for: [mapping, payload], answer: { kind: 'invalid', errors } });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [source, mapping, payload, language]);
  return answer && answer.for[0] === mapping && answer.for[1] === payload ? answer.answer : undefined;
}
