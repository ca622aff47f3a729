import type { Request, Response } from 'express';
import type { Database } from '../../db/prisma';
import type { Language } from '../../domain/shared/text';
import type { Principal } from '../auth/principal';

/** The language a request's answer is worded in (problem details); resolved once per request. */
export type ReaderLanguage = (req: Request, res: Response) => Promise<Language>;

/**
 * The first language of an Accept-Language header Baton speaks, by preference (`q`): any zh* tag
 * is Chinese, any en* tag English; undefined when it names neither.
 */
export function acceptedLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().toLowerCase().split(';');
      const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
}

/** A route's reader's language from its request headers: the Accept-Language, else English. */
export function headersLanguage(headers: Record<string, string | string[] | undefined> | undefined): Language {
  const header = headers?.['accept-language'];
  return acceptedLanguage(Array.isArray(header) ? header[0] : header) ?? 'en';
}

/**
 * The caller's language: their person record's when they have one, else the request's
 * Accept-Language, else English. Only asked when an answer has something to word (a refusal), so
 * a request that succeeds costs no lookup.
 */
export function readerLanguage(db: Database): ReaderLanguage {
  return async (req, res) => {
    const known = res.locals.readerLanguage as Language | undefined;
    if (known) return known;
    const language = (await personLanguage(db, res)) ?? acceptedLanguage(req.get('accept-language')) ?? 'en';
    res.locals.readerLanguage = language;
    return language;
  };
}

async function personLanguage(db: Database, res: Response): Promise<Language | undefined> {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) return undefined;
  try {
    const person = await db.person.findUnique({ where: { email: principal.subject }, select: { language: true } });
    return person?.language === 'zh' || person?.language === 'en' ? person.language : undefined;
  } catch {
    // The refusal still goes out, in the request's language, when the directory cannot be read.
    return undefined;
  }
}

/** Where no reader is known (a test's bare app): the request's Accept-Language, else English. */
export const headerLanguage: ReaderLanguage = async (req) => acceptedLanguage(req.get('accept-language')) ?? 'en';
