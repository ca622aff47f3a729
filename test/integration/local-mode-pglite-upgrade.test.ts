import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { applyMigrations } from '../../db/migrate';
import { startPglite } from '../../db/pglite';
import { runBaton } from '../../runtime/baton';
import { localDevJwtSecret } from '../../runtime/dev-auth';
import { createLogger } from '../../runtime/logger';
import { eventually, requestJson, testApiSettings } from '../helpers/baton-harness';
import { freePort, startLocalMode } from '../helpers/local-mode';
import { temporalCliExecutable, workflowBundlePath } from '../helpers/test-env';

// Up to this version `npm start` kept its read model in PGlite under <data>/postgres/. A user's data
// folder from then must come across to the embedded PostgreSQL on the first start of this version,
// with its runs (Temporal's state, untouched) and its read model (moved) intact, and the PGlite
// folder kept as a backup.
describe('a data folder made by the PGlite local mode of the earlier version', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-pglite-upgrade-'));
  // mkdtemp makes it private; run as root, the embedded PostgreSQL runs as the OS user postgres, which must enter it.
  fs.chmodSync(dataDir, 0o755);

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('moves into the embedded PostgreSQL on the first start with its runs and read model intact', async () => {
    const [temporalPort, uiPort] = await Promise.all([freePort(), freePort()]);
    const { auth, launchList, launch } = await withEarlierLocalMode(dataDir, temporalPort);

    const { child, exited, apiUrl } = await startLocalMode(dataDir, { temporalPort, uiPort });
    try {
      // The development secret stayed in the data folder: the earlier token still signs in.
      expect((await requestJson(apiUrl, 'GET', '/api/launches', undefined, auth)).body).toEqual(launchList);
      expect((await requestJson(apiUrl, 'GET', '/api/launches/legacy', undefined, auth)).body).toEqual(launch);

      // The run goes on where it was, and its projection now lands in PostgreSQL.
      const completed = await requestJson(
        apiUrl,
        'POST',
        '/api/launches/legacy/items/scenario-positioning/complete',
        { note: 'Mid-market CRM' },
        auth,
      );
      expect(completed.status).toBe(200);
      await eventually(
        () => requestJson(apiUrl, 'GET', '/api/launches', undefined, auth),
        (response) => JSON.stringify(response.body) !== JSON.stringify(launchList),
        30_000,
      );
    } finally {
      child.kill('SIGTERM');
    }
    const finished = await exited;
    expect(finished.code).toBe(0);
    const output = finished.stdout + finished.stderr;
    expect(output).toContain('This data folder was made by an earlier Baton, on PGlite');
    expect(output).toMatch(/1\/4 dumping the PGlite database[\s\S]*2\/4[\s\S]*3\/4[\s\S]*all \d+ tables match/);
    expect(output).toMatch(/embedded PostgreSQL, data in .*postgresql/);

    // Kept, not replaced: the PGlite folder as the backup, the dump beside it, the cluster in its own folder.
    expect(fs.existsSync(path.join(dataDir, 'postgres.pglite-backup', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'pglite-dump.sql'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postgresql', 'PG_VERSION'))).toBe(true);
  });
});

/**
 * What the earlier `npm start` ran, part for part: the Temporal dev server with its state in
 * <data>/temporal.sqlite, PGlite in <data>/postgres/, the migrations, and the worker and API (one
 * database connection) with the development login. A launch is started and an item completed,
 * then everything is stopped, as a user's Ctrl-C did.
 */
async function withEarlierLocalMode(dataDir: string, temporalPort: number) {
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: temporalCliExecutable(),
      ip: '127.0.0.1',
      port: temporalPort,
      dbFilename: path.join(dataDir, 'temporal.sqlite'),
    },
  });
  const pglite = await startPglite({ dataDir: path.join(dataDir, 'postgres') });
  try {
    await applyMigrations(pglite.url);
    const baton = await runBaton({
      temporal: { address: temporal.address, namespace: 'default', tls: false },
      taskQueue: 'baton',
      databaseUrl: pglite.url,
      dbMaxConnections: 1,
      logger: createLogger('silent'),
      apiPort: 0,
      api: testApiSettings({ auth: { jwtSecret: localDevJwtSecret(dataDir) }, devLogin: true }),
      runWorker: true,
      workflowBundlePath: workflowBundlePath(),
    });
    try {
      const apiUrl = baton.apiUrl!;
      const login = await requestJson(apiUrl, 'POST', '/api/dev/login', {
        subject: 'ops@local',
        roles: ['ops_manager'],
      });
      const auth = { authorization: `Bearer ${login.body.token}` };
      const created = await requestJson(
        apiUrl,
        'POST',
        '/api/launches',
        { launchId: 'legacy', productName: 'Legacy', launchDate: '2030-05-01' },
        auth,
      );
      expect(created.status).toBe(201);
      const done = await requestJson(
        apiUrl,
        'POST',
        '/api/launches/legacy/items/demand-research/complete',
        { link: 'https://wiki.example/r' },
        auth,
      );
      expect(done.status).toBe(200);
      const launchList = (
        await eventually(
          () => requestJson(apiUrl, 'GET', '/api/launches', undefined, auth),
          (response) => response.body.items[0]?.itemsDone === 1,
          30_000,
        )
      ).body;
      const launch = (await requestJson(apiUrl, 'GET', '/api/launches/legacy', undefined, auth)).body;
      return { auth, launchList, launch };
    } finally {
      await baton.stop();
    }
  } finally {
    await pglite.stop();
    await temporal.teardown();
  }
}
