import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { batonCacheDir, ensureTemporalCli, ensureTestServer } from '../../toolchain/temporal-binaries';

const ENV_KEYS = [
  'BATON_CACHE_DIR',
  'XDG_CACHE_HOME',
  'PATH',
  'TEMPORAL_CLI_PATH',
  'TEMPORAL_TEST_SERVER_PATH',
] as const;

const silent = (): void => undefined;

function writeExecutable(file: string, script = '#!/bin/sh\nexit 0\n'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, script, { mode: 0o755 });
  return file;
}

describe('temporal-binaries', () => {
  let savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>>;
  let tmp: string;
  let emptyBinDir: string;

  beforeEach(() => {
    savedEnv = {};
    for (const key of ENV_KEYS) savedEnv[key] = process.env[key];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-binaries-test-'));
    emptyBinDir = path.join(tmp, 'empty-bin');
    fs.mkdirSync(emptyBinDir);
    delete process.env.TEMPORAL_CLI_PATH;
    delete process.env.TEMPORAL_TEST_SERVER_PATH;
  });

  afterEach(() => {
    for (const key of ENV_KEYS) {
      const value = savedEnv[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('batonCacheDir', () => {
    it('uses BATON_CACHE_DIR when set', () => {
      process.env.BATON_CACHE_DIR = path.join(tmp, 'explicit');
      process.env.XDG_CACHE_HOME = path.join(tmp, 'xdg');
      expect(batonCacheDir()).toBe(path.join(tmp, 'explicit'));
    });

    it('falls back to $XDG_CACHE_HOME/baton', () => {
      delete process.env.BATON_CACHE_DIR;
      process.env.XDG_CACHE_HOME = path.join(tmp, 'xdg');
      expect(batonCacheDir()).toBe(path.join(tmp, 'xdg', 'baton'));
    });

    // HOME is not overridden here: jest sandboxes process.env, and os.homedir() reads the real one.
    it('falls back to ~/.cache/baton', () => {
      delete process.env.BATON_CACHE_DIR;
      delete process.env.XDG_CACHE_HOME;
      expect(batonCacheDir()).toBe(path.join(os.homedir(), '.cache', 'baton'));
    });
  });

  describe('env var overrides', () => {
    it.each([
      ['TEMPORAL_CLI_PATH', ensureTemporalCli],
      ['TEMPORAL_TEST_SERVER_PATH', ensureTestServer],
    ] as const)('%s pointing at an executable is used as is', async (variable, ensure) => {
      const executable = writeExecutable(path.join(tmp, 'custom', 'server'));
      process.env[variable] = executable;
      await expect(ensure(silent)).resolves.toEqual({ type: 'existing-path', path: executable });
    });

    it.each([
      ['TEMPORAL_CLI_PATH', ensureTemporalCli],
      ['TEMPORAL_TEST_SERVER_PATH', ensureTestServer],
    ] as const)('%s pointing at a missing file is an error naming the variable', async (variable, ensure) => {
      process.env[variable] = path.join(tmp, 'does-not-exist');
      await expect(ensure(silent)).rejects.toThrow(variable);
    });

    it('rejects TEMPORAL_CLI_PATH pointing at a file that is not executable', async () => {
      const file = path.join(tmp, 'not-executable');
      fs.writeFileSync(file, 'data', { mode: 0o644 });
      process.env.TEMPORAL_CLI_PATH = file;
      await expect(ensureTemporalCli(silent)).rejects.toThrow('TEMPORAL_CLI_PATH');
    });
  });

  // PATH holds no go/mvn/java/temporal here, so anything but a cache hit would fall back to
  // { type: 'cached-download' } instead of building.
  describe('Temporal CLI resolution', () => {
    beforeEach(() => {
      process.env.BATON_CACHE_DIR = path.join(tmp, 'cache');
      process.env.PATH = emptyBinDir;
    });

    it('finds a cached build without building', async () => {
      const cached = writeExecutable(path.join(tmp, 'cache', 'temporal-cli', 'v1.5.1', 'temporal'));
      await expect(ensureTemporalCli(silent)).resolves.toEqual({ type: 'existing-path', path: cached });
    });

    it('prefers a 1.x `temporal` on PATH over the cache', async () => {
      writeExecutable(path.join(tmp, 'cache', 'temporal-cli', 'v1.5.1', 'temporal'));
      const onPath = writeExecutable(
        path.join(emptyBinDir, 'temporal'),
        '#!/bin/sh\necho "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"\n',
      );
      await expect(ensureTemporalCli(silent)).resolves.toEqual({ type: 'existing-path', path: onPath });
    });

    it('skips a `temporal` on PATH that is not 1.x', async () => {
      const cached = writeExecutable(path.join(tmp, 'cache', 'temporal-cli', 'v1.5.1', 'temporal'));
      writeExecutable(path.join(emptyBinDir, 'temporal'), '#!/bin/sh\necho "temporal version 0.13.2"\n');
      await expect(ensureTemporalCli(silent)).resolves.toEqual({ type: 'existing-path', path: cached });
    });

    it('falls back to the SDK download when nothing is cached and Go is missing', async () => {
      const messages: string[] = [];
      await expect(ensureTemporalCli((msg) => messages.push(msg))).resolves.toEqual({
        type: 'cached-download',
        downloadDir: path.join(tmp, 'cache', 'sdk-downloads'),
      });
      expect(messages.join('\n')).toMatch(/falling back/);
    });
  });

  describe('test server resolution', () => {
    const serverDir = (): string => path.join(tmp, 'cache', 'temporal-test-server', '1.38.0');

    beforeEach(() => {
      process.env.BATON_CACHE_DIR = path.join(tmp, 'cache');
      process.env.PATH = emptyBinDir;
    });

    it('finds a cached wrapper whose classpath exists without building', async () => {
      const jar = path.join(tmp, 'fake.jar');
      fs.writeFileSync(jar, '');
      fs.mkdirSync(serverDir(), { recursive: true });
      fs.writeFileSync(path.join(serverDir(), 'classpath.txt'), jar);
      const wrapper = writeExecutable(path.join(serverDir(), 'temporal-test-server'));
      await expect(ensureTestServer(silent)).resolves.toEqual({ type: 'existing-path', path: wrapper });
    });

    it('does not trust a cached wrapper whose classpath jars are gone', async () => {
      fs.mkdirSync(serverDir(), { recursive: true });
      fs.writeFileSync(path.join(serverDir(), 'classpath.txt'), path.join(tmp, 'deleted.jar'));
      writeExecutable(path.join(serverDir(), 'temporal-test-server'));
      await expect(ensureTestServer(silent)).resolves.toEqual({
        type: 'cached-download',
        downloadDir: path.join(tmp, 'cache', 'sdk-downloads'),
      });
    });
  });
});
