import type { RequestHandler } from 'express';
import type { Database } from '../../db/prisma';
import type { Principal } from '../auth/principal';
import { acceptedLanguage } from '../http/reader-language';
import { defineRoute } from '../http/route';
import type { DigestScheduler } from './digest-schedule';
import { presentPerson } from './directory';
import { personSchema, updateMeSchema } from './schemas';

/**
 * Everyone who signs in gets a person record from their token's claims the first time, so notices
 * reach them at once, in the language their first request asked for (Accept-Language: the board
 * sends its own); what admins or an import set later is never overwritten by a sign-in.
 */
export function rememberPeople(db: Database, authenticate: RequestHandler): RequestHandler {
  const known = new Set<string>();
  return (req, res, next) =>
    authenticate(req, res, (error?: unknown) => {
      if (error) return next(error);
      remember(res.locals.principal as Principal | undefined, acceptedLanguage(req.get('accept-language')), next);
    });

  function remember(principal: Principal | undefined, language: string | undefined, next: (error?: unknown) => void) {
    if (!principal || principal.via !== 'jwt' || known.has(principal.subject)) return next();
    void db.person
      .createMany({
        data: [
          {
            email: principal.subject,
            roles: principal.roles,
            regions: principal.regions,
            source: 'sign-in',
            ...(language ? { language } : {}),
          },
        ],
        skipDuplicates: true,
      })
      .then(() => {
        known.add(principal.subject);
        next();
      }, next);
  }
}

/** The caller's own record: language, time zone and what they want to hear about. */
export function meRoutes(db: Database, digests: DigestScheduler) {
  const mine = async (subject: string, roles: string[], regions: string[]) =>
    (await db.person.findUnique({ where: { email: subject } })) ??
    db.person.create({ data: { email: subject, roles, regions, source: 'sign-in' } });
  return [
    defineRoute({
      method: 'get',
      path: '/api/me',
      operationId: 'getMe',
      summary: 'Who I am to Baton, and my notice preferences',
      tag: 'People',
      permission: 'people:self',
      responses: { 200: { description: 'My person record', schema: personSchema } },
      async handle({ principal }) {
        return { status: 200, body: presentPerson(await mine(principal.subject, principal.roles, principal.regions)) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/me',
      operationId: 'updateMe',
      summary: 'Change my name, language, time zone or notice preferences',
      tag: 'People',
      permission: 'people:self',
      body: updateMeSchema,
      responses: { 200: { description: 'My person record', schema: personSchema } },
      async handle({ principal, body }) {
        await mine(principal.subject, principal.roles, principal.regions);
        const row = await db.person.update({
          where: { email: principal.subject },
          data: {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.language !== undefined ? { language: body.language } : {}),
            ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
            ...(body.preferences !== undefined ? { preferences: body.preferences } : {}),
            updatedAt: new Date(),
          },
        });
        await digests.schedule(row);
        return { status: 200, body: presentPerson(row) };
      },
    }),
  ];
}
