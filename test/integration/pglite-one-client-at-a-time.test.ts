import { Client } from 'pg';
import { startPglite, type PgliteServer } from '../../db/pglite';

// PGlite serves one client at a time. A client that connects while another is still on (or just
// leaving) waits its turn, as it would for a free Postgres backend, instead of being closed at once.
describe('the embedded PGlite server', () => {
  let server: PgliteServer;
  beforeAll(async () => {
    server = await startPglite();
  });
  afterAll(() => server.stop());

  it('lets a second client in as soon as the first one leaves', async () => {
    const first = new Client({ connectionString: server.url });
    await first.connect();
    await first.query('CREATE TABLE turn (who text)');
    await first.query(`INSERT INTO turn VALUES ('first')`);

    const second = new Client({ connectionString: server.url });
    let secondIn = false;
    const connecting = second.connect().then(() => (secondIn = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondIn).toBe(false);

    await first.end();
    await connecting;
    await second.query(`INSERT INTO turn VALUES ('second')`);
    expect((await second.query('SELECT who FROM turn ORDER BY who')).rows).toEqual([
      { who: 'first' },
      { who: 'second' },
    ]);
    await second.end();
  });

  it('serves clients that connect the moment the one before them has closed', async () => {
    for (let round = 0; round < 30; round++) {
      const client = new Client({ connectionString: server.url });
      await client.connect();
      expect((await client.query('SELECT $1::int AS round', [round])).rows).toEqual([{ round }]);
      void client.end();
    }
  });
});
