import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '../../runtime/free-port';
import {
  TEST_JWT_SECRET,
  TEST_TASK_QUEUE,
  authorizedRequest,
  createTestDatabase,
  eventually,
  type TestDatabase,
} from '../helpers/baton-harness';
import { PROJECT_ROOT, collectUntilExit, waitForOutput } from '../helpers/processes';
import { temporalCliExecutable } from '../helpers/test-env';

const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

/**
 * The production build as the image lays it out (Dockerfile): the server compiled by `tsc -p
 * tsconfig.build.json` at the folder's root, the workflow bundle, the web board, the migrations, and a
 * node_modules without the development dependencies (no tsx, TypeScript, Vite or React). The migration,
 * the worker and the API start from `node bin/*.js` against the dev server and serve an action.
 */
describe('the compiled production build', () => {
  let temporal: TestWorkflowEnvironment;
  let database: TestDatabase;
  let app: string;
  const started: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
    database = await createTestDatabase('postgres');
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-image-'));
    const tsc = await collectUntilExit(
      spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', app], {
        cwd: PROJECT_ROOT,
      }),
    );
    expect({ code: tsc.code, output: tsc.stdout + tsc.stderr }).toEqual({ code: 0, output: '' });
    // What the image's runtime stage copies beside the compiled server.
    fs.symlinkSync(path.join(PROJECT_ROOT, 'prisma'), path.join(app, 'prisma'));
    fs.mkdirSync(path.join(app, 'dist'));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'dist', 'web'), path.join(app, 'dist', 'web'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(app, 'package.json'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'prisma.config.ts'), path.join(app, 'prisma.config.ts'));
    // node_modules without the development dependencies the image leaves out.
    const modules = path.join(app, 'node_modules');
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, 'node_modules'))) {
      if (entry.startsWith('@')) {
        fs.mkdirSync(path.join(modules, entry));
        for (const scoped of fs.readdirSync(path.join(PROJECT_ROOT, 'node_modules', entry))) {
          if (`${entry}/${scoped}` in packageJson.devDependencies) continue;
          fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', entry, scoped), path.join(modules, entry, scoped));
        }
      } else if (!(entry in packageJson.devDependencies) && entry !== '.bin') {
        fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', entry), path.join(modules, entry));
      }
    }
    expect(fs.existsSync(path.join(modules, 'tsx'))).toBe(false);
    expect(fs.existsSync(path.join(modules, 'typescript'))).toBe(false);
    // The production bundle, built by the compiled bundler script itself.
    const bundle = await collectUntilExit(
      spawn(process.execPath, ['bin/bundle-workflows.js', path.join(app, 'dist', 'workflow-bundle.js')], { cwd: app }),
    );
    expect({ code: bundle.code, stderr: bundle.stderr }).toEqual({ code: 0, stderr: '' });
  }, 600_000);

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database?.drop();
    await temporal?.teardown();
    if (app) fs.rmSync(app, { recursive: true, force: true });
  });

  const run = (entry: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, [entry], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
        DATABASE_URL: database.url,
        WORKFLOW_BUNDLE_PATH: path.join(app, 'dist', 'workflow-bundle.js'),
        WORKER_HTTP_PORT: '0',
        ...env,
      },
    });
    started.push(child);
    return child;
  };

  it('migrates, runs the worker and serves the API and board from node bin/*.js', async () => {
    const migrate = await collectUntilExit(run('bin/migrate.js', {}));
    expect({ code: migrate.code, said: migrate.stdout.trim().split('\n').at(-1), stderr: migrate.stderr }).toEqual({
      stderr: '',
      code: 0,
      said: 'Migrations applied.',
    });
    const worker = run('bin/worker.js', {});
    await waitForOutput(worker, 'worker polling', 120_000);
    const port = await freePort();
    const api = run('bin/api.js', { PORT: String(port), API_HOST: '127.0.0.1', AUTH_JWT_SECRET: TEST_JWT_SECRET });
    await waitForOutput(api, 'API listening', 120_000);
    const url = `http://127.0.0.1:${port}`;
    const request = (method: string, urlPath: string, body?: unknown) => authorizedRequest(url, method, urlPath, body);

    const template = {
      key: 'compiled',
      name: 'Compiled',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items: [{ key: 'a', title: 'A', phase: 'only', ownerRole: 'ops_manager', due: { days: -1 } }],
    };
    expect((await request('POST', '/api/templates/compiled/versions', template)).status).toBe(201);
    const launch = {
      launchId: 'compiled',
      productName: 'Compiled',
      launchDate: '2030-01-01',
      template: { key: 'compiled' },
    };
    expect((await request('POST', '/api/launches', launch)).status).toBe(201);
    expect((await request('POST', '/api/launches/compiled/items/a/complete', {})).status).toBe(200);
    await eventually(
      () => request('GET', '/api/launches?limit=10'),
      (page) =>
        page.status === 200 &&
        page.body.items.some(
          (row: { launchId: string; itemsDone: number }) => row.launchId === 'compiled' && row.itemsDone === 1,
        ),
      30_000,
    );
    const board = await fetch(`${url}/`);
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<div id="root"');
  });
});
