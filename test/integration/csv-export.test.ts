import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { parse } from 'csv-parse/sync';
import { connectDatabase, type Database } from '../../db/prisma';
import { freePort } from '../../runtime/free-port';
import {
  TEST_JWT_SECRET,
  TEST_TASK_QUEUE,
  createTestDatabase,
  tokenFor,
  type Identity,
  type TestDatabase,
} from '../helpers/baton-harness';
import { spawnEntryPoint, waitForOutput } from '../helpers/processes';
import { temporalCliExecutable } from '../helpers/test-env';

/**
 * CSV export (issue 18), against the API as its own process (as deployed): 10,000 trials written
 * straight into Postgres, each with a 3 KB account name, export as RFC 4180 CSV in UTF-8 with a
 * byte order mark, read in batches, by an API process whose V8 heap is limited to about three times
 * less than the list would take if held (the rows as objects and the file as text). A regional user's export holds
 * only their region's trials.
 */

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const SALES_WEST: Identity = { subject: 'wu@west.example', roles: ['sales'], regions: ['west'] };
const ROWS = 10_000;
const HEAP_LIMIT_MIB = 96;

/** The process's peak resident set (VmHWM) in bytes. */
function peakResident(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB$/m);
  return Number(line![1]) * 1024;
}

describe('CSV export of the POC list from the API process, on postgres', () => {
  let temporal: TestWorkflowEnvironment;
  let database: TestDatabase;
  let db: Database;
  let api: ChildProcessWithoutNullStreams;
  let apiUrl: string;

  beforeAll(async () => {
    temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
    database = await createTestDatabase('postgres');
    db = connectDatabase(database.url, { maxConnections: 2 });
    // A long account name (with a comma, a quote, a line break and Chinese) makes each row about 3 KB.
    await db.$executeRaw`
      INSERT INTO poc_trial (id, workflow_id, account, region, industry, opportunity_id, amount, product, sales_owner, calendar,
                             stage, stage_entered_at, at_risk, requested_at, requested_by, approval_due_date, approval_overdue,
                             auto_approved, planned_start, end_date, expires_on, missed_check_ins, criteria_total, criteria_met,
                             criteria_unmet, extensions_granted, extension_days_granted, projection_seq, updated_at)
      SELECT 'poc:acct-' || i || ':OPP-' || i, 'poc:acct-' || i || ':OPP-' || i,
             '华东零售 "Acme", Ltd.' || chr(10) || 'branch ' || i || ' ' || repeat('x', 3000),
             CASE WHEN i % 4 = 0 THEN 'west' ELSE 'east' END, 'Retail', 'OPP-' || i, 1000 + i, 'Baton Analytics', 'sam',
             'cn-mainland', 'active', now(), false, now() - make_interval(secs => i), 'sam', '2027-01-01', false, false,
             '2027-01-01', '2027-02-01', '2027-02-01', 0, 3, 1, 0, 0, 0, 1, now()
      FROM generate_series(1, ${ROWS}) AS i`;
    const port = await freePort();
    api = spawnEntryPoint('api.ts', {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
      DATABASE_URL: database.url,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      PORT: String(port),
      API_HOST: '127.0.0.1',
      // The bound: a heap this size holds the API and a batch, not the list (the rows as objects and the
      // file as text would need several times the ~30 MiB file); an export that held it all would die here.
      NODE_OPTIONS: `--max-old-space-size=${HEAP_LIMIT_MIB}`,
    });
    await waitForOutput(api, 'API listening');
    apiUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    api?.kill('SIGKILL');
    await db?.$disconnect();
    await database?.drop();
    await temporal?.teardown();
  });

  /** Downloads the export piece by piece, keeping only what the test checks. */
  async function download(as: Identity, query = '', language = 'en') {
    const response = await fetch(`${apiUrl}/api/pocs.csv${query}`, {
      headers: { authorization: `Bearer ${await tokenFor(as)}`, 'accept-language': language },
    });
    expect(response.status).toBe(200);
    const chunks: Buffer[] = [];
    let pieces = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      pieces += 1;
      chunks.push(Buffer.from(chunk));
    }
    const bytes = Buffer.concat(chunks);
    return { response, bytes, pieces };
  }

  it('streams 10,000 rows (about 30 MiB) in bounded memory, quoted as RFC 4180 with a BOM; a regional user gets only their region', async () => {
    // Warm up the route (code loaded, connections open, the heap grown for one export of a quarter of
    // the rows) so the figure below is what the whole list adds.
    await download(SALES_WEST);
    const before = peakResident(api.pid!);
    const { response, bytes, pieces } = await download(ADMIN);
    const after = peakResident(api.pid!);

    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="pocs-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n', 1)[0]).toBe(
      'Trial,Account,Region,Industry,Product,Opportunity,Amount,Currency,Sales owner,Stage,In stage since,At risk,Requested at,Planned start,End date,Criteria met,Criteria,Outcome,Outcome at,Loss reason',
    );
    const records: string[][] = parse(text, { relax_column_count: false });
    expect(records.length).toBe(ROWS + 1);
    expect(records[1]![1]).toBe(`华东零售 "Acme", Ltd.\nbranch 1 ${'x'.repeat(3000)}`);
    expect(text).toContain(`"华东零售 ""Acme"", Ltd.\nbranch 1 `);
    expect(new Set(records.slice(1).map((record) => record[0])).size).toBe(ROWS);

    const growth = after - before;
    process.stdout.write(
      `[csv export] ${ROWS} rows, ${(bytes.length / 1048576).toFixed(1)} MiB in ${pieces} network pieces; ` +
        `API process peak RSS ${(before / 1048576).toFixed(1)} MiB before, ${(after / 1048576).toFixed(1)} MiB after ` +
        `(grew ${(growth / 1048576).toFixed(1)} MiB; V8 heap limit ${HEAP_LIMIT_MIB} MiB)\n`,
    );
    // It answered every row under a heap limit of a third of the file, and is still serving.
    expect(api.exitCode).toBeNull();

    const west = await download(SALES_WEST, '', 'zh-CN');
    const westText = west.bytes.toString('utf8').slice(1);
    expect(westText.split('\r\n', 1)[0]).toMatch(/^试用,客户,区域,/);
    const westRecords: string[][] = parse(westText);
    expect(westRecords.length - 1).toBe(ROWS / 4);
    expect(new Set(westRecords.slice(1).map((record) => record[2]))).toEqual(new Set(['west']));
    // The other lists export the same way: their headings, in the reader's language, and no rows here.
    for (const [list, heading] of [
      ['deals', '案例,客户,区域,商机,'],
      ['handoffs', '交接,客户,商机,区域,'],
      ['renewals', '续约,客户,区域,合同,'],
      ['launches', '发布,产品,区域,发布日期,'],
    ]) {
      const answer = await fetch(`${apiUrl}/api/${list}.csv`, {
        headers: { authorization: `Bearer ${await tokenFor(ADMIN)}`, 'accept-language': 'zh' },
      });
      const text = Buffer.from(await answer.arrayBuffer()).toString('utf8');
      expect({
        list,
        status: answer.status,
        heading: text.startsWith(`\uFEFF${heading}`),
        lines: text.split('\r\n').length,
      }).toEqual({
        list,
        status: 200,
        heading: true,
        lines: 2,
      });
    }
    // Asking for another region's trials gives none of them.
    const east = await download(SALES_WEST, '?region=east');
    expect(parse(east.bytes.toString('utf8').slice(1)).length).toBe(1);
  }, 240_000);
});
