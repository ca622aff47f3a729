/** A small fetch wrapper: bearer token, JSON bodies, problem+json errors, ETags and idempotency keys. */

export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

/** An RFC 9457 problem from the API (or a network failure, status 0), with its field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }
}

let currentToken: string | null = null;
let currentLanguage = 'en';

/** The board's language: the API words its refusals in it when the caller has no person record. */
export function configureLanguage(language: string): void {
  currentLanguage = language;
}
let onUnauthorized: () => void = () => undefined;

/** The auth provider keeps the client's token and learns when the API stops accepting it. */
export function configureClient(token: string | null, unauthorized: () => void): void {
  currentToken = token;
  onUnauthorized = unauthorized;
}

export interface CallOptions {
  body?: unknown;
  /** The version the caller acts on (ETag); the API answers 412 if it has moved on. */
  ifMatch?: number;
  signal?: AbortSignal;
  /** Use this token instead of the signed-in one (checking a pasted token). */
  token?: string | null;
}

export interface ApiResult<T> {
  data: T;
  etag: string | null;
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'accept-language': currentLanguage,
  };
  const token = options.token === undefined ? currentToken : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  // Every change carries a fresh key: a retried click is then answered once.
  if (method !== 'GET') headers['idempotency-key'] = crypto.randomUUID();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Network error', 'Baton cannot be reached; check your connection. The board keeps trying.');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as { title?: string; detail?: string; errors?: FieldError[]; requestId?: string };
    if (response.status === 401 && options.token === undefined) onUnauthorized();
    throw new ApiError(
      response.status,
      problem.title ?? response.statusText,
      problem.detail,
      problem.errors ?? [],
      problem.requestId,
    );
  }
  return { data: parsed as T, etag: response.headers.get('etag') };
}

export const get = async <T>(path: string, signal?: AbortSignal): Promise<T> =>
  (await call<T>('GET', path, { signal })).data;
export const post = async <T>(path: string, body: unknown = {}, ifMatch?: number): Promise<T> =>
  (await call<T>('POST', path, { body, ifMatch })).data;

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Case and trial ids are workflow ids with colons: one path segment each. */
export const segment = (id: string): string => encodeURIComponent(id);

/**
 * Downloads an export (a CSV the API streams) with the signed-in token and the board's language,
 * and offers it as a file under the name the API gave (Content-Disposition), else `fallbackName`.
 */
export async function saveExport(path: string, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = {
    accept: 'text/csv, application/problem+json',
    'accept-language': currentLanguage,
  };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  const response = await fetch(path, { headers });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: string; detail?: string };
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail);
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = named ?? fallbackName;
  link.click();
  URL.revokeObjectURL(url);
}

/** A list's path as its CSV export's: `/api/pocs?region=east&limit=200` -> `/api/pocs.csv?region=east`. */
export function csvPathOf(listPath: string): string {
  const [path = '', search = ''] = listPath.split('?');
  const params = new URLSearchParams(search);
  params.delete('limit');
  params.delete('cursor');
  const rest = params.toString();
  return `${path}.csv${rest ? `?${rest}` : ''}`;
}
