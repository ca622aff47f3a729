import { SHARE_EVERY_MS, SharedHitCounter } from '../../api/http/hit-counter';
import { connectDatabase } from '../../db/prisma';
import { createTestDatabase, eventually, startBatonStack, type BatonStack } from '../helpers/baton-harness';

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
      const mine = new SharedHitCounter(one);
      const theirs = new SharedHitCounter(other);
      // Each replica counts its own at once, and shares them with the others within a quarter second.
      expect(await mine.hit('sub:shared-test')).toBe(1);
      expect(await mine.hit('sub:shared-test')).toBe(2);
      expect(await theirs.hit('sub:shared-test')).toBe(1);
      // A replica that only looked at a key (refused credentials counted elsewhere) learns its count too.
      expect(await theirs.peek('auth-failed:192.0.2.7')).toBe(0);
      await mine.hit('auth-failed:192.0.2.7');
      await mine.share();
      await theirs.share();
      expect(await theirs.peek('sub:shared-test')).toBe(3);
      expect(await theirs.peek('auth-failed:192.0.2.7')).toBe(1);
      await mine.share();
      expect(await mine.hit('sub:shared-test')).toBe(4);
      // Nobody shares by hand in the API: the counts travel on their own while requests come.
      // Each round shares within SHARE_EVERY_MS; a loaded machine may take a few rounds.
      await theirs.hit('sub:shared-test');
      const seen = await eventually(
        () => mine.peek('sub:shared-test'),
        (count) => count === 5,
        40 * SHARE_EVERY_MS,
      );
      expect(seen).toBe(5);
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
