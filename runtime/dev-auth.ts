import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The JWT secret local mode signs development logins with: made once per data folder and
 * kept there, so tokens survive a restart. Never used when AUTH_* is configured.
 */
export function localDevJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'dev-jwt-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}
