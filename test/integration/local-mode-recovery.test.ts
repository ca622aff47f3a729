import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localDatabaseFolders } from '../../db/pglite-migration';
import { eventually, requestJson } from '../helpers/baton-harness';
import { freePort } from '../helpers/local-mode';
import { collectUntilExit, spawnEntryPoint, waitForOutput } from '../helpers/processes';
import { temporalCliExecutable, workflowBundlePath } from '../helpers/test-env';

// `npm start` on a data folder that lost its database: the runs live on in Temporal, so the read
// model is rebuilt from them; a database folder that cannot be opened stops the start, naming it.
describe('local mode on a damaged data folder', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-local-recovery-'));
  // mkdtemp makes it private; run as root, the embedded PostgreSQL runs as the OS user postgres, which must enter it.
  fs.chmodSync(dataDir, 0o755);
  const postgresDir = localDatabaseFolders(dataDir).postgres;

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function spawnLocal() {
    const [apiPort, temporalPort, uiPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const cli = temporalCliExecutable();
    const child = spawnEntryPoint('start.ts', {
      BATON_DATA_DIR: dataDir,
      PORT: String(apiPort),
      TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      ...(cli.type === 'existing-path' ? { TEMPORAL_CLI_PATH: cli.path } : {}),
    });
    return { child, exited: collectUntilExit(child), apiUrl: `http://localhost:${apiPort}` };
  }

  it('rebuilds the lists from Temporal when the database folder was emptied', async () => {
    const first = await spawnLocal();
    await waitForOutput(first.child, 'Baton is ready', 90_000);
    const login = await requestJson(first.apiUrl, 'POST', '/api/dev/login', {
      subject: 'ops@local',
      roles: ['ops_manager'],
    });
    const auth = { authorization: `Bearer ${login.body.token}` };
    const start = { launchId: 'kept', productName: 'Kept', launchDate: '2030-05-01' };
    expect((await requestJson(first.apiUrl, 'POST', '/api/launches', start, auth)).status).toBe(201);
    await eventually(
      () => requestJson(first.apiUrl, 'GET', '/api/launches', undefined, auth),
      (response) => response.body.items.length === 1,
    );
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    fs.rmSync(postgresDir, { recursive: true, force: true });

    const second = await spawnLocal();
    try {
      await waitForOutput(second.child, 'Baton is ready', 90_000);
      const listed = await eventually(
        () => requestJson(second.apiUrl, 'GET', '/api/launches', undefined, auth),
        (response) => response.body.items.length === 1,
        30_000,
      );
      expect(listed.body.items).toEqual([expect.objectContaining({ launchId: 'kept', status: 'active' })]);
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    }
  });

  it('refuses to start on a database folder it cannot open, naming the folder', async () => {
    // The cluster the first test left, with its version file damaged.
    expect(fs.existsSync(path.join(postgresDir, 'PG_VERSION'))).toBe(true);
    fs.writeFileSync(path.join(postgresDir, 'PG_VERSION'), 'not a version\n');

    // A port picked free here can be taken by a parallel test's server before this one binds it: pick again.
    let finished = await (await spawnLocal()).exited;
    for (let attempt = 1; attempt < 3 && finished.stderr.includes('is already in use'); attempt++) {
      finished = await (await spawnLocal()).exited;
    }
    expect(finished.code).not.toBe(0);
    expect(finished.stderr).toContain(`the embedded database in ${postgresDir} cannot be opened`);
    expect(finished.stdout).not.toContain('Baton is ready');
  });
});
