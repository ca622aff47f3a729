import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
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

/** A URL on a port nothing listens on: the connection is refused at once. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

/** A wrapper as the current build writes it: it names its class-data archive. */
const CURRENT_WRAPPER = '#!/bin/sh\nexec java -XX:SharedArchiveFile=temporal-test-server.jsa "$@"\n';

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

  // PATH holds no go/mvn/java/temporal here, so anything but a cache hit or the SDK's download fails
  // instead of building.
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

    it('downloads through the SDK first, and later uses that download without asking again', async () => {
      const server = http.createServer((_request, response) => response.writeHead(302).end());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const probeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cli/default`;
      const warmUp = jest.fn(async () => undefined);
      const expected = {
        type: 'cached-download',
        downloadDir: path.join(tmp, 'cache', 'sdk-downloads'),
        ttl: '3650 days',
      };
      try {
        await expect(ensureTemporalCli(silent, { probeUrl, timeoutMs: 2_000, warmUp })).resolves.toEqual(expected);
      } finally {
        server.close();
      }
      // The host is gone now: the kept download is used without a probe.
      await expect(ensureTemporalCli(silent, { probeUrl, timeoutMs: 2_000, warmUp })).resolves.toEqual(expected);
      expect(warmUp).toHaveBeenCalledTimes(1);
    });

    it('gives up on an unreachable SDK download at once and says how to get the CLI when Go is missing', async () => {
      const messages: string[] = [];
      const started = Date.now();
      const warmUp = jest.fn(async () => undefined);
      await expect(
        ensureTemporalCli((msg) => messages.push(msg), { probeUrl: await closedPortUrl(), timeoutMs: 5_000, warmUp }),
      ).rejects.toThrow(/Install Go .*TEMPORAL_CLI_PATH/);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(warmUp).not.toHaveBeenCalled();
      expect(messages.join('\n')).toMatch(/not reachable.*building the CLI with Go instead/);
    });

    it('gives up on an SDK download that does not answer within its timeout', async () => {
      // Accepts the connection and never answers.
      const server = net.createServer(() => undefined);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const probeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const started = Date.now();
      try {
        await expect(ensureTemporalCli(silent, { probeUrl, timeoutMs: 300, warmUp: jest.fn() })).rejects.toThrow(
          /Install Go/,
        );
      } finally {
        server.close();
      }
      expect(Date.now() - started).toBeLessThan(3_000);
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
      const wrapper = writeExecutable(path.join(serverDir(), 'temporal-test-server'), CURRENT_WRAPPER);
      await expect(ensureTestServer(silent)).resolves.toEqual({ type: 'existing-path', path: wrapper });
    });

    it('rebuilds a cached wrapper made before the class-data archive (here: no Maven, so the SDK download)', async () => {
      const jar = path.join(tmp, 'fake.jar');
      fs.writeFileSync(jar, '');
      fs.mkdirSync(serverDir(), { recursive: true });
      fs.writeFileSync(path.join(serverDir(), 'classpath.txt'), jar);
      writeExecutable(path.join(serverDir(), 'temporal-test-server'));
      await expect(ensureTestServer(silent)).resolves.toEqual({
        type: 'cached-download',
        downloadDir: path.join(tmp, 'cache', 'sdk-downloads'),
      });
    });

    it('does not trust a cached wrapper whose classpath jars are gone', async () => {
      fs.mkdirSync(serverDir(), { recursive: true });
      fs.writeFileSync(path.join(serverDir(), 'classpath.txt'), path.join(tmp, 'deleted.jar'));
      writeExecutable(path.join(serverDir(), 'temporal-test-server'), CURRENT_WRAPPER);
      await expect(ensureTestServer(silent)).resolves.toEqual({
        type: 'cached-download',
        downloadDir: path.join(tmp, 'cache', 'sdk-downloads'),
      });
    });
  });
});
