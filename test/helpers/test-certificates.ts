import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** PEM files a test's own CA signed; `stranger*` are signed by a second CA the server does not trust. */
export interface TestCertificates {
  dir: string;
  caFile: string;
  /** For 127.0.0.1 and localhost; usable as a client certificate too (the server's own tools use it). */
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  strangerCertFile: string;
  strangerKeyFile: string;
  remove(): void;
}

/**
 * A CA, a server certificate and client certificates made with OpenSSL (present on every Debian
 * machine), valid for two days: what an operator issues for mTLS, on a smaller scale.
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-certs-'));
  const at = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => execFileAsync('openssl', args, { cwd: dir });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  const makeCa = async (name: string) => {
    await openssl([
      'req',
      '-x509',
      ...key,
      '-keyout',
      at(`${name}.key`),
      '-out',
      at(`${name}.pem`),
      '-days',
      '2',
      '-subj',
      `/CN=Baton test ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  };
  const issue = async (name: string, ca: string, subject: string, extensions: string) => {
    fs.writeFileSync(at(`${name}.ext`), extensions);
    await openssl(['req', ...key, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', subject]);
    await openssl([
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at(`${ca}.pem`),
      '-CAkey',
      at(`${ca}.key`),
      '-CAcreateserial',
      '-out',
      at(`${name}.pem`),
      '-days',
      '2',
      '-extfile',
      at(`${name}.ext`),
    ]);
  };
  const leaf = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n';

  await makeCa('ca');
  await makeCa('stranger-ca');
  await issue(
    'server',
    'ca',
    '/CN=localhost',
    `${leaf}extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n`,
  );
  await issue('client', 'ca', '/CN=baton', `${leaf}extendedKeyUsage=clientAuth\n`);
  await issue('stranger', 'stranger-ca', '/CN=baton', `${leaf}extendedKeyUsage=clientAuth\n`);

  return {
    dir,
    caFile: at('ca.pem'),
    serverCertFile: at('server.pem'),
    serverKeyFile: at('server.key'),
    clientCertFile: at('client.pem'),
    clientKeyFile: at('client.key'),
    strangerCertFile: at('stranger.pem'),
    strangerKeyFile: at('stranger.key'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
