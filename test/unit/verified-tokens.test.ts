import type { Request, Response } from 'express';
import { SignJWT } from 'jose';
import { authenticate } from '../../api/auth/authenticate';
import type { Principal } from '../../api/auth/principal';
import type { Database } from '../../db/prisma';

const SECRET = 'unit-test-secret-for-verified-tokens';

/** Runs the middleware once for `token`: the principal it set, or the status of what it threw. */
async function authenticateWith(middleware: ReturnType<typeof authenticate>, token: string) {
  const req = { get: (name: string) => (name.toLowerCase() === 'authorization' ? `Bearer ${token}` : undefined) };
  const res = { locals: {} as { principal?: Principal } };
  try {
    await middleware(req as unknown as Request, res as unknown as Response, () => undefined);
    return res.locals.principal?.subject;
  } catch (error) {
    return (error as { status?: number }).status;
  }
}

describe('authenticate remembers verified JWTs', () => {
  afterEach(() => jest.useRealTimers());

  it('accepts a remembered token until it expires, and refuses it afterwards', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
    const middleware = authenticate({ jwtSecret: SECRET }, {} as Database);
    const token = await new SignJWT({ roles: ['read_only'], regions: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('rita@hq.example')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 30)
      .sign(new TextEncoder().encode(SECRET));
    expect(await authenticateWith(middleware, token)).toBe('rita@hq.example');
    jest.setSystemTime(new Date('2026-12-05T10:00:20Z'));
    expect(await authenticateWith(middleware, token)).toBe('rita@hq.example');
    jest.setSystemTime(new Date('2026-12-05T10:00:31Z'));
    expect(await authenticateWith(middleware, token)).toBe(401);
  });

  it('remembers only the exact token: a changed signature is checked and refused', async () => {
    const middleware = authenticate({ jwtSecret: SECRET }, {} as Database);
    const token = await new SignJWT({ roles: ['read_only'], regions: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('rita@hq.example')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect(await authenticateWith(middleware, token)).toBe('rita@hq.example');
    const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await authenticateWith(middleware, forged)).toBe(401);
  });
});
