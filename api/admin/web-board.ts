import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/** Where `npm run build:web` (web/build.mts) puts the board. */
export const WEB_BOARD_DIR = path.resolve(__dirname, '..', '..', 'dist', 'web');

/** Hashed file names change with their content, so a browser may keep them for good. */
const ASSETS_PREFIX = '/assets/';
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * The web board: the built single-page app from `dir`, same origin as the API. Hashed assets are
 * cached for good; every other GET that is not under /api (a client-side route such as
 * /launches/crm-v2) gets index.html, revalidated each time so a new build is picked up at once.
 * /api/* is never touched here, so unknown API paths still answer problem+json from the API.
 * A Router (not routes) so the OpenAPI document, which lists every route, stays the API's alone.
 */
export function webBoard({
  dir = WEB_BOARD_DIR,
  serveSourceMaps = false,
}: {
  dir?: string;
  /** Source maps show the board's sources: for local development only, so off unless asked for. */
  serveSourceMaps?: boolean;
} = {}): Router {
  const board = Router();
  const indexFile = path.join(dir, 'index.html');
  const isApi = (requestPath: string) => requestPath === '/api' || requestPath.startsWith('/api/');

  board.use((req, res, next) => {
    if (isApi(req.path)) return next('router');
    // A plain 404 from the API's handler, as for any file that is not there.
    if (!serveSourceMaps && req.path.endsWith('.map')) return next('router');
    next();
  });
  board.use(
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders(res, filePath) {
        const inAssets = path.relative(dir, filePath).startsWith(`assets${path.sep}`);
        res.setHeader('Cache-Control', inAssets ? FOREVER : 'no-cache');
      },
    }),
  );
  const page: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing asset or file (it has an extension) is a plain 404, not the app.
    if (req.path.startsWith(ASSETS_PREFIX) || path.extname(req.path) !== '') return next();
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('html').set('Cache-Control', 'no-store').send(NOT_BUILT_PAGE);
      return;
    }
    // Relative to the board's folder: send refuses a path with a dot-folder in it (Baton installed under ~/.local, say).
    res.set('Cache-Control', 'no-cache').sendFile('index.html', { root: dir });
  };
  board.use(page);
  return board;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baton board not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The Baton web board has not been built</h1>
<p>The API is running (see <a href="/api/docs">/api/docs</a>), but the board's bundle is missing.
Build it with <code>npm run build:web</code> (<code>npm install</code> does this too), then reload this page.</p>
</body></html>
`;
