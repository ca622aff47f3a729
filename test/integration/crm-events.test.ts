import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { requestJson } from '../helpers/http';

/**
 * CRM events in (issue 18), end to end: a real HTTP sender signs Salesforce- and HubSpot-shaped
 * events with Standard Webhooks (the same library Baton verifies with) and posts them to a running
 * Baton on a real Temporal server; the cases end as the CRM says, once each.
 */

const ADMIN: Identity = { subject: 'ada@hq.example', roles: ['admin'] };
const OPS_EAST: Identity = { subject: 'erin@east.example', roles: ['regional_ops'], regions: ['east'] };
const SAMPLES = path.join(__dirname, '../../domain/integrations/samples');
const sample = (name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(SAMPLES, name), 'utf8'));

/** A CRM's outbound webhook: signs the exact bytes it sends, as Standard Webhooks specifies. */
function crmSender(apiUrl: string, source: string, secret: string) {
  return async (
    eventId: string,
    payload: unknown,
    options: { at?: Date; tamper?: boolean; rawBody?: string; language?: string } = {},
  ) => {
    const body = options.rawBody ?? JSON.stringify(payload);
    const at = options.at ?? new Date();
    const signature = new Webhook(secret).sign(eventId, at, body);
    return requestJson(apiUrl, 'POST', `/api/integrations/${source}/events`, options.tamper ? `${body} ` : body, {
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
      ...(options.language ? { 'accept-language': options.language } : {}),
    });
  };
}

describe.each(databaseKinds())('CRM events into Baton on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;
  let salesforce: ReturnType<typeof crmSender>;
  let hubspot: ReturnType<typeof crmSender>;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
    const secret = async (source: string) => {
      const answer = await stack.request('POST', `/api/integrations/${source}/secret`, undefined, { as: ADMIN });
      expect(answer.status).toBe(201);
      expect(answer.body.secret).toMatch(/^whsec_/);
      return answer.body.secret as string;
    };
    salesforce = crmSender(stack.apiUrl, 'salesforce', await secret('salesforce'));
    hubspot = crmSender(stack.apiUrl, 'hubspot', await secret('hubspot'));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const trial = (id: string) => stack.request('GET', `/api/pocs/${encodeURIComponent(id)}`, undefined, { as: ADMIN });
  const trialsOf = async (account: string) =>
    (await stack.request('GET', '/api/pocs?limit=100', undefined, { as: ADMIN })).body.items.filter(
      (item: { account: string }) => item.account === account,
    );
  const act = (id: string, action: string, body: unknown, as: Identity) =>
    stack.request('POST', `/api/pocs/${encodeURIComponent(id)}/${action}`, body, { as });

  it('requests, updates (out of order and duplicated) and wins a Salesforce opportunity: one trial, one handoff', async () => {
    const trialId = 'poc:Acme%20Retail:006Dn00000AcmeOPP';
    const requested = await salesforce('sf-evt-1', sample('salesforce-opportunity-trial.json'));
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({
      eventId: 'sf-evt-1',
      mappingVersion: 0,
      duplicate: false,
      outcomes: [{ command: 'request-poc', workflowId: trialId, outcome: 'started' }],
    });
    expect((await trial(trialId)).body).toMatchObject({
      stage: 'requested',
      region: 'east',
      salesOwner: 'sam',
      requestedBy: 'crm:salesforce',
      opportunity: { id: '006Dn00000AcmeOPP', amount: 50000, currency: 'CNY' },
    });

    // The CRM sends the same event again: answered from the first, nothing runs twice.
    const repeat = await salesforce('sf-evt-1', sample('salesforce-opportunity-trial.json'));
    expect(repeat.body).toMatchObject({ duplicate: true, outcomes: requested.body.outcomes });

    const updated = await salesforce('sf-evt-2', sample('salesforce-opportunity-updated.json'));
    expect(updated.body.outcomes).toEqual([
      {
        command: 'request-poc',
        workflowId: trialId,
        outcome: 'updated',
        applied: ['amount', 'owner', 'closeDate'],
        ignored: ['stage'],
      },
    ]);
    // An older version of the opportunity arrives late (amount 55,000 at 12:00 on the 1st): ignored field by field.
    const late = sample('salesforce-opportunity-trial.json') as { sobject: Record<string, unknown> };
    late.sobject.Amount = 55000;
    late.sobject.LastModifiedDate = '2026-12-01T12:00:00.000+0000';
    const stale = await salesforce('sf-evt-1b', late);
    expect(stale.body.outcomes[0]).toMatchObject({ outcome: 'ignored', applied: [] });
    const afterUpdates = (await trial(trialId)).body;
    expect(afterUpdates).toMatchObject({ salesOwner: 'sally', opportunity: { amount: 65000 } });
    const crmEntries = afterUpdates.timeline.filter(
      (entry: { type: string }) => entry.type === 'poc.crm-details-updated',
    );
    expect(crmEntries.map((entry: { summary: string }) => entry.summary)).toEqual([
      'The CRM (salesforce) updated the POC for Acme Retail (opportunity 006Dn00000AcmeOPP): close date 2027-01-31, CRM stage Proof of Concept',
      'The CRM (salesforce) updated the POC for Acme Retail (opportunity 006Dn00000AcmeOPP): amount 50000 → 65000, sales owner sam → sally, close date 2027-01-31 → 2027-02-28',
    ]);

    // Closed won before the trial ran: the case refuses, the event is kept, and a replay applies it later.
    const early = await salesforce('sf-evt-3', sample('salesforce-opportunity-closed-won.json'));
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/^Baton could not apply the event: .*requested.*dead letter dl_/);

    expect((await act(trialId, 'approve', {}, OPS_EAST)).status).toBe(200);
    await eventually(
      () => trial(trialId),
      (answer) => answer.body.stage === 'provisioning',
    );
    expect((await act(trialId, 'provisioning/manual', { note: 'set up by hand' }, OPS_EAST)).status).toBe(200);
    expect((await act(trialId, 'kickoff', {}, OPS_EAST)).status).toBe(200);

    const replayed = await stack.request(
      'POST',
      `/api/integrations/dead-letters/${early.body.deadLetter}/replay`,
      undefined,
      { as: ADMIN },
    );
    expect(replayed.status).toBe(200);
    expect(replayed.body.outcomes).toEqual([
      {
        command: 'update-poc',
        workflowId: trialId,
        outcome: 'updated',
        applied: ['stage'],
        ignored: ['amount', 'owner', 'closeDate'],
      },
      { command: 'win-poc', workflowId: trialId, outcome: 'converted' },
    ]);
    // The won event again (the CRM retrying) changes nothing.
    expect((await salesforce('sf-evt-3', sample('salesforce-opportunity-closed-won.json'))).body.duplicate).toBe(true);

    const converted = await eventually(
      () => trial(trialId),
      (answer) => answer.body.nextPlaybook !== undefined && answer.body.nextPlaybook !== null,
    );
    expect(converted.body).toMatchObject({
      stage: 'converted',
      nextPlaybook: { workflowType: 'deliveryHandoff', status: 'started' },
    });
    const handoff = await stack.request(
      'GET',
      `/api/handoffs/${encodeURIComponent(converted.body.nextPlaybook.workflowId)}`,
      undefined,
      { as: ADMIN },
    );
    expect(handoff.status).toBe(200);
    expect(handoff.body).toMatchObject({ account: 'Acme Retail' });
    expect(await trialsOf('Acme Retail')).toHaveLength(1);
  });

  it('refuses tampered, replayed and unmappable HubSpot events, keeps them, and applies them after a mapping fix', async () => {
    // Two events for one new deal race each other: one trial.
    const [first, second] = await Promise.all([
      hubspot('hs-evt-1', sample('hubspot-deal-trial.json')),
      hubspot('hs-evt-2', sample('hubspot-deal-updated.json')),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await eventually(
      () => trialsOf('Globex'),
      (items) => items.length === 1,
    );
    expect((await trial('poc:Globex:9876543210')).body.opportunity.amount).toBe(48000);

    const tampered = await hubspot('hs-evt-3', sample('hubspot-deal-updated.json'), { tamper: true });
    expect(tampered.status).toBe(401);
    expect(tampered.body.detail).toMatch(/signature does not verify \(No matching signature found\)/);
    const old = await hubspot('hs-evt-4', sample('hubspot-deal-updated.json'), {
      at: new Date(Date.now() - 10 * 60_000),
    });
    expect(old.status).toBe(401);
    expect(old.body.detail).toMatch(/more than five minutes from now/);
    const malformed = await hubspot('hs-evt-5', undefined, { rawBody: '{"objectType": "deal", ' });
    expect(malformed.status).toBe(400);

    const noRegion = sample('hubspot-deal-trial.json') as { objectId: string; properties: Record<string, unknown> };
    noRegion.objectId = '5550001';
    delete noRegion.properties.baton_region;
    const unmappable = await hubspot('hs-evt-6', noRegion);
    expect(unmappable.status).toBe(422);
    expect(unmappable.body.errors).toEqual([
      {
        path: '',
        message: 'region is needed to request a trial: map it (fields.region) or give a default (defaults.region)',
        code: 'custom',
      },
    ]);

    // A payload the mapping cannot read: every problem names its path, in the reader's language.
    const unreadable = sample('hubspot-deal-trial.json') as { objectId: string; properties: Record<string, unknown> };
    unreadable.objectId = '5550002';
    delete unreadable.properties.dealstage;
    unreadable.properties.amount = 'lots';
    const unread = await hubspot('hs-evt-7', unreadable, { language: 'zh' });
    expect(unread.status).toBe(422);
    const inChinese = 'properties.dealstage（stage）缺失；properties.amount（amount）不是非负数："lots"';
    expect(unread.body.detail).toContain(`无法读取该事件：${inChinese}。`);
    const readInChinese = await stack.request(
      'POST',
      '/api/integrations/hubspot/mapping/dry-run',
      { payload: unreadable },
      { as: ADMIN, headers: { 'accept-language': 'zh' } },
    );
    expect(readInChinese.body).toMatchObject({ ok: false, problems: inChinese.split('；') });

    const letters = await stack.request('GET', '/api/integrations/dead-letters?source=hubspot', undefined, {
      as: ADMIN,
    });
    expect(letters.body.deadLetters[0].problem).toBe(
      'properties.dealstage (stage) is missing; properties.amount (amount) is not a non-negative number: "lots"',
    );
    const lettersInChinese = await stack.request('GET', '/api/integrations/dead-letters?source=hubspot', undefined, {
      as: ADMIN,
      headers: { 'accept-language': 'zh' },
    });
    expect(lettersInChinese.body.deadLetters[0].problem).toBe(inChinese);
    expect(
      letters.body.deadLetters.map((letter: { eventId: string; reason: string; verified: boolean }) => [
        letter.eventId,
        letter.reason,
        letter.verified,
      ]),
    ).toEqual([
      ['hs-evt-7', 'unmappable', true],
      ['hs-evt-6', 'unmappable', true],
      ['hs-evt-5', 'malformed', true],
      ['hs-evt-4', 'timestamp', false],
      ['hs-evt-3', 'signature', false],
    ]);
    // A letter that never verified is kept for reading, never applied.
    const unverified = await stack.request(
      'POST',
      `/api/integrations/dead-letters/${tampered.body.deadLetter}/replay`,
      undefined,
      { as: ADMIN },
    );
    expect(unverified.status).toBe(409);

    // The admin tries a fix on the payload first, then saves it as version 1 and replays.
    const current = (await stack.request('GET', '/api/integrations/hubspot/mapping', undefined, { as: ADMIN })).body;
    expect(current.version).toBe(0);
    const fixed = structuredClone(current.mapping);
    fixed.objects[0].defaults.region = 'west';
    const dryRun = await stack.request(
      'POST',
      '/api/integrations/hubspot/mapping/dry-run',
      { payload: noRegion, mapping: fixed },
      { as: ADMIN },
    );
    expect(dryRun.body).toMatchObject({ ok: true, commands: ['request-poc'], workflowId: 'poc:Globex:5550001' });
    const saved = await stack.request('PUT', '/api/integrations/hubspot/mapping', { mapping: fixed }, { as: ADMIN });
    expect(saved).toMatchObject({ status: 201, body: { version: 1 } });
    const invalid = await stack.request(
      'PUT',
      '/api/integrations/hubspot/mapping',
      { mapping: { objects: [] } },
      { as: ADMIN },
    );
    expect(invalid.status).toBe(400);

    const replay = await stack.request(
      'POST',
      `/api/integrations/dead-letters/${unmappable.body.deadLetter}/replay`,
      undefined,
      { as: ADMIN },
    );
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ mappingVersion: 1, outcomes: [{ outcome: 'started' }] });
    expect((await trial('poc:Globex:5550001')).body.region).toBe('west');
    const open = await stack.request('GET', '/api/integrations/dead-letters?source=hubspot&open=true', undefined, {
      as: ADMIN,
    });
    expect(open.body.deadLetters.map((letter: { eventId: string }) => letter.eventId)).toEqual([
      'hs-evt-7',
      'hs-evt-5',
      'hs-evt-4',
      'hs-evt-3',
    ]);
    // Only admins manage integrations.
    expect((await stack.request('GET', '/api/integrations/dead-letters', undefined, { as: OPS_EAST })).status).toBe(
      403,
    );
  });

  it("lists the sources, a source's mapping versions, and turns a subscription off and on (the admin board's reads)", async () => {
    const sources = await stack.request('GET', '/api/integrations/sources', undefined, { as: ADMIN });
    expect(sources.status).toBe(200);
    const versions = await stack.request('GET', '/api/integrations/hubspot/mapping/versions', undefined, { as: ADMIN });
    expect(versions.status).toBe(200);
    const latest = versions.body.versions[0].version as number;
    // The fix saved above is the newest; the mapping Baton ships stays at the end as version 0.
    expect(latest).toBeGreaterThanOrEqual(1);
    expect(versions.body.versions.map((version: { version: number }) => version.version)).toEqual(
      Array.from({ length: latest + 1 }, (_, index) => latest - index),
    );
    expect(versions.body.versions.at(-1)).toMatchObject({ version: 0, createdBy: 'baton', createdAt: null });
    expect(versions.body.versions[0]).toMatchObject({ createdBy: ADMIN.subject });
    const open = await stack.request('GET', '/api/integrations/dead-letters?open=true&limit=200', undefined, {
      as: ADMIN,
    });
    const openOf = (source: string) =>
      open.body.deadLetters.filter((letter: { source: string }) => letter.source === source).length;
    expect(sources.body.sources).toEqual([
      { source: 'hubspot', configured: true, shipped: true, latestVersion: latest, openDeadLetters: openOf('hubspot') },
      {
        source: 'salesforce',
        configured: true,
        shipped: true,
        latestVersion: 0,
        openDeadLetters: openOf('salesforce'),
      },
    ]);
    expect(
      (await stack.request('GET', '/api/integrations/nowhere/mapping/versions', undefined, { as: ADMIN })).status,
    ).toBe(404);

    const made = await stack.request(
      'POST',
      '/api/integrations/subscriptions',
      { url: 'http://127.0.0.1:9/hooks', kinds: ['won'] },
      { as: ADMIN },
    );
    const path = `/api/integrations/subscriptions/${made.body.id}`;
    const disabled = await stack.request('POST', `${path}/disable`, undefined, { as: ADMIN });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, disabledWhy: null });
    expect(Date.parse(disabled.body.disabledAt)).not.toBeNaN();
    const enabled = await stack.request('POST', `${path}/enable`, undefined, { as: ADMIN });
    expect(enabled.body).toMatchObject({ enabled: true, disabledAt: null, failureStreak: 0 });
    expect((await stack.request('POST', `${path}/disable`, undefined, { as: OPS_EAST })).status).toBe(403);
    expect((await stack.request('GET', '/api/integrations/sources', undefined, { as: OPS_EAST })).status).toBe(403);
  });
});
