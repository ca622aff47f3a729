import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_PATH } from '../helpers/browser';

/**
 * Before the browser tests: the board is built from the current sources (web/build.ts rebuilds
 * only when something changed), and the Chromium they drive is there.
 */
export default function browserSetup(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests drive Debian's Chromium at ${CHROMIUM_PATH}; install it with: apt-get install -y chromium`,
    );
  }
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'web', 'build.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
