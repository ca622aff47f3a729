import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';

/** How to reach Temporal: what `@temporalio/envconfig` reads from a TOML profile and `TEMPORAL_*` variables. */
export interface TemporalProfile {
  address?: string;
  namespace?: string;
  apiKey?: string;
  /** false: plain gRPC; true: TLS with the system's roots; an object: a CA, a client certificate (mTLS), a server name. */
  tls: TLSConfig | boolean;
  /** gRPC headers sent with every call (`grpc_meta` in the profile, `TEMPORAL_GRPC_META_*`). */
  metadata?: Record<string, string>;
}

export class TemporalProfileError extends Error {
  override name = 'TemporalProfileError';
}

/**
 * Loads the connection the way Temporal's own SDKs and CLI do (`@temporalio/envconfig`): a profile from
 * a TOML file, then `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS` and
 * `TEMPORAL_TLS_*` over it.
 *
 * The file is read only when `TEMPORAL_CONFIG_FILE` or `TEMPORAL_PROFILE` names it. Temporal's default
 * file (`~/.config/temporalio/temporal.toml`) is where `temporal config set` writes a developer's own
 * cluster; reading it unasked would move `npm start` off its local server onto that cluster.
 *
 * Baton keeps one rule of its own: an API key always travels over TLS, even with `TEMPORAL_TLS=false`.
 */
export function loadTemporalProfile(env: Record<string, string>): TemporalProfile {
  const fileNamed = env.TEMPORAL_CONFIG_FILE !== undefined || env.TEMPORAL_PROFILE !== undefined;
  // envconfig passes over a missing file silently; a file Baton was told to read must be there.
  if (env.TEMPORAL_CONFIG_FILE !== undefined && !fs.existsSync(env.TEMPORAL_CONFIG_FILE)) {
    throw new TemporalProfileError(`TEMPORAL_CONFIG_FILE: there is no file ${env.TEMPORAL_CONFIG_FILE}`);
  }
  let connect: ReturnType<typeof toClientOptions>;
  try {
    const profile = loadClientConfigProfile({ overrideEnvVars: env, disableFile: !fileNamed, configFileStrict: true });
    connect = toClientOptions(profile);
  } catch (error) {
    throw new TemporalProfileError(describe(error, env));
  }
  const { address, apiKey, tls, metadata } = connect.connectionOptions;
  return {
    ...(address ? { address } : {}),
    ...(connect.namespace ? { namespace: connect.namespace } : {}),
    ...(apiKey ? { apiKey: String(apiKey) } : {}),
    tls: apiKey ? withTls(tls) : plainOrTls(tls),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata: metadata as Record<string, string> } : {}),
  };
}

/** TLS switched on with nothing to configure is the SDK's `true` (the system's roots, the address's name). */
function plainOrTls(tls: TLSConfig | boolean | null | undefined): TLSConfig | boolean {
  if (tls === undefined || tls === null || tls === false) return false;
  if (tls === true) return true;
  const set = Object.values(tls).some((value) => value !== undefined);
  return set ? tls : true;
}

function withTls(tls: TLSConfig | boolean | null | undefined): TLSConfig | boolean {
  const resolved = plainOrTls(tls);
  return resolved === false ? true : resolved;
}

/** Which file or variable was at fault; never the contents of a key or certificate. */
function describe(error: unknown, env: Record<string, string>): string {
  const { code, path: file } = (error ?? {}) as { code?: string; path?: string };
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    const variable = Object.entries(env).find(
      ([name, value]) => name.startsWith('TEMPORAL_') && name.endsWith('_PATH') && value === file,
    )?.[0];
    const where = variable ?? (file === env.TEMPORAL_CONFIG_FILE ? 'TEMPORAL_CONFIG_FILE' : 'the Temporal profile');
    return `${where}: cannot read ${file} (${code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${env.TEMPORAL_CONFIG_FILE ? 'TEMPORAL_CONFIG_FILE' : 'TEMPORAL_PROFILE'}: ${message}`;
}
