import type { Said, Text } from '../../domain/shared/text';

/**
 * An RFC 9457 problem detail; thrown by routes, rendered by the error handler. A detail given as
 * something said (api-text.ts, a playbook's text.ts) keeps its text, so the answer can word it in
 * the caller's language; `detail` stays its English wording.
 */
export class Problem extends Error {
  readonly detail?: string;
  /** The detail as a catalog text, when it has one. */
  readonly text?: Text;

  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string | Said,
    /** Extension members, e.g. `errors` for validation failures. */
    readonly extensions: Record<string, unknown> = {},
    readonly type = `urn:baton:problem:${slug(title)}`,
    /** Response headers that belong with the problem, e.g. WWW-Authenticate or Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    const english = typeof detail === 'object' ? detail.summary : detail;
    super(english ?? title);
    this.name = 'Problem';
    this.detail = english;
    if (typeof detail === 'object') this.text = detail.message;
  }

  toJSON(instance?: string): Record<string, unknown> {
    // Standard members last, so an extension can never overwrite them.
    return {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
    };
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** The 400 every input check answers with, naming each field at fault. */
export function invalidRequest(detail: string | Said, errors?: FieldIssue[]): Problem {
  return new Problem(400, 'Invalid request', detail, errors ? { errors } : {});
}

/** A body that describes another object than the path names (PUT /calendars/a with key "b"). */
export function requireSameKey(what: string, pathKey: string, bodyKey: string): void {
  if (bodyKey === pathKey) return;
  throw invalidRequest(`The body describes ${what} "${bodyKey}", not "${pathKey}"`, [
    { path: 'key', message: `must be "${pathKey}"`, code: 'invalid_value' },
  ]);
}

/** A domain input check's findings as the 400 a route answers with; none, and nothing is thrown. */
export function refuseInputProblems(detail: string, problems: string[]): void {
  if (problems.length === 0) return;
  throw invalidRequest(
    detail,
    problems.map((message) => ({ path: '', message, code: 'custom' })),
  );
}
