import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eventually, requestJson } from '../helpers/baton-harness';
import { startLocalMode } from '../helpers/local-mode';

// `npm start` as a user runs it: one process tree with the Temporal dev server, the
// embedded Postgres, the worker and the API; Ctrl-C stops all of it; a restart on
// the same data folder finds everything where it was.
describe('local all-in-one mode (npm start)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-local-'));
  // mkdtemp makes it private; run as root, the embedded PostgreSQL runs as the OS user postgres, which must enter it.
  fs.chmodSync(dataDir, 0o755);

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const startLocal = () => startLocalMode(dataDir);

  it('serves the slice, shuts down cleanly on SIGINT and keeps its state across a restart', async () => {
    const first = await startLocal();
    // The development login is what a new user reaches for first (README).
    const login = await requestJson(first.apiUrl, 'POST', '/api/dev/login', {
      subject: 'ops@local',
      roles: ['ops_manager'],
    });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${login.body.token}` };
    const created = await requestJson(
      first.apiUrl,
      'POST',
      '/api/launches',
      { launchId: 'local', productName: 'Local', launchDate: '2030-05-01' },
      auth,
    );
    expect(created.status).toBe(201);
    expect(
      (
        await requestJson(
          first.apiUrl,
          'POST',
          '/api/launches/local/items/demand-research/complete',
          { link: 'https://wiki.example/r' },
          auth,
        )
      ).status,
    ).toBe(200);
    expect((await fetch(`http://localhost:${first.uiPort}/`)).status).toBe(200);
    // Its development login lets anyone sign in as anyone, so only this machine reaches it.
    const apiPort = Number(new URL(first.apiUrl).port);
    expect(await isListening(apiPort, lanAddress())).toBe(false);

    first.child.kill('SIGINT');
    const stopped = await first.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/Temporal UI\s+http:\/\/localhost:\d+/);
    expect(stopped.stdout).toMatch(/Board\s+http:\/\/127\.0\.0\.1:\d+\//);
    const postgresPort = Number(/127\.0\.0\.1:(\d+)\/postgres/.exec(stopped.stdout)?.[1]);
    for (const port of [first.temporalPort, first.uiPort, postgresPort, Number(new URL(first.apiUrl).port)]) {
      expect(await isListening(port)).toBe(false);
    }

    const second = await startLocal();
    try {
      // The development secret is kept in the data folder, so a token from before the restart still works.
      const live = await requestJson(second.apiUrl, 'GET', '/api/launches/local', undefined, auth);
      expect(live.status).toBe(200);
      expect(live.body.items.find((item: { key: string }) => item.key === 'demand-research')).toMatchObject({
        status: 'done',
        completedBy: 'ops@local',
      });
      // The read model is eventually consistent: a change made just before Ctrl-C is projected by the restarted worker.
      const listed = await eventually(
        () => requestJson(second.apiUrl, 'GET', '/api/launches', undefined, auth),
        (response) => response.body.items[0]?.itemsDone === 1,
        30_000,
      );
      expect(listed.body.items).toEqual([expect.objectContaining({ launchId: 'local', itemsDone: 1 })]);
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    }
  });
});

function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** This machine's address on its network, where other machines would connect. */
function lanAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find((candidate) => candidate && candidate.family === 'IPv4' && !candidate.internal);
  if (!address) throw new Error('this test needs a network interface besides loopback');
  return address.address;
}
