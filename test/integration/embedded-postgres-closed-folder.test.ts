import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresAccount } from '../../db/postgres-account';
import { startLocalDatabase } from '../../runtime/local-database';

// `npm start` run as root from a checkout under /root: the embedded PostgreSQL runs as the OS user
// postgres, which cannot enter /root, and initdb stopped the start with "Permission denied".
describe('local mode from a data folder the server account cannot enter', () => {
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-closed-home-'));
  const dataDir = path.join(closed, 'baton', 'data');
  const account = postgresAccount(() => undefined);

  afterAll(() => {
    const cluster = path.join(dataDir, 'postgresql');
    if (fs.lstatSync(cluster, { throwIfNoEntry: false })?.isSymbolicLink()) {
      fs.rmSync(fs.realpathSync(cluster), { recursive: true, force: true });
    }
    fs.rmSync(closed, { recursive: true, force: true });
  });

  it('keeps its cluster where the account can reach it, named from the data folder, across a restart', async () => {
    expect(fs.statSync(closed).mode & 0o007).toBe(0);
    const messages: string[] = [];
    const first = await startLocalDatabase(dataDir, (message) => messages.push(message));
    try {
      await query(first.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$before the restart$$)');
    } finally {
      await first.stop();
    }
    const second = await startLocalDatabase(dataDir, (message) => messages.push(message));
    try {
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'before the restart' }]);
    } finally {
      await second.stop();
    }
    const cluster = path.join(dataDir, 'postgresql');
    expect(fs.existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
    if (account) {
      expect(fs.lstatSync(cluster).isSymbolicLink()).toBe(true);
      expect(fs.realpathSync(cluster).startsWith('/var/lib/baton/postgresql-')).toBe(true);
      expect(messages.filter((message) => message.includes('cannot enter'))).toHaveLength(1);
    } else {
      // As a normal user the server runs as this process, which enters its own folders.
      expect(fs.lstatSync(cluster).isDirectory()).toBe(true);
    }
  });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results = await client.query(sql);
    return (Array.isArray(results) ? results.at(-1) : results).rows;
  } finally {
    await client.end();
  }
}
