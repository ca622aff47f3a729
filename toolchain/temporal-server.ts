/**
 * Provisions a real Temporal server (not the dev server) for the real-cluster suite and for anyone
 * who runs Baton against a self-hosted cluster on this machine: the `temporal-server` binary, the
 * `temporal-sql-tool` that sets up its schema, and the Postgres schema files both need.
 *
 * Like the CLI (temporal-binaries.ts): cached per user in ~/.cache/baton, built once under a lock
 * with progress lines, published atomically. No release binary can be downloaded here, so both are
 * built from the Go module proxy (a few minutes the first time; Go's build cache makes a rebuild fast).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { batonCacheDir, buildOnce, isExecutableFile, run, runBuildStep } from './temporal-binaries';

type Log = (msg: string) => void;

export const TEMPORAL_SERVER_VERSION = '1.29.1';
const SERVER_MODULE = 'go.temporal.io/server';
const SERVER_PACKAGE = `${SERVER_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`;
const SQL_TOOL_PACKAGE = `${SERVER_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`;
/** The server binary; its folder must also hold the SQL tool and the schema (the cache's layout). */
export const TEMPORAL_SERVER_ENV_VAR = 'TEMPORAL_SERVER_PATH';

const SERVER_BINARY = 'temporal-server';
const SQL_TOOL_BINARY = 'temporal-sql-tool';
/** Postgres 12+ schema (persistence and SQL visibility), copied from the server module. */
const SCHEMA_SUBDIR = path.join('schema', 'postgresql', 'v12');

export interface TemporalServerInstall {
  server: string;
  sqlTool: string;
  /** Holds temporal/versioned and visibility/versioned. */
  postgresSchemaDir: string;
}

const defaultLog: Log = (msg) => console.error(`[temporal-server] ${msg}`);

export async function ensureTemporalServer(log: Log = defaultLog): Promise<TemporalServerInstall> {
  const fromEnv = process.env[TEMPORAL_SERVER_ENV_VAR];
  if (fromEnv) {
    const install = installIn(path.dirname(path.resolve(fromEnv)), path.resolve(fromEnv));
    const missing = missingParts(install);
    if (missing.length > 0) {
      throw new Error(
        `${TEMPORAL_SERVER_ENV_VAR} is set to "${fromEnv}", but ${missing.join(', ')} ` +
          `${missing.length === 1 ? 'is' : 'are'} missing (the SQL tool and schema/postgresql/v12 sit beside the server).`,
      );
    }
    return install;
  }

  const dir = path.join(batonCacheDir(), 'temporal-server', `v${TEMPORAL_SERVER_VERSION}`);
  const install = installIn(dir);
  if (missingParts(install).length === 0) return install;

  const what = `Temporal server v${TEMPORAL_SERVER_VERSION}`;
  const fixHint =
    `Install Go (https://go.dev/dl/) with access to the Go module proxy, or set ${TEMPORAL_SERVER_ENV_VAR} ` +
    `to a ${SERVER_BINARY} binary with ${SQL_TOOL_BINARY} and ${SCHEMA_SUBDIR} beside it.`;
  await buildOnce(
    {
      what,
      targetDir: dir,
      markerFile: SERVER_BINARY,
      isReady: () => missingParts(installIn(dir)).length === 0,
      startMessage:
        `${what} not found; building it and its SQL tool with \`go install\` into ${dir}. ` +
        'This takes several minutes the first time.',
      build: async (scratchDir) => {
        const goBin = path.join(scratchDir, 'bin');
        // One after the other: two Go builds side by side on a small machine only fight for the cores.
        await runBuildStep({
          what,
          command: 'go',
          args: ['install', SQL_TOOL_PACKAGE],
          env: { GOBIN: goBin },
          fixHint,
        });
        await runBuildStep({ what, command: 'go', args: ['install', SERVER_PACKAGE], env: { GOBIN: goBin }, fixHint });
        fs.renameSync(path.join(goBin, 'sql'), path.join(scratchDir, SQL_TOOL_BINARY));
        fs.renameSync(path.join(goBin, 'server'), path.join(scratchDir, SERVER_BINARY));
        fs.rmSync(goBin, { recursive: true, force: true });
        const moduleDir = await serverModuleDir(what, fixHint);
        fs.cpSync(path.join(moduleDir, SCHEMA_SUBDIR), path.join(scratchDir, SCHEMA_SUBDIR), { recursive: true });
        // The module cache is read-only; the copy need not be.
        fs.chmodSync(path.join(scratchDir, 'schema'), 0o755);
      },
    },
    log,
  );
  // The marker is published last, but `schema/` may have landed in an earlier rename: check it all.
  const missing = missingParts(install);
  if (missing.length > 0) throw new Error(`Building the ${what} left ${missing.join(', ')} missing in ${dir}.`);
  return install;
}

function installIn(dir: string, server = path.join(dir, SERVER_BINARY)): TemporalServerInstall {
  return { server, sqlTool: path.join(dir, SQL_TOOL_BINARY), postgresSchemaDir: path.join(dir, SCHEMA_SUBDIR) };
}

function missingParts(install: TemporalServerInstall): string[] {
  const missing: string[] = [];
  if (!isExecutableFile(install.server)) missing.push(install.server);
  if (!isExecutableFile(install.sqlTool)) missing.push(install.sqlTool);
  for (const part of ['temporal', 'visibility']) {
    const versioned = path.join(install.postgresSchemaDir, part, 'versioned');
    if (!fs.existsSync(versioned)) missing.push(versioned);
  }
  return missing;
}

/** Where `go install` left the server module's source (for its schema files). */
async function serverModuleDir(what: string, fixHint: string): Promise<string> {
  const result = await run('go', ['mod', 'download', '-json', `${SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`]);
  try {
    // The output may carry `go: downloading` lines from stderr around the JSON.
    const json = result.output.slice(result.output.indexOf('{'), result.output.lastIndexOf('}') + 1);
    const { Dir } = JSON.parse(json) as { Dir?: string };
    if (result.exitCode === 0 && Dir) return Dir;
  } catch {
    // reported below with the output
  }
  throw new Error(
    `Building the ${what} failed: \`go mod download\` did not name the module folder.\n${result.output}\n${fixHint}`,
  );
}
