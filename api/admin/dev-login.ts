import { SignJWT } from 'jose';
import { z } from 'zod';
import { regionSchema, roleSchema } from '../auth/principal';
import { defineRoute } from '../http/route';

const TOKEN_LIFETIME = '12h';

/**
 * Local mode only: hands out a signed JWT for any identity, so the board and curl work
 * without an identity provider. Never mounted when Baton runs as the production API.
 */
export function devLoginRoutes(jwtSecret: string) {
  const key = new TextEncoder().encode(jwtSecret);
  return [
    defineRoute({
      method: 'post',
      path: '/api/dev/login',
      operationId: 'devLogin',
      summary: 'Development login (local mode only)',
      tag: 'Development',
      permission: 'public',
      body: z
        .strictObject({
          subject: z.string().trim().min(1).max(200).default('dev@localhost'),
          roles: z.array(roleSchema).min(1).max(10).default(['admin']),
          regions: z.array(regionSchema).max(50).default([]),
        })
        .meta({ id: 'DevLogin' }),
      responses: {
        200: {
          description: 'A bearer token for the identity asked for',
          schema: z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.string() }),
        },
      },
      async handle({ body }) {
        const token = await new SignJWT({ roles: body.roles, regions: body.regions })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(body.subject)
          .setIssuedAt()
          .setExpirationTime(TOKEN_LIFETIME)
          .sign(key);
        return { status: 200, body: { token, tokenType: 'Bearer' as const, expiresIn: TOKEN_LIFETIME } };
      },
    }),
  ];
}
