import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { webBoard } from '../../api/admin/web-board';
import { problemErrorHandler, routeNotFound } from '../../api/http/error-handler';
import { createLogger } from '../../runtime/logger';

describe('the web board’s source maps', () => {
  const built = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-board-maps-'));
  fs.mkdirSync(path.join(built, 'assets'));
  fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Baton</title>');
  fs.writeFileSync(path.join(built, 'assets', 'index-abc.js'), 'console.log(1)\n//# sourceMappingURL=index-abc.js.map');
  fs.writeFileSync(path.join(built, 'assets', 'index-abc.js.map'), '{"version":3,"sources":["web/src/secret.tsx"]}');
  const servers: Server[] = [];

  async function serve(options: { serveSourceMaps?: boolean }): Promise<string> {
    const app = express();
    app.use(webBoard({ dir: built, ...options }));
    app.use(routeNotFound);
    app.use(problemErrorHandler(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  afterAll(() => {
    for (const server of servers) server.close();
    fs.rmSync(built, { recursive: true, force: true });
  });

  it('are not served by default (production): a plain 404 that shows nothing of the sources', async () => {
    const url = await serve({});
    const map = await fetch(`${url}/assets/index-abc.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.tsx');
    expect((await fetch(`${url}/assets/index-abc.js`)).status).toBe(200);
  });

  it('are served when asked for (local development)', async () => {
    const url = await serve({ serveSourceMaps: true });
    const map = await fetch(`${url}/assets/index-abc.js.map`);
    expect(map.status).toBe(200);
    expect(await map.text()).toContain('secret.tsx');
  });
});

describe('the web board under a dot-folder', () => {
  // Installed under ~/.local or checked out under a .something folder: the app page must still be served.
  const built = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-board-')), '.hidden', 'web');
  fs.mkdirSync(path.join(built, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Baton</title>');
  let server: Server;

  afterAll(() => server?.close());

  it('serves the app for client routes', async () => {
    const app = express();
    app.use(webBoard({ dir: built }));
    app.use(routeNotFound);
    app.use(problemErrorHandler(createLogger('silent')));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const page = await fetch(`${url}/launches`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Baton</title>');
  });
});
