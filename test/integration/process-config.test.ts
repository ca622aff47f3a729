import { collectUntilExit, spawnEntryPoint } from '../helpers/processes';

// Configuration is validated before anything starts: a wrong value stops the
// process with a message naming the variable, and never with a stack trace.
describe('process configuration', () => {
  it('stops the API on a bad PORT, naming the variable and the value', async () => {
    const result = await collectUntilExit(
      spawnEntryPoint('api.ts', {
        PORT: 'eighty',
        TEMPORAL_ADDRESS: 'localhost:7233',
        DATABASE_URL: 'postgresql://localhost/baton',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+PORT: .*\(got "eighty"\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to serve the production API without real authentication, or with the development login', async () => {
    const services = { TEMPORAL_ADDRESS: 'localhost:7233', DATABASE_URL: 'postgresql://localhost/baton' };
    const unauthenticated = await collectUntilExit(spawnEntryPoint('api.ts', services));
    expect(unauthenticated.code).toBe(1);
    expect(unauthenticated.stderr).toMatch(/AUTH_JWT_SECRET or AUTH_JWKS_URL is required/);

    const devLogin = await collectUntilExit(
      spawnEntryPoint('api.ts', {
        ...services,
        AUTH_JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
        AUTH_DEV_LOGIN: 'true',
      }),
    );
    expect(devLogin.code).toBe(1);
    expect(devLogin.stderr).toMatch(/AUTH_DEV_LOGIN=true is for local mode/);
    expect(devLogin.stderr).not.toContain('a-production-secret');
  });

  it('stops the worker when it has no Temporal server or database to use', async () => {
    const result = await collectUntilExit(spawnEntryPoint('worker.ts', {}));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TEMPORAL_ADDRESS is required/);
    expect(result.stderr).toMatch(/DATABASE_URL is required/);
  });

  it('stops local mode on a bad DATABASE_URL without echoing its credentials', async () => {
    const result = await collectUntilExit(
      spawnEntryPoint('start.ts', { DATABASE_URL: 'mysql://ops:s3cret@db.internal/baton', TEMPORAL_ADDRESS: 'nope' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgres/);
    expect(result.stderr).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
    expect(result.stderr).not.toContain('s3cret');
  });

  it('stops the worker on a secret file it cannot read, naming the variable and the path', async () => {
    const result = await collectUntilExit(
      spawnEntryPoint('worker.ts', {
        TEMPORAL_ADDRESS: 'localhost:7233',
        DATABASE_URL_FILE: '/run/secrets/no-such-database-url',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Invalid configuration:\n\s+DATABASE_URL_FILE: cannot read the file \/run\/secrets\/no-such-database-url \(ENOENT\)/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
