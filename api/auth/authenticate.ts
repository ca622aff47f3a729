import type { RequestHandler } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Database } from '../../db/prisma';
import type { Said } from '../../domain/shared/text';
import { apiSays } from '../http/api-text';
import { Problem } from '../http/problem';
import { PORTAL_SESSION_PREFIX, refusePortalSessionOnStaffRoute } from '../portal/sessions';
import { API_TOKEN_PREFIX, principalForApiToken } from './api-tokens';
import { identityClaimsSchema, type Principal } from './principal';

export interface AuthSettings {
  /** HS256 shared secret for JWTs (also what the development login signs with). */
  jwtSecret?: string;
  /** JWKS endpoint of an identity provider, for RS256/ES256 JWTs. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** Resolves `Authorization: Bearer <JWT | API token>` to a principal in res.locals, or answers 401. */
export function authenticate(settings: AuthSettings, db: Database): RequestHandler {
  const verifyJwt = jwtVerifier(settings);
  const verified = new VerifiedTokens();
  return async (req, res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token) throw unauthorized(apiSays('api.unauthorized.no-token'));
    if (token.startsWith(PORTAL_SESSION_PREFIX)) await refusePortalSessionOnStaffRoute(db, token);
    const principal = token.startsWith(API_TOKEN_PREFIX)
      ? await principalForApiToken(db, token)
      : (verified.get(token) ?? verified.keep(token, await verifyJwt(token)));
    if (!principal) throw unauthorized(apiSays('api.unauthorized.unknown-token'));
    res.locals.principal = principal;
    next();
  };
}

/** A verified JWT is trusted this long without checking its signature again (a key dropped from the JWKS too). */
const TRUST_VERIFIED_MS = 60_000;
/** Tokens remembered at most; past it the memory starts over. */
const MAX_VERIFIED = 10_000;

/**
 * JWTs verified lately, by their exact text (signature included), until they expire or for a minute:
 * a caller sends the same token on every request, and its signature check was a cryptographic job
 * per request (100-400 ms waiting for one under 16 concurrent starts on two busy cores).
 */
class VerifiedTokens {
  private readonly tokens = new Map<string, { principal: Principal; until: number }>();

  get(token: string): Principal | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    if (Date.now() < entry.until) return entry.principal;
    this.tokens.delete(token);
    return undefined;
  }

  keep(token: string, verified: { principal: Principal; expiresAt?: number } | undefined): Principal | undefined {
    if (!verified) return undefined;
    if (this.tokens.size >= MAX_VERIFIED) this.tokens.clear();
    const until = Math.min(verified.expiresAt ?? Infinity, Date.now() + TRUST_VERIFIED_MS);
    this.tokens.set(token, { principal: verified.principal, until });
    return verified.principal;
  }
}

function jwtVerifier(
  settings: AuthSettings,
): (token: string) => Promise<{ principal: Principal; expiresAt?: number } | undefined> {
  const options = { issuer: settings.issuer, audience: settings.audience };
  const secret = settings.jwtSecret ? new TextEncoder().encode(settings.jwtSecret) : undefined;
  const jwks: JWTVerifyGetKey | undefined = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl))
    : undefined;
  return async (token) => {
    for (const verify of [
      secret && (() => jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })),
      jwks && (() => jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC_ALGORITHMS })),
    ]) {
      if (!verify) continue;
      try {
        const { payload } = await verify();
        const claims = identityClaimsSchema.safeParse(payload);
        if (!claims.success)
          throw unauthorized(
            `The token's claims are not usable: ${claims.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
          );
        return {
          principal: { subject: claims.data.sub, roles: claims.data.roles, regions: claims.data.regions, via: 'jwt' },
          expiresAt: payload.exp === undefined ? undefined : payload.exp * 1000,
        };
      } catch (error) {
        if (error instanceof Problem) throw error;
        if (!(error instanceof joseErrors.JOSEError)) throw error;
      }
    }
    return undefined;
  };
}

function unauthorized(detail: string | Said): Problem {
  return new Problem(401, 'Unauthorized', detail, {}, undefined, { 'WWW-Authenticate': 'Bearer' });
}
