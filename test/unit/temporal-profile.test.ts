import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../runtime/config';

/** Temporal's environment configuration (TOML profile and TEMPORAL_* variables) as Baton reads it. */
describe('the Temporal connection from envconfig', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, text);
    return at;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-profile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes a CA, a client certificate and a server name from TEMPORAL_TLS_* variables (mTLS)', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'CA'),
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CERT'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
    });
    const tls = config.temporal.tls;
    if (typeof tls !== 'object') throw new Error(`expected a TLS object, got ${String(tls)}`);
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe('CA');
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe('CERT');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe('KEY');
    expect(tls.serverNameOverride).toBe('frontend.temporal');
  });

  it('reads a TOML profile named by TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE, with variables over it', () => {
    const toml = file(
      'temporal.toml',
      `[profile.prod]
address = "prod.temporal:7233"
namespace = "baton-prod"
[profile.prod.tls]
client_cert_data = "CERT"
client_key_data = "KEY"
[profile.prod.grpc_meta]
x-team = "gtm"
`,
    );
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' });
    expect(config.temporal.address).toBe('prod.temporal:7233');
    expect(config.temporal.namespace).toBe('baton-prod');
    expect(config.temporal.metadata).toEqual({ 'x-team': 'gtm' });
    expect(typeof config.temporal.tls === 'object' && config.temporal.tls.clientCertPair).toBeTruthy();
    const overridden = loadConfig({
      TEMPORAL_CONFIG_FILE: toml,
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_NAMESPACE: 'other',
    });
    expect(overridden.temporal.namespace).toBe('other');
  });

  it("does not read Temporal's default file unless asked (a developer's CLI profile must not move local mode)", () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, '.config', 'temporalio'), { recursive: true });
    fs.writeFileSync(path.join(home, '.config', 'temporalio', 'temporal.toml'), '[profile.default]\naddress = "x:1"\n');
    expect(loadConfig({ HOME: home }).temporal.address).toBeUndefined();
    expect(loadConfig({ HOME: home, TEMPORAL_PROFILE: 'default' }).temporal.address).toBe('x:1');
  });

  it('keeps an API key on TLS, with or without a CA', () => {
    const ca = file('ca.pem', 'CA');
    const config = loadConfig({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca });
    expect(config.temporal.apiKey).toBe('k');
    expect(typeof config.temporal.tls).toBe('object');
    expect(loadConfig({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).temporal.tls).toBe(true);
  });

  it.each([
    [{ TEMPORAL_TLS_CLIENT_CERT_PATH: '/nowhere/client.pem' }, /TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read \/nowhere/],
    [{ TEMPORAL_CONFIG_FILE: '/nowhere/temporal.toml' }, /TEMPORAL_CONFIG_FILE: there is no file/],
  ])('names the variable whose file is missing: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses an unknown profile and a bad address in a profile, without echoing key data', () => {
    const toml = file('t.toml', '[profile.a]\naddress = "no port"\n[profile.a.tls]\nclient_key_data = "SECRET-KEY"\n');
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'b' })).toThrow(/Profile 'b' not found/);
    let message = '';
    try {
      loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'a' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/address in the Temporal profile: must be host:port/);
    expect(message).not.toContain('SECRET-KEY');
  });
});
