import {
  ALLOWED_ORIGIN,
  databaseKinds,
  eventually,
  startBatonStack,
  tokenFor,
  type BatonStack,
  type Identity,
} from '../helpers/baton-harness';

const ADMIN: Identity = { subject: 'root@hq.example', roles: ['admin'] };
const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };

describe.each(databaseKinds())('API contract and security on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const startLaunch = (launchId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    stack.request(
      'POST',
      '/api/launches',
      { launchId, productName: `P ${launchId}`, launchDate: '2030-06-01', ...extra },
      { as: OPS, headers },
    );
  const auditFor = async (target: string) =>
    (await stack.request('GET', `/api/audit?target=${encodeURIComponent(target)}`, undefined, { as: ADMIN })).body
      .items as Array<Record<string, unknown>>;

  // Empty until the run's first projection has reached the read model (the timeline answers 404 before).
  const timelineOf = async (launchId: string, type: string) => {
    const response = await stack.request('GET', `/api/launches/${launchId}/timeline?type=${type}`, undefined, {
      as: OPS,
    });
    return (response.status === 200 ? response.body.items : []) as Array<Record<string, unknown>>;
  };

  describe('Idempotency-Key', () => {
    it('lets 20 concurrent identical requests take effect once, and answers all of them alike', async () => {
      await startLaunch('idem');
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          stack.request(
            'POST',
            '/api/launches/idem/items/demand-research/complete',
            { link: 'https://wiki.example/r' },
            { as: OPS, headers: { 'Idempotency-Key': 'complete-research-1' } },
          ),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
      const bodies = new Set(responses.map((response) => JSON.stringify(response.body)));
      expect(bodies.size).toBe(1);
      expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);

      const history = await stack.temporal.client.workflow.getHandle('launch:idem').fetchHistory();
      expect(history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
      const completions = await eventually(
        () => timelineOf('idem', 'item.completed'),
        (events) => events.length > 0,
      );
      expect(completions).toHaveLength(1);

      // Without the key, the same request is a second attempt, and the run says so.
      const again = await stack.request(
        'POST',
        '/api/launches/idem/items/demand-research/complete',
        { link: 'https://wiki.example/r' },
        { as: OPS },
      );
      expect(again.status).toBe(409);
    });

    it('refuses the same key for a different request, and keeps keys per caller', async () => {
      const first = await startLaunch('idem-a', {}, { 'Idempotency-Key': 'start-1' });
      expect(first.status).toBe(201);
      const replay = await startLaunch('idem-a', {}, { 'Idempotency-Key': 'start-1' });
      expect(replay).toMatchObject({ status: 201, body: first.body });
      expect(replay.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(replay.headers.get('location')).toBe('/api/launches/idem-a');

      const different = await startLaunch('idem-b', {}, { 'Idempotency-Key': 'start-1' });
      expect(different.status).toBe(422);
      expect(different.contentType).toMatch(/problem\+json/);
      expect((await stack.request('GET', '/api/launches/idem-b')).status).toBe(404);

      const otherCaller = await stack.request(
        'POST',
        '/api/launches',
        { launchId: 'idem-c', productName: 'P idem-c', launchDate: '2030-06-01' },
        {
          as: ADMIN,
          headers: { 'Idempotency-Key': 'start-1' },
        },
      );
      expect(otherCaller.status).toBe(201);
      expect(
        (
          await stack.request(
            'POST',
            '/api/launches',
            { launchId: 'idem-d', productName: 'x', launchDate: '2030-01-01' },
            { headers: { 'Idempotency-Key': 'bad key with spaces' } },
          )
        ).status,
      ).toBe(400);
    });

    it('replays a refused request as refused', async () => {
      const headers = { 'Idempotency-Key': 'unknown-item-1' };
      await startLaunch('idem-e');
      const first = await stack.request('POST', '/api/launches/idem-e/items/nope/complete', {}, { as: OPS, headers });
      const second = await stack.request('POST', '/api/launches/idem-e/items/nope/complete', {}, { as: OPS, headers });
      expect(first.status).toBe(422);
      expect(second).toMatchObject({ status: 422, body: first.body });
      expect(second.contentType).toMatch(/problem\+json/);
    });
  });

  describe('If-Match', () => {
    it('acts only on the version the caller saw', async () => {
      const started = await startLaunch('cond');
      const etag = started.headers.get('etag')!;
      const stale = await stack.request(
        'POST',
        '/api/launches/cond/items/demand-research/start',
        {},
        { as: OPS, headers: { 'If-Match': '"999"' } },
      );
      expect(stale.status).toBe(412);
      const fresh = await stack.request(
        'POST',
        '/api/launches/cond/items/demand-research/start',
        {},
        { as: OPS, headers: { 'If-Match': etag } },
      );
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get('etag')).not.toBe(etag);
      const reused = await stack.request(
        'POST',
        '/api/launches/cond/items/demand-research/complete',
        { link: 'https://wiki.example/r' },
        { as: OPS, headers: { 'If-Match': etag } },
      );
      expect(reused.status).toBe(412);
    });
  });

  describe('API tokens', () => {
    it('are created by admins, shown once, work as their identity, and stop working when revoked', async () => {
      const created = await stack.request(
        'POST',
        '/api/tokens',
        { name: 'crm sync', subject: 'crm-sync', roles: ['sales'], regions: ['north'] },
        { as: ADMIN },
      );
      expect(created.status).toBe(201);
      const secret: string = created.body.token;
      expect(secret).toMatch(/^baton_/);

      await startLaunch('north-launch', { regions: ['north'] });
      await startLaunch('south-launch', { regions: ['south'] });
      const seen = await eventually(
        () => stack.request('GET', '/api/launches', undefined, { as: secret }),
        (response) => response.body.items.some((row: { launchId: string }) => row.launchId === 'north-launch'),
      );
      const visible = seen.body.items.map((row: { launchId: string }) => row.launchId);
      expect(visible).not.toContain('south-launch');
      expect(
        (
          await stack.request(
            'POST',
            '/api/launches',
            { launchId: 'by-token', productName: 'x', launchDate: '2030-01-01' },
            { as: secret },
          )
        ).status,
      ).toBe(403);

      const listed = await stack.request('GET', '/api/tokens', undefined, { as: ADMIN });
      const row = listed.body.items.find((token: { id: string }) => token.id === created.body.id);
      expect(row).toMatchObject({ name: 'crm sync', subject: 'crm-sync', revokedAt: null });
      expect(row.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed.body)).not.toContain(secret);

      expect((await stack.request('DELETE', `/api/tokens/${created.body.id}`, undefined, { as: OPS })).status).toBe(
        403,
      );
      expect((await stack.request('DELETE', `/api/tokens/${created.body.id}`, undefined, { as: ADMIN })).status).toBe(
        204,
      );
      expect((await stack.request('GET', '/api/launches', undefined, { as: secret })).status).toBe(401);
      expect(
        (await stack.request('DELETE', '/api/tokens/00000000-0000-4000-8000-000000000000', undefined, { as: ADMIN }))
          .status,
      ).toBe(404);
      expect(
        (await stack.request('POST', '/api/tokens', { name: 'x', subject: 'x', roles: ['emperor'] }, { as: ADMIN }))
          .status,
      ).toBe(400);
    });
  });

  describe('audit log', () => {
    it("records every run action on the run's timeline: who, what, when, before and after", async () => {
      await startLaunch('audited');
      await stack.request(
        'POST',
        '/api/launches/audited/items/demand-research/complete',
        { link: 'https://wiki.example/research' },
        { as: OPS },
      );
      const [completed] = await eventually(
        () => timelineOf('audited', 'item.completed'),
        (events) => events.length === 1,
      );
      expect(completed).toMatchObject({
        actor: OPS.subject,
        itemKey: 'demand-research',
        before: { status: 'ready' },
        after: { status: 'done', evidence: { link: 'https://wiki.example/research' } },
      });
      expect(Date.parse(completed!.at as string)).toBeGreaterThan(Date.now() - 60_000);
      const [started] = await timelineOf('audited', 'run.started');
      expect(started).toMatchObject({ actor: OPS.subject, n: 1 });
    });

    it('records configuration changes with the request id, readable by admins only', async () => {
      const template = (await stack.request('GET', '/api/templates/launch-readiness', undefined, { as: OPS })).body
        .definition;
      const created = await stack.request('POST', '/api/templates/launch-readiness/versions', template, { as: OPS });
      expect(created.status).toBe(201);
      const entries = await auditFor(`template:launch-readiness@${created.body.version}`);
      expect(entries).toEqual([
        expect.objectContaining({ actor: OPS.subject, requestId: created.headers.get('x-request-id') }),
      ]);
      expect((await stack.request('GET', '/api/audit', undefined, { as: OPS })).status).toBe(403);
    });

    it('takes the caller request id when it is sane', async () => {
      const response = await stack.request('GET', '/api/launches', undefined, {
        headers: { 'X-Request-Id': 'crm-7f3a' },
      });
      expect(response.headers.get('x-request-id')).toBe('crm-7f3a');
      const odd = await stack.request('GET', '/api/launches', undefined, {
        headers: { 'X-Request-Id': 'no spaces allowed here' },
      });
      expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('paging', () => {
    it('walks every launch once, in a stable order, with cursors', async () => {
      for (const [index, date] of ['2031-01-03', '2031-01-01', '2031-01-02', '2031-01-01', '2031-01-05'].entries()) {
        await startLaunch(`page-${index}`, { launchDate: date, regions: ['paging'] });
      }
      const regional: Identity = { subject: 'pager', roles: ['regional_ops'], regions: ['paging'] };
      await eventually(
        () => stack.request('GET', '/api/launches?limit=200', undefined, { as: regional }),
        (response) =>
          response.body.items.filter((row: { launchId: string }) => row.launchId.startsWith('page-')).length === 5,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/api/launches?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await stack.request('GET', query, undefined, { as: regional });
        expect(page.status).toBe(200);
        seen.push(
          ...page.body.items
            .filter((row: { regions: string[] }) => row.regions.includes('paging'))
            .map((row: { launchId: string }) => row.launchId),
        );
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      expect(seen).toEqual(['page-1', 'page-3', 'page-2', 'page-0', 'page-4']);
      expect((await stack.request('GET', '/api/launches?cursor=not-a-cursor')).status).toBe(400);
    });
  });

  describe('HTTP hardening', () => {
    it('allows only configured origins', async () => {
      const allowed = await stack.request('GET', '/api/launches', undefined, { headers: { Origin: ALLOWED_ORIGIN } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      const refused = await stack.request('GET', '/api/launches', undefined, {
        headers: { Origin: 'https://evil.example' },
      });
      expect(refused.status).toBe(403);
      expect(refused.contentType).toMatch(/problem\+json/);
    });

    it('refuses oversized bodies and sets security headers', async () => {
      const huge = await stack.request('POST', '/api/launches', {
        launchId: 'big',
        productName: 'x'.repeat(300_000),
        launchDate: '2030-01-01',
      });
      expect(huge.status).toBe(413);
      expect(huge.contentType).toMatch(/problem\+json/);
      const headers = (await stack.request('GET', '/healthz', undefined, { as: null })).headers;
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(headers.get('x-powered-by')).toBeNull();
    });

    it('answers the longest URL its schemas allow itself, never with a bare 431', async () => {
      // A 1,000-character id and a 1,000-character filter of 3-byte characters: 18 KB percent-encoded.
      const id = encodeURIComponent('中'.repeat(1000));
      const type = encodeURIComponent('中'.repeat(1000));
      expect(`/api/renewals/${id}/timeline?type=${type}`.length).toBeGreaterThan(16 * 1024);
      const response = await stack.request('GET', `/api/renewals/${id}/timeline?type=${type}`, undefined, { as: OPS });
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/problem\+json/);
      expect(response.body.errors.map((issue: { path: string }) => issue.path.split('.')[0])).toContain('type');
    });

    it('refuses strings Postgres cannot store, wherever they are, with the field named', async () => {
      const nulInBody = await stack.request('POST', '/api/launches', {
        launchId: 'nul',
        productName: 'x\u0000y',
        launchDate: '2030-01-01',
      });
      expect(nulInBody.status).toBe(400);
      expect(nulInBody.body.errors).toEqual([expect.objectContaining({ path: 'productName', code: 'invalid_string' })]);
      const surrogate = await stack.request(
        'POST',
        '/api/tokens',
        { name: '\ud989', subject: 's', roles: ['sales'] },
        { as: ADMIN },
      );
      expect(surrogate.status).toBe(400);
      expect((await stack.request('GET', '/api/audit?actor=a%00', undefined, { as: ADMIN })).status).toBe(400);
      expect((await stack.request('GET', '/api/launches/nul')).status).toBe(404);
      const fine = await stack.request('POST', '/api/launches', {
        launchId: 'emoji',
        productName: 'Launch 🚀 上市',
        launchDate: '2030-01-01',
      });
      expect(fine.status).toBe(201);
    });

    it('treats an empty body as no body, not as a wrong media type', async () => {
      const response = await fetch(`${stack.apiUrl}/api/tokens/00000000-0000-4000-8000-000000000000`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${await tokenFor(ADMIN)}`, 'content-length': '0' },
      });
      expect(response.status).toBe(404);
    });

    it('serves the interactive docs from its own origin', async () => {
      const docs = await fetch(`${stack.apiUrl}/api/docs/`);
      expect(docs.status).toBe(200);
      const html = await docs.text();
      expect(html).toMatch(/swagger-ui/);
      expect(html).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.(js|css)/);
    });
  });
});
