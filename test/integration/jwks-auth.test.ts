import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startBatonStack, type BatonStack } from '../helpers/baton-harness';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const ISSUER = 'https://login.example.com/';
const AUDIENCE = 'baton-api';

// Production wiring: the API verifies RS256 tokens against an identity provider's JWKS endpoint.
describe('bearer JWTs verified against a JWKS endpoint', () => {
  let stack: BatonStack;
  let jwks: http.Server;
  let privateKey: SigningKey;
  let strangerKey: SigningKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    stack = await startBatonStack('pglite', { api: { auth: { jwksUrl, issuer: ISSUER, audience: AUDIENCE } } });
  });

  afterAll(async () => {
    await stack?.stop();
    jwks?.close();
  });

  function token(claims: { iss?: string; aud?: string; roles?: string[] }, key: SigningKey = privateKey) {
    return new SignJWT({ roles: claims.roles ?? ['ops_manager'], regions: [] })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('idp-user@example.com')
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setExpirationTime('5m')
      .sign(key);
  }

  it('accepts a token the identity provider signed, acting as its subject', async () => {
    const started = await stack.request(
      'POST',
      '/api/launches',
      { launchId: 'idp', productName: 'IdP', launchDate: '2030-01-01' },
      { as: await token({}) },
    );
    expect(started.status).toBe(201);
    const done = await stack.request(
      'POST',
      '/api/launches/idp/items/demand-research/complete',
      { link: 'https://wiki.example/r' },
      { as: await token({}) },
    );
    expect(done.body.items.find((item: { key: string }) => item.key === 'demand-research').completedBy).toBe(
      'idp-user@example.com',
    );
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example.com/' }],
    ['another audience', { aud: 'someone-else' }],
  ])('refuses a token for %s', async (_what, claims) => {
    expect((await stack.request('GET', '/api/launches', undefined, { as: await token(claims) })).status).toBe(401);
  });

  it('refuses a token signed by another key, and the shared-secret kind it was not configured for', async () => {
    expect((await stack.request('GET', '/api/launches', undefined, { as: await token({}, strangerKey) })).status).toBe(
      401,
    );
    expect((await stack.request('GET', '/api/launches')).status).toBe(401);
  });
});
