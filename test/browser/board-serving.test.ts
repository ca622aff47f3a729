import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { problemErrorHandler, routeNotFound } from '../../api/http/error-handler';
import { corsAllowList } from '../../api/http/hardening';
import { webBoard } from '../../api/admin/web-board';
import { createLogger } from '../../runtime/logger';

/** The board's files on a server mounted as the API mounts them: the board, then the API's 404. */
async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(corsAllowList(['https://bi.example.com']));
  app.get('/api/known', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(webBoard({ dir }));
  app.use(routeNotFound);
  app.use(problemErrorHandler(createLogger('silent')));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

describe('serving the web board', () => {
  const built = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-board-'));
  fs.mkdirSync(path.join(built, 'assets'));
  fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Baton</title><div id="root"></div>');
  fs.writeFileSync(path.join(built, 'assets', 'index-abc123.js'), 'console.log("board")');
  let site: { url: string; server: Server };

  beforeAll(async () => {
    site = await serve(built);
  });
  afterAll(() => {
    site.server.close();
    fs.rmSync(built, { recursive: true, force: true });
  });

  it('answers client-side routes with the app, revalidated on every load', async () => {
    for (const route of ['/', '/tasks', '/launches/crm-v2', '/pocs/poc%3Aacme%3AOPP-1']) {
      const response = await fetch(`${site.url}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for good, and a missing one as a plain 404, not the app', async () => {
    const asset = await fetch(`${site.url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const missing of ['/assets/index-old.js', '/favicon.ico']) {
      const response = await fetch(`${site.url}${missing}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('<div id="root">');
    }
  });

  it('leaves /api to the API: unknown API paths stay problem+json 404s, whatever the method', async () => {
    expect(await (await fetch(`${site.url}/api/known`)).json()).toEqual({ ok: true });
    for (const [method, route] of [
      ['GET', '/api/nowhere'],
      ['GET', '/api'],
      ['POST', '/tasks'],
      ['DELETE', '/launches/x'],
    ]) {
      const response = await fetch(`${site.url}${route}`, { method: method! });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('lets the board’s own origin in (browsers send it on module scripts and POSTs) and still refuses others', async () => {
    const own = await fetch(`${site.url}/assets/index-abc123.js`, { headers: { origin: site.url } });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    const listed = await fetch(`${site.url}/api/known`, { headers: { origin: 'https://bi.example.com' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://bi.example.com');
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', 'not a url']) {
      const refused = await fetch(`${site.url}/api/known`, { headers: { origin } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('says plainly when the board has not been built, instead of failing', async () => {
    const empty = await serve(path.join(built, 'not-built'));
    try {
      const response = await fetch(`${empty.url}/launches`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toContain('npm run build:web');
      expect((await fetch(`${empty.url}/api/nowhere`)).status).toBe(404);
    } finally {
      empty.server.close();
    }
  });
});
