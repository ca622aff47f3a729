import { PostgresHitCounter } from '../../api/http/hit-counter';
import { connectDatabase } from '../../db/prisma';
import { createTestDatabase, startBatonStack, type BatonStack } from '../helpers/baton-harness';

describe('rate limits kept in Postgres', () => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack('pglite', {
      runWorker: false,
      api: { rateLimitPerMinute: 100_000, failedAuthPerMinute: 30 },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  // PGlite takes one connection at a time, so two replicas need the Postgres server.
  it('shares the counts between API replicas (two clients of one database)', async () => {
    const database = await createTestDatabase('postgres');
    const one = connectDatabase(database.url);
    const other = connectDatabase(database.url);
    try {
      const mine = new PostgresHitCounter(one);
      const theirs = new PostgresHitCounter(other);
      expect(await mine.hit('sub:shared-test')).toBe(1);
      expect(await theirs.hit('sub:shared-test')).toBe(2);
      expect(await mine.peek('sub:shared-test')).toBe(2);
    } finally {
      await one.$disconnect();
      await other.$disconnect();
      await database.drop();
    }
  });

  // Last: afterwards this test's address is refused for the rest of the minute.
  it('answers 429 to 40 requests with 40 different junk bearer tokens from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const junk = i % 2 === 0 ? `baton_${'x'.repeat(20)}${i}` : `junk.${i}.token`;
      statuses.push((await stack.request('GET', '/api/launches', undefined, { as: junk })).status);
    }
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(30);
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
  });
});
