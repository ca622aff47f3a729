/**
 * Builds the web board into dist/web with Vite, unless it is already built from the same sources.
 *
 *   tsx web/build.ts            build when missing or stale (npm install, npm start and the browser tests run this)
 *   tsx web/build.ts --force    build anyway
 *
 * "The same sources": dist/web-build.json records a hash of every file the last build read outside
 * node_modules (the app, and the domain files it imports), of web/'s own build files and of
 * package-lock.json (the libraries' versions).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Rollup } from 'vite';

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const OUT = path.join(ROOT, 'dist', 'web');
const STAMP = path.join(ROOT, 'dist', 'web-build.json');
const ALWAYS_READ = ['web/index.html', 'web/vite.config.ts', 'web/build.ts', 'package-lock.json'];

interface Stamp {
  inputs: Record<string, string>;
}

/** Why the board needs building, or undefined when dist/web is up to date. */
export function staleReason(): string | undefined {
  if (!fs.existsSync(path.join(OUT, 'index.html'))) return 'it has not been built yet';
  let stamp: Stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8')) as Stamp;
  } catch {
    return 'the previous build left no record of its sources';
  }
  const now = new Set([...ALWAYS_READ, ...filesUnder(path.join(WEB, 'src'))]);
  for (const file of now) if (!(file in stamp.inputs)) return `${file} is new`;
  for (const [file, hash] of Object.entries(stamp.inputs)) {
    if (!fs.existsSync(path.join(ROOT, file))) return `${file} is gone`;
    if (hashOf(file) !== hash) return `${file} changed`;
  }
  return undefined;
}

/** Builds dist/web and records what it was built from. */
export async function buildWebBoard(log: (message: string) => void = () => undefined): Promise<void> {
  const started = Date.now();
  const { build } = await import('vite');
  const result = await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const bundled = outputs
    .flatMap((output) => output.output)
    .flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : []))
    .map((id) => id.split('?')[0]!)
    .filter((id) => path.isAbsolute(id) && !id.split(path.sep).includes('node_modules') && fs.existsSync(id))
    .map((id) => path.relative(ROOT, id));
  const files = [...new Set([...ALWAYS_READ, ...filesUnder(path.join(WEB, 'src')), ...bundled])].sort();
  const stamp: Stamp = { inputs: Object.fromEntries(files.map((file) => [file, hashOf(file)])) };
  fs.writeFileSync(STAMP, `${JSON.stringify(stamp, null, 2)}\n`);
  log(`web board built into ${path.relative(ROOT, OUT)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds the board when it is missing or stale; answers whether it built. */
export async function ensureWebBoard(log: (message: string) => void): Promise<boolean> {
  const reason = staleReason();
  if (!reason) return false;
  log(`building the web board (${reason})`);
  await buildWebBoard(log);
  return true;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

function hashOf(file: string): string {
  return createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, file)))
    .digest('hex');
}

if (require.main === module) {
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const run = process.argv.includes('--force') ? buildWebBoard(log).then(() => true) : ensureWebBoard(log);
  run
    .then((built) => {
      if (!built) log('web board is up to date (dist/web)');
    })
    .catch((error: unknown) => {
      process.stderr.write(`web board build failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
