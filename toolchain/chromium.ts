/**
 * Finds the Chromium the browser tests drive, the way users have one, and provisions one when
 * the machine allows it (root with apt), as the Temporal CLI is provisioned. Otherwise it fails
 * at once with the one command that fixes it, instead of every browser test failing on its own.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

type Log = (msg: string) => void;

export const CHROMIUM_ENV_VAR = 'PLAYWRIGHT_CHROMIUM_PATH';
/** Where distributions put their Chromium (Debian, Ubuntu's deb, Fedora, Arch). */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];
const SYSTEM_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
// Debian's Chromium, and a CJK font for the Chinese labels the tests read and screenshot.
const APT_PACKAGES = ['chromium', 'fonts-wqy-microhei'];
const HEARTBEAT_MS = 15_000;

export interface ChromiumLookup {
  env: NodeJS.ProcessEnv;
  /** Where `npx playwright-core install chromium` puts it (playwright-core's `chromium.executablePath()`). */
  playwrightPath: string | undefined;
  isExecutable: (file: string) => boolean;
}

export type ChromiumSource = 'env' | 'playwright' | 'system';

/**
 * PLAYWRIGHT_CHROMIUM_PATH, then a Playwright-installed Chromium, then the system's; undefined when
 * none is there. A PLAYWRIGHT_CHROMIUM_PATH that names no executable is an error, not a silent skip.
 */
export function findChromium(lookup: ChromiumLookup): { path: string; source: ChromiumSource } | undefined {
  const explicit = lookup.env[CHROMIUM_ENV_VAR];
  if (explicit) {
    if (!lookup.isExecutable(explicit)) {
      throw new Error(`${CHROMIUM_ENV_VAR} is set to "${explicit}", but that is not an executable file.`);
    }
    return { path: explicit, source: 'env' };
  }
  if (lookup.playwrightPath && lookup.isExecutable(lookup.playwrightPath)) {
    return { path: lookup.playwrightPath, source: 'playwright' };
  }
  const onPath = (lookup.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_ON_PATH.map((name) => path.join(dir, name)));
  const system = [...SYSTEM_CHROMIUM, ...onPath].find((file) => lookup.isExecutable(file));
  return system ? { path: system, source: 'system' } : undefined;
}

/** How this machine can get a Chromium: installed here and now, or a command for the user. */
export function chromiumRemedy(machine: { isRoot: boolean; hasApt: boolean }): { install: boolean; command: string } {
  const apt = `apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (machine.hasApt)
    return machine.isRoot ? { install: true, command: apt } : { install: false, command: `sudo ${apt}` };
  return { install: false, command: 'npx playwright-core install chromium' };
}

/** The Chromium to drive: found, or installed with apt when running as root, or an error naming the fix. */
export async function ensureChromium(log: Log): Promise<string> {
  const lookup = { env: process.env, playwrightPath: playwrightChromiumPath(), isExecutable };
  const found = findChromium(lookup);
  if (found) return found.path;
  const remedy = chromiumRemedy({ isRoot: process.getuid?.() === 0, hasApt: isExecutable('/usr/bin/apt-get') });
  if (!remedy.install) {
    throw new Error(
      `The browser tests need Chromium and none was found (${CHROMIUM_ENV_VAR}, Playwright's, or the system's). ` +
        `Install one with:\n  ${remedy.command}`,
    );
  }
  log(`No Chromium found for the browser tests; installing Debian's with apt (${APT_PACKAGES.join(', ')})...`);
  const started = Date.now();
  await runWithProgress('apt-get', ['update', '-q'], log, started);
  await runWithProgress('apt-get', ['install', '-y', '-q', ...APT_PACKAGES], log, started);
  const installed = findChromium(lookup);
  if (!installed) throw new Error(`apt-get installed ${APT_PACKAGES.join(' ')}, but no Chromium was found after it.`);
  log(`Installed Chromium in ${Math.round((Date.now() - started) / 1000)} s: ${installed.path}`);
  return installed.path;
}

function playwrightChromiumPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

function runWithProgress(command: string, args: string[], log: Log, started: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let tail = '';
    const child = spawn(command, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const heartbeat = setInterval(
      () => log(`still installing Chromium (${Math.round((Date.now() - started) / 1000)} s so far)...`),
      HEARTBEAT_MS,
    );
    child.once('error', (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.once('close', (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else reject(new Error(`\`${command} ${args.join(' ')}\` exited with code ${code}:\n${tail.trim()}`));
    });
  });
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
