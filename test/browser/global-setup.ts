import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensureChromium } from '../../toolchain/chromium';
import { TEST_ENV } from '../helpers/test-env';

/**
 * Before the browser tests: the Chromium they drive is found (or provisioned), and the board is
 * built from the current sources (web/build.ts rebuilds only when something changed).
 */
export default async function browserSetup(): Promise<void> {
  const log = (message: string) => process.stdout.write(`[browser setup] ${message}\n`);
  process.env[TEST_ENV.chromium] = await ensureChromium(log);
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'web', 'build.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
