import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ConfigError,
  loadConfig,
  requireExternalServices,
  requireProductionAuth,
  type Config,
} from '../../runtime/config';

// Every test passes a plain object: process.env is never read or mutated here.

/** The error loadConfig throws for env; fails the test if it does not throw a ConfigError. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The variable names a ConfigError message blames, one per line ("  NAME: ..."). */
function blamed(error: ConfigError): string[] {
  return [...error.message.matchAll(/^ {2}([A-Z_]+):/gm)].map((match) => match[1]!);
}

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('listens on port 3000', () => {
    expect(config.port).toBe(3000);
  });

  it('uses the default namespace and the baton task queue, without TLS or API key', () => {
    expect(config.temporal).toEqual({
      address: undefined,
      namespace: 'default',
      taskQueue: 'baton',
      apiKey: undefined,
      tls: false,
      devServerPort: 7233,
      uiPort: 8233,
    });
  });

  it('resolves the default data dir to an absolute path', () => {
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toBe(path.resolve('data'));
  });

  it('runs in local mode: no database URL, no workflow bundle, info logging', () => {
    expect(config.databaseUrl).toBeUndefined();
    expect(config.workflowBundlePath).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it('has no authentication configured, leaves the dev login to the mode, allows no CORS origins and 600 requests a minute', () => {
    expect(config.auth).toEqual({
      jwtSecret: undefined,
      jwksUrl: undefined,
      issuer: undefined,
      audience: undefined,
      devLogin: undefined,
    });
    expect(config.corsOrigins).toEqual([]);
    expect(config.rateLimitPerMinute).toBe(600);
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/usr/bin', SOMETHING_ELSE: 'x' })).toEqual(config);
  });
});

describe('loadConfig with values set', () => {
  const SECRET = 'a-32-character-test-signing-key!';

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      API_HOST: '10.0.0.7',
      NODE_ENV: 'production',
      BATON_DATA_DIR: '/var/lib/baton',
      TEMPORAL_ADDRESS: 'temporal.example.com:7233',
      TEMPORAL_NAMESPACE: 'prod',
      TEMPORAL_TASK_QUEUE: 'baton-prod',
      TEMPORAL_TLS: 'true',
      TEMPORAL_DEV_SERVER_PORT: '17233',
      TEMPORAL_UI_PORT: '9000',
      DATABASE_URL: 'postgresql://baton:pw@db:5432/baton',
      WORKFLOW_BUNDLE_PATH: '/opt/baton/workflow-bundle.js',
      AUTH_JWT_SECRET: SECRET,
      AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      AUTH_JWT_ISSUER: 'https://idp.example.com/',
      AUTH_JWT_AUDIENCE: 'baton-api',
      AUTH_DEV_LOGIN: 'false',
      CORS_ORIGINS: 'https://ops.example.com,http://localhost:5173',
      RATE_LIMIT_PER_MINUTE: '120',
      RATE_LIMIT_FAILED_AUTH_PER_MINUTE: '12',
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
      LOG_LEVEL: 'debug',
      WORKER_HTTP_PORT: '9100',
      POC_PROVISIONING_WEBHOOK_URL: 'https://provisioner.example.com/trials?token=s3cret',
      POC_PROVISIONING_TIMEOUT_MS: '15000',
      POC_AUTO_APPROVE_BELOW_AMOUNT: '50000',
      RENEWAL_HEALTH_WEBHOOK_URL: 'https://usage.example.com/health?token=s3cret',
      RENEWAL_HEALTH_TIMEOUT_MS: '5000',
      SMTP_URL: 'smtps://baton:mailpw@smtp.example.com:465',
      MAIL_FROM: 'Baton <baton@example.com>',
      BOARD_URL: 'https://baton.example.com/',
    });
    expect(config).toEqual({
      port: 8080,
      apiHost: '10.0.0.7',
      workerHttp: { port: 9100, host: '0.0.0.0' },
      production: true,
      dataDir: '/var/lib/baton',
      temporal: {
        address: 'temporal.example.com:7233',
        namespace: 'prod',
        taskQueue: 'baton-prod',
        apiKey: undefined,
        tls: true,
        devServerPort: 17233,
        uiPort: 9000,
      },
      databaseUrl: 'postgresql://baton:pw@db:5432/baton',
      workflowBundlePath: '/opt/baton/workflow-bundle.js',
      auth: {
        jwtSecret: SECRET,
        jwksUrl: 'https://idp.example.com/.well-known/jwks.json',
        issuer: 'https://idp.example.com/',
        audience: 'baton-api',
        devLogin: false,
      },
      corsOrigins: ['https://ops.example.com', 'http://localhost:5173'],
      rateLimitPerMinute: 120,
      failedAuthPerMinute: 12,
      trustProxy: ['10.0.0.0/8', '192.168.1.1'],
      pocAutoApproveBelowAmount: 50000,
      pocProvisioning: { webhookUrl: 'https://provisioner.example.com/trials?token=s3cret', timeoutMs: 15000 },
      renewalHealth: { webhookUrl: 'https://usage.example.com/health?token=s3cret', timeoutMs: 5000 },
      mail: {
        smtpUrl: 'smtps://baton:mailpw@smtp.example.com:465',
        from: 'Baton <baton@example.com>',
        boardUrl: 'https://baton.example.com',
        secret: SECRET,
        catchDir: '/var/lib/baton/mail',
      },
      logLevel: 'debug',
      tracing: false,
    } satisfies Config);
  });

  it('resolves relative paths against the working directory', () => {
    const config = loadConfig({ BATON_DATA_DIR: 'state/here', WORKFLOW_BUNDLE_PATH: 'dist/bundle.js' });
    expect(config.dataDir).toBe(path.resolve('state/here'));
    expect(config.workflowBundlePath).toBe(path.resolve('dist/bundle.js'));
  });

  it.each(['postgres://h/db', 'postgresql://u:p@h:5432/db?sslmode=require'])('accepts DATABASE_URL %s', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it.each(['localhost:7233', '10.0.0.5:7233', 'my-ns.a1b2c.tmprl.cloud:7233'])(
    'accepts TEMPORAL_ADDRESS %s',
    (address) => {
      expect(loadConfig({ TEMPORAL_ADDRESS: address }).temporal.address).toBe(address);
    },
  );

  it('accepts TEMPORAL_TLS=false explicitly', () => {
    expect(loadConfig({ TEMPORAL_TLS: 'false' }).temporal.tls).toBe(false);
  });

  it('trims surrounding whitespace from optional text values', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: ' localhost:7233 ', TEMPORAL_API_KEY: ' key ' });
    expect(config.temporal.address).toBe('localhost:7233');
    expect(config.temporal.apiKey).toBe('key');
  });
});

describe('TEMPORAL_API_KEY', () => {
  it('implies TLS', () => {
    const config = loadConfig({ TEMPORAL_API_KEY: 'k-123' });
    expect(config.temporal.apiKey).toBe('k-123');
    expect(config.temporal.tls).toBe(true);
  });

  it('implies TLS even when TEMPORAL_TLS=false (an API key is never sent in clear)', () => {
    expect(loadConfig({ TEMPORAL_API_KEY: 'k-123', TEMPORAL_TLS: 'false' }).temporal.tls).toBe(true);
  });

  it('does not imply TLS when blank', () => {
    const config = loadConfig({ TEMPORAL_API_KEY: '   ' });
    expect(config.temporal.apiKey).toBeUndefined();
    expect(config.temporal.tls).toBe(false);
  });
});

describe('empty variables are treated as unset', () => {
  it.each(['TEMPORAL_ADDRESS', 'TEMPORAL_API_KEY', 'DATABASE_URL', 'WORKFLOW_BUNDLE_PATH'])('%s=""', (name) => {
    expect(loadConfig({ [name]: '' })).toEqual(loadConfig({}));
  });

  it.each([
    ['PORT', (config: Config) => config.port, 3000],
    ['TEMPORAL_UI_PORT', (config: Config) => config.temporal.uiPort, 8233],
    ['TEMPORAL_DEV_SERVER_PORT', (config: Config) => config.temporal.devServerPort, 7233],
  ] as const)('%s="" falls back to its default port', (name, read, expected) => {
    expect(read(loadConfig({ [name]: '' }))).toBe(expected);
    expect(read(loadConfig({ [name]: '  ' }))).toBe(expected);
  });

  it.each(['TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'TEMPORAL_TLS', 'LOG_LEVEL', 'BATON_DATA_DIR'])(
    '%s="" falls back to its default',
    (name) => {
      expect(loadConfig({ [name]: '' })).toEqual(loadConfig({}));
    },
  );
});

describe('TEMPORAL_ADDRESS forms', () => {
  it.each(['localhost:7233', '10.0.0.5:7233', 'ns.a1b2c.tmprl.cloud:7233', '[::1]:7233'])('accepts %s', (address) => {
    expect(loadConfig({ TEMPORAL_ADDRESS: address }).temporal.address).toBe(address);
  });
});

describe('loadConfig rejects bad values with a ConfigError naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '0x10'],
    ['PORT', '1e3'],
    ['TEMPORAL_ADDRESS', 'host:99999'],
    ['TEMPORAL_UI_PORT', '65536'],
    ['TEMPORAL_DEV_SERVER_PORT', 'seven'],
    ['TEMPORAL_ADDRESS', 'no-port'],
    ['TEMPORAL_ADDRESS', 'http://x:7233'],
    ['TEMPORAL_ADDRESS', 'host:'],
    ['DATABASE_URL', 'mysql://u:p@h/db'],
    ['DATABASE_URL', 'postgres://'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_LEVEL', 'INFO'],
    ['TEMPORAL_TLS', 'yes'],
    ['TEMPORAL_TLS', '1'],
  ])('%s=%s', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.name).toBe('ConfigError');
    expect(blamed(error)).toEqual([name]);
  });

  it('echoes a bad PORT value so the operator sees what was read', () => {
    expect(configError({ PORT: '70000' }).message).toContain('"70000"');
    expect(configError({ PORT: 'abc' }).message).toContain('"abc"');
  });

  it('says what a TEMPORAL_ADDRESS should look like', () => {
    expect(configError({ TEMPORAL_ADDRESS: 'no-port' }).message).toMatch(/host:port/);
  });

  it('names every bad variable in one message', () => {
    const error = configError({
      PORT: 'abc',
      TEMPORAL_ADDRESS: 'no-port',
      DATABASE_URL: 'mysql://u:p@h/db',
      LOG_LEVEL: 'loud',
      TEMPORAL_TLS: 'yes',
      TEMPORAL_NAMESPACE: 'fine',
    });
    expect(blamed(error).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'TEMPORAL_ADDRESS', 'TEMPORAL_TLS']);
  });
});

describe('secrets are never echoed', () => {
  it('does not echo a bad DATABASE_URL, which can carry a password', () => {
    const error = configError({ DATABASE_URL: 'mysql://u:s3cret@h/db' });
    expect(blamed(error)).toEqual(['DATABASE_URL']);
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('mysql://');
  });

  it('does not echo the API key or database URL when another variable is at fault', () => {
    const error = configError({
      PORT: 'abc',
      TEMPORAL_API_KEY: 'tk-sup3rsecret',
      DATABASE_URL: 'mysql://u:s3cret@h/db',
    });
    expect(error.message).toContain('"abc"');
    expect(error.message).not.toContain('sup3rsecret');
    expect(error.message).not.toContain('s3cret');
  });
});

describe('requireExternalServices', () => {
  const external = { TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgresql://u:p@db/baton' };

  function requireError(config: Config): ConfigError {
    try {
      requireExternalServices(config);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('requireExternalServices accepted the config');
  }

  it('passes when both TEMPORAL_ADDRESS and DATABASE_URL are set', () => {
    expect(() => requireExternalServices(loadConfig(external))).not.toThrow();
  });

  it('names both when neither is set', () => {
    const message = requireError(loadConfig({})).message;
    expect(message).toContain('TEMPORAL_ADDRESS');
    expect(message).toContain('DATABASE_URL');
  });

  it('names only TEMPORAL_ADDRESS when only it is missing', () => {
    const message = requireError(loadConfig({ DATABASE_URL: external.DATABASE_URL })).message;
    expect(message).toContain('TEMPORAL_ADDRESS');
    expect(message).not.toContain('DATABASE_URL');
  });

  it('names only DATABASE_URL when only it is missing', () => {
    const message = requireError(loadConfig({ TEMPORAL_ADDRESS: external.TEMPORAL_ADDRESS })).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('TEMPORAL_ADDRESS');
  });

  it('treats empty values as missing', () => {
    const message = requireError(loadConfig({ TEMPORAL_ADDRESS: '', DATABASE_URL: '' })).message;
    expect(message).toContain('TEMPORAL_ADDRESS');
    expect(message).toContain('DATABASE_URL');
  });
});

describe('authentication settings', () => {
  const SECRET = 'k'.repeat(32);

  it('reads AUTH_JWT_SECRET of 32 characters or more', () => {
    expect(loadConfig({ AUTH_JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
    expect(loadConfig({ AUTH_JWT_SECRET: `${SECRET}-and-more` }).auth.jwtSecret).toBe(`${SECRET}-and-more`);
  });

  it('rejects an AUTH_JWT_SECRET shorter than 32 characters without echoing it', () => {
    const error = configError({ AUTH_JWT_SECRET: 'short-but-s3cret-value-31-chars' });
    expect('short-but-s3cret-value-31-chars').toHaveLength(31);
    expect(blamed(error)).toEqual(['AUTH_JWT_SECRET']);
    expect(error.message).toMatch(/at least 32/);
    expect(error.message).not.toContain('s3cret');
  });

  it('does not echo AUTH_JWT_SECRET when another variable is at fault', () => {
    const error = configError({ PORT: 'abc', AUTH_JWT_SECRET: 'tiny-s3cret' });
    expect(blamed(error).sort()).toEqual(['AUTH_JWT_SECRET', 'PORT']);
    expect(error.message).toContain('"abc"');
    expect(error.message).not.toContain('tiny-s3cret');
  });

  it('treats an empty AUTH_JWT_SECRET as unset', () => {
    expect(loadConfig({ AUTH_JWT_SECRET: '' }).auth.jwtSecret).toBeUndefined();
  });

  it('reads the JWKS URL, issuer and audience', () => {
    const config = loadConfig({
      AUTH_JWKS_URL: 'https://idp.example.com/jwks',
      AUTH_JWT_ISSUER: 'https://idp.example.com/',
      AUTH_JWT_AUDIENCE: 'baton',
    });
    expect(config.auth).toEqual({
      jwtSecret: undefined,
      jwksUrl: 'https://idp.example.com/jwks',
      issuer: 'https://idp.example.com/',
      audience: 'baton',
      devLogin: undefined,
    });
  });

  it.each(['not a url', 'ftp://idp.example.com/jwks', 'idp.example.com/jwks'])('rejects AUTH_JWKS_URL %j', (url) => {
    expect(blamed(configError({ AUTH_JWKS_URL: url }))).toEqual(['AUTH_JWKS_URL']);
  });

  it.each([
    ['true', true],
    ['false', false],
  ] as const)('reads AUTH_DEV_LOGIN=%s as %s', (value, expected) => {
    expect(loadConfig({ AUTH_DEV_LOGIN: value }).auth.devLogin).toBe(expected);
  });

  it('leaves devLogin undefined when AUTH_DEV_LOGIN is unset or empty (the mode decides)', () => {
    expect(loadConfig({}).auth.devLogin).toBeUndefined();
    expect(loadConfig({ AUTH_DEV_LOGIN: '' }).auth.devLogin).toBeUndefined();
  });

  it.each(['yes', '1', 'TRUE', 'on'])('rejects AUTH_DEV_LOGIN=%s', (value) => {
    expect(blamed(configError({ AUTH_DEV_LOGIN: value }))).toEqual(['AUTH_DEV_LOGIN']);
  });
});

describe('CORS_ORIGINS', () => {
  it('reads a comma-separated list, trimming spaces', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
  });

  it('reads a single origin', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://ops.example.com:8443' }).corsOrigins).toEqual([
      'https://ops.example.com:8443',
    ]);
  });

  it('skips empty entries', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example,, ,https://b.example,' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('is empty when unset or empty', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
  });

  it.each([
    ['an origin with a path', 'https://a.example/path'],
    ['an origin with a trailing slash', 'https://a.example/'],
    ['an ftp origin', 'ftp://x'],
    ['a bare host', 'a.example'],
    ['a wildcard', '*'],
    ['one bad origin among good ones', 'https://a.example,https://b.example/app'],
  ])('rejects %s', (_what, value) => {
    // A value that is no URL at all is blamed twice (not a URL, not an origin); only CORS_ORIGINS is blamed.
    expect([...new Set(blamed(configError({ CORS_ORIGINS: value })))]).toEqual(['CORS_ORIGINS']);
  });

  it('says an origin has no path', () => {
    expect(configError({ CORS_ORIGINS: 'https://a.example/path' }).message).toMatch(/no path/);
  });
});

describe('RATE_LIMIT_PER_MINUTE', () => {
  it('defaults to 600', () => {
    expect(loadConfig({}).rateLimitPerMinute).toBe(600);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '' }).rateLimitPerMinute).toBe(600);
  });

  it.each([
    ['1', 1],
    ['60', 60],
    ['9999999', 9_999_999],
  ])('reads %s', (value, expected) => {
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: value }).rateLimitPerMinute).toBe(expected);
  });

  it.each(['0', 'abc', '-5', '2.5', '1e3', '10000000'])('rejects %j', (value) => {
    const error = configError({ RATE_LIMIT_PER_MINUTE: value });
    expect(blamed(error)).toEqual(['RATE_LIMIT_PER_MINUTE']);
    expect(error.message).toContain(JSON.stringify(value));
  });
});

describe('requireProductionAuth', () => {
  const SECRET = 'p'.repeat(40);

  function productionAuthError(env: NodeJS.ProcessEnv): ConfigError {
    try {
      requireProductionAuth(loadConfig(env));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error(`requireProductionAuth accepted ${JSON.stringify(env)}`);
  }

  it.each([
    ['a JWT secret', { AUTH_JWT_SECRET: SECRET }],
    ['a JWKS URL', { AUTH_JWKS_URL: 'https://idp.example.com/jwks' }],
    ['both', { AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://idp.example.com/jwks' }],
    ['a JWT secret and AUTH_DEV_LOGIN=false', { AUTH_JWT_SECRET: SECRET, AUTH_DEV_LOGIN: 'false' }],
  ])('passes with %s', (_what, env) => {
    expect(() => requireProductionAuth(loadConfig(env))).not.toThrow();
  });

  it('refuses to serve without real authentication, naming both ways to provide it', () => {
    const message = productionAuthError({}).message;
    expect(message).toContain('AUTH_JWT_SECRET or AUTH_JWKS_URL');
    expect(message).not.toContain('AUTH_DEV_LOGIN');
  });

  it('does not count an issuer or audience alone as authentication', () => {
    expect(
      productionAuthError({ AUTH_JWT_ISSUER: 'https://idp.example.com/', AUTH_JWT_AUDIENCE: 'baton' }).message,
    ).toContain('AUTH_JWT_SECRET or AUTH_JWKS_URL');
  });

  it('refuses the development login even with real authentication', () => {
    const message = productionAuthError({ AUTH_JWT_SECRET: SECRET, AUTH_DEV_LOGIN: 'true' }).message;
    expect(message).toContain('AUTH_DEV_LOGIN=true');
    expect(message).not.toContain('AUTH_JWT_SECRET or AUTH_JWKS_URL');
    expect(message).not.toContain(SECRET);
  });

  it('names both problems at once', () => {
    const message = productionAuthError({ AUTH_DEV_LOGIN: 'true' }).message;
    expect(message).toContain('AUTH_JWT_SECRET or AUTH_JWKS_URL');
    expect(message).toContain('AUTH_DEV_LOGIN=true');
  });
});

describe('POC settings', () => {
  it('leaves provisioning to people and auto-approval off when unset', () => {
    const config = loadConfig({});
    expect(config.pocProvisioning).toEqual({});
    expect(config.pocAutoApproveBelowAmount).toBeUndefined();
  });

  it('names the variable but never echoes a bad provisioning URL, which may carry a token', () => {
    expect(() => loadConfig({ POC_PROVISIONING_WEBHOOK_URL: 'ftp://s3cret@files.example' })).toThrow(
      /POC_PROVISIONING_WEBHOOK_URL/,
    );
    expect(() => loadConfig({ POC_PROVISIONING_WEBHOOK_URL: 'ftp://s3cret@files.example' })).not.toThrow(/s3cret/);
  });

  it.each(['-1', 'lots', '1e6'])('refuses POC_AUTO_APPROVE_BELOW_AMOUNT %j', (value) => {
    expect(() => loadConfig({ POC_AUTO_APPROVE_BELOW_AMOUNT: value })).toThrow(/POC_AUTO_APPROVE_BELOW_AMOUNT/);
  });
});

describe('renewal settings', () => {
  it('leaves health figures to people when no health source is set', () => {
    expect(loadConfig({}).renewalHealth).toEqual({});
  });

  it('names the variable but never echoes a bad health source URL, which may carry a token', () => {
    expect(() => loadConfig({ RENEWAL_HEALTH_WEBHOOK_URL: 'ftp://s3cret@usage.example' })).toThrow(
      /RENEWAL_HEALTH_WEBHOOK_URL/,
    );
    expect(() => loadConfig({ RENEWAL_HEALTH_WEBHOOK_URL: 'ftp://s3cret@usage.example' })).not.toThrow(/s3cret/);
  });

  it.each(['50', 'soon', '-1'])('refuses RENEWAL_HEALTH_TIMEOUT_MS %j', (value) => {
    expect(() => loadConfig({ RENEWAL_HEALTH_TIMEOUT_MS: value })).toThrow(/RENEWAL_HEALTH_TIMEOUT_MS/);
  });
});

describe('mail settings', () => {
  it('refuses a mail server URL that is not smtp and never echoes it', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://user:topsecret@mail.example.com' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'http://user:topsecret@mail.example.com' })).not.toThrow(/topsecret/);
  });

  it('links to the local board and catches mail in the data folder by default', () => {
    const { mail } = loadConfig({ PORT: '4000', BATON_DATA_DIR: '/tmp/baton-data' });
    expect(mail).toEqual({
      from: 'Baton <baton@localhost>',
      boardUrl: 'http://localhost:4000',
      catchDir: '/tmp/baton-data/mail',
    });
  });
});

describe('API_HOST and NODE_ENV', () => {
  it('leaves the listening address to the process by default, outside production', () => {
    expect(loadConfig({})).toMatchObject({ apiHost: undefined, production: false });
  });

  it.each(['127.0.0.1', '::1', '::', 'localhost', 'api.internal'])('accepts %s as API_HOST', (host) => {
    expect(loadConfig({ API_HOST: host }).apiHost).toBe(host);
  });

  it('refuses an API_HOST that is not a host name or address, naming it', () => {
    const error = configError({ API_HOST: 'http://0.0.0.0:3000' });
    expect(blamed(error)).toEqual(['API_HOST']);
    expect(error.message).toContain('"http://0.0.0.0:3000"');
  });

  it('is production when NODE_ENV=production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
  });
});

describe('TRUST_PROXY and RATE_LIMIT_FAILED_AUTH_PER_MINUTE', () => {
  it('trusts no proxy and allows 30 requests a minute without valid credentials by default', () => {
    expect(loadConfig({})).toMatchObject({ trustProxy: false, failedAuthPerMinute: 30 });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.0/8,fd00::/8', ['10.0.0.0/8', 'fd00::/8']],
  ])('reads TRUST_PROXY=%s', (value, trust) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(trust);
  });

  it('refuses a TRUST_PROXY it cannot read, naming it', () => {
    expect(blamed(configError({ TRUST_PROXY: 'yes please' }))).toEqual(['TRUST_PROXY']);
    expect(blamed(configError({ RATE_LIMIT_FAILED_AUTH_PER_MINUTE: '0' }))).toEqual([
      'RATE_LIMIT_FAILED_AUTH_PER_MINUTE',
    ]);
  });
});

describe('secrets given as files (<NAME>_FILE)', () => {
  const SECRET = 'a-32-character-test-signing-key!';
  let folder: string;
  /** A file in this block's folder holding text; its path. */
  const secretFile = (name: string, text: string) => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-secrets-'));
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('reads every secret setting from its file, without the trailing newline', () => {
    const config = loadConfig({
      DATABASE_URL_FILE: secretFile('database-url', 'postgresql://baton:pw@db:5432/baton\n'),
      TEMPORAL_API_KEY_FILE: secretFile('temporal-api-key', 'k-123\n'),
      AUTH_JWT_SECRET_FILE: secretFile('jwt', `${SECRET}\n`),
      NOTICE_SECRET_FILE: secretFile('notice', `${SECRET.toUpperCase()}\n`),
      SMTP_URL_FILE: secretFile('smtp', 'smtps://baton:mailpw@smtp.example.com:465\n'),
      NOTIFY_WEBHOOKS_FILE: secretFile('webhooks', 'ops=slack:https://hooks.example.com/T1/B2\n'),
      POC_PROVISIONING_WEBHOOK_URL_FILE: secretFile('provisioning', 'https://provisioner.example.com/?token=s3cret'),
      RENEWAL_HEALTH_WEBHOOK_URL_FILE: secretFile('health', 'https://usage.example.com/health?token=s3cret'),
    });
    expect(config.databaseUrl).toBe('postgresql://baton:pw@db:5432/baton');
    expect(config.temporal.apiKey).toBe('k-123');
    expect(config.temporal.tls).toBe(true);
    expect(config.auth.jwtSecret).toBe(SECRET);
    expect(config.mail.secret).toBe(SECRET.toUpperCase());
    expect(config.mail.smtpUrl).toBe('smtps://baton:mailpw@smtp.example.com:465');
    expect(config.notifyWebhooks).toEqual([{ name: 'ops', format: 'slack', url: 'https://hooks.example.com/T1/B2' }]);
    expect(config.pocProvisioning.webhookUrl).toBe('https://provisioner.example.com/?token=s3cret');
    expect(config.renewalHealth.webhookUrl).toBe('https://usage.example.com/health?token=s3cret');
  });

  it('reads the Temporal client key from its file (mTLS)', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----';
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.example.com:7233',
      TEMPORAL_TLS_CLIENT_CERT_DATA: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----',
      TEMPORAL_TLS_CLIENT_KEY_DATA_FILE: secretFile('client.key', `${key}\n`),
    });
    const tls = config.temporal.tls as { clientCertPair?: { key: Uint8Array } };
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe(key);
  });

  it('names the variable and the path of a missing file, and of an empty one', () => {
    const missing = path.join(folder, 'no-such-file');
    const error = configError({
      DATABASE_URL_FILE: missing,
      AUTH_JWT_SECRET_FILE: secretFile('empty', '\n'),
    });
    expect(blamed(error)).toEqual(['DATABASE_URL_FILE', 'AUTH_JWT_SECRET_FILE']);
    expect(error.message).toContain(`DATABASE_URL_FILE: cannot read the file ${missing} (ENOENT)`);
    expect(error.message).toContain(`AUTH_JWT_SECRET_FILE: the file ${path.join(folder, 'empty')} is empty`);
  });

  it('refuses a secret set both ways, echoing neither value', () => {
    const error = configError({
      SMTP_URL: 'smtp://u:plain-password@smtp.example.com',
      SMTP_URL_FILE: secretFile('smtp-both', 'smtp://u:file-password@smtp.example.com'),
    });
    expect(blamed(error)).toEqual(['SMTP_URL_FILE']);
    expect(error.message).toContain('SMTP_URL is set as well; set only one of them');
    expect(error.message).not.toMatch(/password/);
  });

  it('validates a value read from a file like any other, without echoing it', () => {
    const error = configError({ AUTH_JWT_SECRET_FILE: secretFile('short', 'too-short-secret') });
    expect(blamed(error)).toEqual(['AUTH_JWT_SECRET']);
    expect(error.message).not.toContain('too-short-secret');
  });

  it('treats an empty <NAME>_FILE as unset, and has no _FILE form for settings that are not secret', () => {
    expect(loadConfig({ DATABASE_URL_FILE: '' }).databaseUrl).toBeUndefined();
    expect(loadConfig({ PORT_FILE: secretFile('port', '8080') }).port).toBe(3000);
  });
});
