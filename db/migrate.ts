import { spawn } from 'node:child_process';
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..');
const prismaCli = require.resolve('prisma/build/index.js', { paths: [projectRoot] });

// Printed by `prisma migrate deploy` (pinned 6.19) once every migration is committed.
const DONE_LINES = ['All migrations have been successfully applied.', 'No pending migrations to apply.'];

/**
 * Applies the committed migrations in prisma/migrations with `prisma migrate deploy`.
 *
 * Prisma's WASM schema engine leaves a 10 s timer running after the command has
 * finished its work, which keeps the CLI process alive; once it prints its final
 * status line the migrations are committed, so the process is stopped then
 * instead of waiting. Without that line it is simply awaited.
 */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const output: string[] = [];
  const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let finished = false;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (!finished && DONE_LINES.some((line) => text.includes(line))) {
      finished = true;
      child.kill('SIGTERM');
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  if (!finished && exitCode !== 0) {
    throw new Error(
      `Database migration failed (prisma migrate deploy exited with ${exitCode}):\n${output.join('').trim()}`,
    );
  }
}
