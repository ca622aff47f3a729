import path from 'node:path';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';
import { readSecretFiles } from './secret-files';
import { loadTemporalProfile, TemporalProfileError } from './temporal-profile';

const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number, 0-65535')
  .transform(Number)
  .pipe(z.number().max(65535, 'must be a port number, 0-65535'));
const hostAndPort = z
  .string()
  .regex(/^(\[[\da-fA-F:.]+\]|[\w.-]+):\d{1,5}$/, {
    message: 'must be host:port, e.g. temporal.example.com:7233',
    abort: true,
  })
  .refine((address) => Number(address.slice(address.lastIndexOf(':') + 1)) <= 65535, 'port must be 0-65535');

export type WebhookFormat = 'slack' | 'wecom';
export interface NotifyWebhook {
  name: string;
  format: WebhookFormat;
  /** A secret: whoever has it can post to the channel. Never logged or echoed. */
  url: string;
}
const WEBHOOK_FORMATS: readonly string[] = ['slack', 'wecom'] satisfies WebhookFormat[];
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Parses `name=format:url,...`. Problems name the entry by position, and by name once the name is
 * known to be a slug: any other part of an entry may hold (part of) the secret URL.
 */
function parseWebhooks(value: string, ctx: z.RefinementCtx): NotifyWebhook[] {
  const webhooks: NotifyWebhook[] = [];
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const at = `entry ${index + 1}`;
    const equals = entry.indexOf('=');
    const name = entry.slice(0, Math.max(equals, 0)).trim();
    if (equals < 0 || !SLUG.test(name))
      return problem(`${at}: must be name=format:url with a lowercase name (a-z, 0-9, -)`);
    const named = `${at} (${name})`;
    const rest = entry.slice(equals + 1).trim();
    const colon = rest.indexOf(':');
    const format = rest.slice(0, Math.max(colon, 0)).trim();
    const url = rest.slice(colon + 1).trim();
    if (name === 'log') return problem(`${named}: the name "log" is reserved for the built-in log sink`);
    if (webhooks.some((webhook) => webhook.name === name)) return problem(`${named}: the name is used twice`);
    if (!WEBHOOK_FORMATS.includes(format)) return problem(`${named}: format must be slack or wecom (name=format:url)`);
    if (!isHttpUrl(url)) return problem(`${named}: the URL must be an http:// or https:// URL`);
    webhooks.push({ name, format: format as WebhookFormat, url });
  });
  return webhooks;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A host name, an IPv4 address or an IPv6 address (no scheme, no port). */
const host = z
  .string()
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/,
    'must be a host name or IP address to listen on, e.g. 127.0.0.1, 0.0.0.0 or ::',
  );

const configSchema = z.object({
  PORT: port.default(3000),
  API_HOST: host.optional(),
  WORKER_HTTP_PORT: port.default(9464),
  WORKER_HTTP_HOST: host.default('0.0.0.0'),
  NODE_ENV: z.string().optional(),
  BATON_DATA_DIR: z.string().min(1).default('./data'),
  TEMPORAL_ADDRESS: hostAndPort.optional(),
  // Read again, with the TLS files and a TOML profile, by loadTemporalProfile (Temporal's envconfig).
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('baton'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  TEMPORAL_DEV_SERVER_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_JWT_ISSUER: z.string().optional(),
  AUTH_JWT_AUDIENCE: z.string().optional(),
  AUTH_DEV_LOGIN: z.enum(['true', 'false']).optional(),
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.url({ protocol: /^https?$/ }).regex(/^[^/]+\/\/[^/]+$/, 'each origin is scheme://host[:port], no path'),
      ),
    )
    .default([]),
  POC_PROVISIONING_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  POC_PROVISIONING_TIMEOUT_MS: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .pipe(z.number().min(100))
    .optional(),
  RENEWAL_HEALTH_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  RENEWAL_HEALTH_TIMEOUT_MS: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .pipe(z.number().min(100))
    .optional(),
  POC_AUTO_APPROVE_BELOW_AMOUNT: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be an amount, e.g. 50000')
    .transform(Number)
    .optional(),
  RATE_LIMIT_PER_MINUTE: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1))
    .default(600),
  RATE_LIMIT_FAILED_AUTH_PER_MINUTE: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1))
    .default(30),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*|loopback|linklocal|uniquelocal)$/,
      'must be true, false, a number of proxies, or comma-separated proxy addresses/subnets (e.g. 10.0.0.0/8)',
    )
    .transform(parseTrustProxy)
    .default(false),
  // OpenTelemetry tracing, off by default; the OTLP exporter reads OTEL_EXPORTER_OTLP_* itself.
  TRACING: z
    .enum(['otlp', 'off'], { error: 'must be otlp (send traces to OTEL_EXPORTER_OTLP_ENDPOINT) or off' })
    .default('off'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTIFY_WEBHOOKS: z.string().transform(parseWebhooks).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('Baton <baton@localhost>'),
  BOARD_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  NOTICE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

// Their values can carry credentials, so error messages never echo them. Each may also be given as
// <NAME>_FILE, a file holding the value (compose secrets, a mounted Kubernetes Secret).
const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'AUTH_JWT_SECRET',
  'NOTIFY_WEBHOOKS',
  'POC_PROVISIONING_WEBHOOK_URL',
  'RENEWAL_HEALTH_WEBHOOK_URL',
  'SMTP_URL',
  'NOTICE_SECRET',
]);

export interface Config {
  port: number;
  /** The standalone worker's /metrics and /healthz (WORKER_HTTP_PORT, 9464 by default; 0 picks a free one). */
  workerHttp: { port: number; host: string };
  /**
   * The address the API listens on (API_HOST). Unset: every IPv4 interface (0.0.0.0) for the API process,
   * and loopback only for local mode while its development login lets anyone sign in as anyone.
   */
  apiHost?: string;
  /** NODE_ENV=production: nothing meant for development (such as the board's source maps) is served. */
  production: boolean;
  dataDir: string;
  temporal: {
    /** Unset in local mode: Baton then runs its own dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    /** From `TEMPORAL_TLS`/`TEMPORAL_TLS_*` or the profile: false, true, or a CA and client certificate (mTLS). */
    tls: TLSConfig | boolean;
    /** gRPC headers for every call (the profile's `grpc_meta`, `TEMPORAL_GRPC_META_*`). */
    metadata?: Record<string, string>;
    /** Local mode's dev server: its gRPC and web UI ports. */
    devServerPort: number;
    uiPort: number;
  };
  /** Unset in local mode: Baton then runs an embedded PostgreSQL in the data folder. */
  databaseUrl?: string;
  auth: {
    jwtSecret?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    /** The development login; undefined means "the mode's default" (on in local mode, never in production). */
    devLogin?: boolean;
  };
  corsOrigins: string[];
  rateLimitPerMinute: number;
  /** Requests a minute per client address without valid credentials. */
  failedAuthPerMinute: number;
  /** Which proxies in front of the API to trust for the client address (Express's `trust proxy`). */
  trustProxy: boolean | number | string[];
  /** POC requests for less than this amount are approved automatically; unset means never. */
  pocAutoApproveBelowAmount?: number;
  /** A workflow bundle built by `npm run build`; the worker bundles from source when unset. */
  workflowBundlePath?: string;
  logLevel: string;
  /** TRACING=otlp: OpenTelemetry spans across API -> Temporal -> activities, sent over OTLP/HTTP. */
  tracing: boolean;
  /** Chat webhooks notifications go to; unset means notifications are only logged. */
  notifyWebhooks?: NotifyWebhook[];
  /** Where POC environments are ordered; unset means regional ops provision by hand. */
  pocProvisioning: { webhookUrl?: string; timeoutMs?: number };
  /** The renewal health source; unset means customer success posts the figures. */
  renewalHealth: { webhookUrl?: string; timeoutMs?: number };
  mail: MailConfig;
}

export interface MailConfig {
  /** The mail server; unset means mail is caught in `catchDir` (local mode's mail page shows it). */
  smtpUrl?: string;
  from: string;
  /** The board's public address, for links in mail. */
  boardUrl: string;
  /** Signs unsubscribe links; the JWT secret when unset. */
  secret?: string;
  catchDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates configuration, secrets given as files included; a bad value or an unreadable secret
 * file throws a ConfigError naming each variable at fault.
 */
export function loadConfig(processEnv: NodeJS.ProcessEnv = process.env): Config {
  const { env, problems: fileProblems } = readSecretFiles(withoutEmptyValues(processEnv), SECRET_VARIABLES);
  if (fileProblems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${fileProblems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const shown = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(env[name])})`;
      return `  ${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  const temporal = temporalConnection(env);
  return {
    port: values.PORT,
    apiHost: values.API_HOST,
    workerHttp: { port: values.WORKER_HTTP_PORT, host: values.WORKER_HTTP_HOST },
    production: values.NODE_ENV === 'production',
    dataDir: path.resolve(values.BATON_DATA_DIR),
    temporal: {
      ...temporal,
      taskQueue: values.TEMPORAL_TASK_QUEUE,
      devServerPort: values.TEMPORAL_DEV_SERVER_PORT,
      uiPort: values.TEMPORAL_UI_PORT,
    },
    databaseUrl: values.DATABASE_URL,
    workflowBundlePath: values.WORKFLOW_BUNDLE_PATH && path.resolve(values.WORKFLOW_BUNDLE_PATH),
    auth: {
      jwtSecret: values.AUTH_JWT_SECRET,
      jwksUrl: values.AUTH_JWKS_URL,
      issuer: values.AUTH_JWT_ISSUER,
      audience: values.AUTH_JWT_AUDIENCE,
      devLogin: values.AUTH_DEV_LOGIN === undefined ? undefined : values.AUTH_DEV_LOGIN === 'true',
    },
    corsOrigins: values.CORS_ORIGINS,
    rateLimitPerMinute: values.RATE_LIMIT_PER_MINUTE,
    failedAuthPerMinute: values.RATE_LIMIT_FAILED_AUTH_PER_MINUTE,
    trustProxy: values.TRUST_PROXY,
    pocAutoApproveBelowAmount: values.POC_AUTO_APPROVE_BELOW_AMOUNT,
    logLevel: values.LOG_LEVEL,
    tracing: values.TRACING === 'otlp',
    notifyWebhooks: values.NOTIFY_WEBHOOKS,
    pocProvisioning: {
      ...(values.POC_PROVISIONING_WEBHOOK_URL ? { webhookUrl: values.POC_PROVISIONING_WEBHOOK_URL } : {}),
      ...(values.POC_PROVISIONING_TIMEOUT_MS ? { timeoutMs: values.POC_PROVISIONING_TIMEOUT_MS } : {}),
    },
    renewalHealth: {
      ...(values.RENEWAL_HEALTH_WEBHOOK_URL ? { webhookUrl: values.RENEWAL_HEALTH_WEBHOOK_URL } : {}),
      ...(values.RENEWAL_HEALTH_TIMEOUT_MS ? { timeoutMs: values.RENEWAL_HEALTH_TIMEOUT_MS } : {}),
    },
    mail: {
      ...(values.SMTP_URL ? { smtpUrl: values.SMTP_URL } : {}),
      from: values.MAIL_FROM,
      boardUrl: values.BOARD_URL ?? `http://localhost:${values.PORT}`,
      ...((values.NOTICE_SECRET ?? values.AUTH_JWT_SECRET)
        ? { secret: values.NOTICE_SECRET ?? values.AUTH_JWT_SECRET }
        : {}),
      catchDir: path.join(path.resolve(values.BATON_DATA_DIR), 'mail'),
    },
  };
}

/**
 * The Temporal connection through Temporal's environment configuration (a TOML profile and `TEMPORAL_*`
 * variables); the variables themselves were validated above, an address from a profile is checked here.
 */
function temporalConnection(
  env: Record<string, string>,
): Pick<Config['temporal'], 'address' | 'namespace' | 'apiKey' | 'tls' | 'metadata'> {
  let profile: ReturnType<typeof loadTemporalProfile>;
  try {
    profile = loadTemporalProfile(env);
  } catch (error) {
    if (error instanceof TemporalProfileError) throw new ConfigError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
  if (profile.address !== undefined && !hostAndPort.safeParse(profile.address).success) {
    throw new ConfigError(
      `Invalid configuration:\n  address in the Temporal profile: must be host:port (got ${JSON.stringify(profile.address)})`,
    );
  }
  return {
    address: profile.address,
    namespace: profile.namespace ?? 'default',
    apiKey: profile.apiKey,
    tls: profile.tls,
    ...(profile.metadata ? { metadata: profile.metadata } : {}),
  };
}

/** TRUST_PROXY as Express takes it: a yes/no, a hop count, or the proxies' addresses and subnets. */
function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

/** An empty variable (`PORT=` in an env file, an unset compose substitution) means "not set". */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .map(([name, value]) => [name, value?.trim()] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

/** For processes that never start their own servers (the standalone worker and API). */
export function requireExternalServices(
  config: Config,
): asserts config is Config & { databaseUrl: string; temporal: { address: string } } {
  const missing = [
    config.temporal.address ? undefined : 'TEMPORAL_ADDRESS',
    config.databaseUrl ? undefined : 'DATABASE_URL',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${missing.map((name) => `  ${name} is required for this process (use \`npm start\` for the all-in-one local mode)`).join('\n')}`,
    );
  }
}

/** The production API serves only with real authentication, and never with the development login. */
export function requireProductionAuth(config: Config): void {
  const problems = [
    config.auth.jwtSecret || config.auth.jwksUrl
      ? undefined
      : '  AUTH_JWT_SECRET or AUTH_JWKS_URL is required: the API will not serve without real authentication',
    config.auth.devLogin ? '  AUTH_DEV_LOGIN=true is for local mode (`npm start`) only' : undefined,
  ].filter(Boolean);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
