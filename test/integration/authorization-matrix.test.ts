import type { Role } from '../../domain/shared/roles';
import { LAUNCH_READINESS_TEMPLATE } from '../../domain/launch/shipped-template';
import { ROLES, REGION_SCOPED_ROLES } from '../../domain/shared/roles';
import { startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const ADMIN: Identity = { subject: 'root@hq.example', roles: ['admin'] };
type Variant = 'own-region' | 'foreign-region';

/** What each role may do to a launch in the east region, seen from the east (own) or the west (foreign). */
function expected(role: Role, variant: Variant) {
  const hidden = REGION_SCOPED_ROLES.has(role) && variant === 'foreign-region';
  const seen = hidden ? 404 : 200;
  const mayStart = role === 'ops_manager' || role === 'admin';
  // The item is owned by presales: ops managers and admins may complete anything, presales its own items.
  const mayComplete = role === 'ops_manager' || role === 'admin' || role === 'presales';
  return {
    readEast: seen,
    listsEast: !hidden,
    readCompanyWide: 200,
    start: mayStart ? 201 : 403,
    complete: role === 'read_only' ? 403 : hidden ? 404 : mayComplete ? 200 : 403,
    timeline: seen,
    schedule: seen,
    tasks: 200,
    // Run-wide decisions are ops managers' and admins'; the matrix template has no gate to decide.
    decide: mayStart ? 422 : 403,
    // POC trials: sales and regional ops request in their regions, regional ops decide; the east trial was rejected already.
    requestPoc: !['sales', 'regional_ops', 'ops_manager', 'admin'].includes(role) ? 403 : hidden ? 403 : 201,
    readPoc: seen,
    pocDashboard: seen,
    approveRejectedPoc: !['regional_ops', 'ops_manager', 'admin'].includes(role) ? 403 : hidden ? 404 : 409,
    // Renewals: customer success, ops managers and admins start and decide; regional ops and sales also act, in their
    // regions. The east renewal has no proposal yet, so a negotiation note is refused (409) to everyone who may act.
    startRenewal: ['customer_success', 'ops_manager', 'admin'].includes(role) ? 201 : 403,
    readRenewal: seen,
    renewalCalendar: seen,
    noteRenewalNegotiation: !['customer_success', 'regional_ops', 'sales', 'ops_manager', 'admin'].includes(role)
      ? 403
      : hidden
        ? 404
        : 409,
    expandRenewalLower: ['customer_success', 'ops_manager', 'admin'].includes(role) ? 422 : 403,
    tokens: role === 'admin' ? 200 : 403,
    createToken: role === 'admin' ? 201 : 403,
    revokeUnknownToken: role === 'admin' ? 404 : 403,
    audit: role === 'admin' ? 200 : 403,
    // Templates are company-wide: every role reads them, ops managers and admins change them.
    listTemplates: 200,
    readTemplate: 200,
    readTemplateVersion: 200,
    createTemplateVersion: mayStart ? 201 : 403,
    validateTemplate: mayStart ? 200 : 403,
    listCalendars: 200,
    readCalendar: 200,
    countBusinessDays: 200,
    putCalendar: mayStart ? 200 : 403,
    previewSchedule: 200,
  };
}

const cases = ROLES.flatMap((role) =>
  (['own-region', 'foreign-region'] as const).map((variant) => [role, variant] as const),
);

/**
 * Callers who hold a region-scoped role next to a company-wide one. What the regional role grants
 * holds only in the caller's regions; the company-wide role grants only its own permissions, everywhere.
 * Every object here is in the east.
 */
interface MixedCase {
  name: string;
  caller: Identity;
  itemKey: string;
  itemOwner: Role;
  want: {
    readEast: number;
    listsEast: boolean;
    completeOwnedItem: number;
    requestPoc: number;
    readPoc: number;
    approveRejectedPoc: number;
    readRenewal: number;
    noteRenewalNegotiation: number;
  };
}

const MIXED: MixedCase[] = [
  {
    // read_only lets them see the east; regional_ops grants nothing there.
    name: 'regional_ops + read_only of the west',
    caller: { subject: 'ro-west@example.com', roles: ['regional_ops', 'read_only'], regions: ['west'] },
    itemKey: 'mixed-ro-west',
    itemOwner: 'regional_ops',
    want: {
      readEast: 200,
      listsEast: true,
      completeOwnedItem: 403,
      requestPoc: 403,
      readPoc: 200,
      approveRejectedPoc: 403,
      readRenewal: 200,
      noteRenewalNegotiation: 403,
    },
  },
  {
    // In their own region the regional role grants what it always did.
    name: 'regional_ops + read_only of the east',
    caller: { subject: 'ro-east@example.com', roles: ['regional_ops', 'read_only'], regions: ['east'] },
    itemKey: 'mixed-ro-east',
    itemOwner: 'regional_ops',
    want: {
      readEast: 200,
      listsEast: true,
      completeOwnedItem: 200,
      requestPoc: 201,
      readPoc: 200,
      approveRejectedPoc: 409,
      readRenewal: 200,
      noteRenewalNegotiation: 409,
    },
  },
  {
    // customer_service acts company-wide on what it owns; sales may request and act only in the west.
    name: 'sales + customer_service of the west',
    caller: { subject: 'sc-west@example.com', roles: ['sales', 'customer_service'], regions: ['west'] },
    itemKey: 'mixed-sc-west',
    itemOwner: 'customer_service',
    want: {
      readEast: 200,
      listsEast: true,
      completeOwnedItem: 200,
      requestPoc: 403,
      readPoc: 200,
      approveRejectedPoc: 403,
      readRenewal: 200,
      noteRenewalNegotiation: 403,
    },
  },
  {
    // An item owned by sales is not theirs in the east, although customer_service may act there.
    name: 'sales + customer_service of the west, on a sales item',
    caller: { subject: 'sc-west-2@example.com', roles: ['sales', 'customer_service'], regions: ['west'] },
    itemKey: 'mixed-sc-west-sales',
    itemOwner: 'sales',
    want: {
      readEast: 200,
      listsEast: true,
      completeOwnedItem: 403,
      requestPoc: 403,
      readPoc: 200,
      approveRejectedPoc: 403,
      readRenewal: 200,
      noteRenewalNegotiation: 403,
    },
  },
  {
    // presales is company-wide but may not decide trials; regional_ops may, only in the west.
    name: 'regional_ops + presales of the west',
    caller: { subject: 'rp-west@example.com', roles: ['regional_ops', 'presales'], regions: ['west'] },
    itemKey: 'mixed-rp-west',
    itemOwner: 'presales',
    want: {
      readEast: 200,
      listsEast: true,
      completeOwnedItem: 200,
      requestPoc: 403,
      readPoc: 200,
      approveRejectedPoc: 403,
      readRenewal: 200,
      noteRenewalNegotiation: 403,
    },
  },
  {
    // Only regional roles: the east stays hidden, as for each role alone.
    name: 'regional_ops + sales of the west',
    caller: { subject: 'rs-west@example.com', roles: ['regional_ops', 'sales'], regions: ['west'] },
    itemKey: 'mixed-rs-west',
    itemOwner: 'sales',
    want: {
      readEast: 404,
      listsEast: false,
      completeOwnedItem: 404,
      requestPoc: 403,
      readPoc: 404,
      approveRejectedPoc: 404,
      readRenewal: 404,
      noteRenewalNegotiation: 404,
    },
  },
];

const pocRequest = (account: string) => ({
  account,
  region: 'east',
  industry: 'retail',
  opportunity: { id: 'opp-1', amount: 90000 },
  product: 'Baton CRM',
  salesOwner: 'seller@east.example',
  criteria: [{ description: 'Works', measuredBy: 'the customer says so' }],
  plannedStart: '2030-03-04',
  durationDays: 30,
});

const renewalStart = (account: string) => ({
  account,
  region: 'east',
  contractId: 'C-1',
  termStart: '2030-01-01',
  contractEnd: '2030-12-31',
  value: 100000,
});

describe('authorization matrix: every route x every role x own/foreign region', () => {
  let stack: BatonStack;
  let eastTrial: string;
  let eastRenewal: string;

  beforeAll(async () => {
    stack = await startBatonStack('pglite');
    // One presales item per case, so each caller completes an item nobody else has touched.
    const items = [
      ...cases.map(([role, variant]) => ({
        key: `${role.replace(/_/g, '-')}-${variant}`,
        title: 'Battlecard',
        phase: 'build',
        ownerRole: 'presales',
        due: { days: -7 },
      })),
      // One item per mixed-role caller, owned by the role its case is about.
      ...MIXED.map((mixed) => ({
        key: mixed.itemKey,
        title: 'Regional briefing',
        phase: 'build',
        ownerRole: mixed.itemOwner,
        due: { days: -7 },
      })),
    ];
    const template = {
      key: 'matrix',
      name: 'Matrix',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'build', title: 'Build' }],
      items,
    };
    expect((await stack.request('POST', '/api/templates/matrix/versions', template, { as: ADMIN })).status).toBe(201);
    const east = await stack.request(
      'POST',
      '/api/launches',
      {
        launchId: 'east-launch',
        productName: 'East',
        launchDate: '2030-03-01',
        regions: ['east'],
        template: { key: 'matrix' },
      },
      { as: ADMIN },
    );
    expect(east.status).toBe(201);
    const global = await stack.request(
      'POST',
      '/api/launches',
      { launchId: 'global-launch', productName: 'Global', launchDate: '2030-03-01' },
      { as: ADMIN },
    );
    expect(global.status).toBe(201);
    const trial = await stack.request('POST', '/api/pocs', pocRequest('East Trial Co'), {
      as: { subject: 'seller@east.example', roles: ['sales'], regions: ['east'] },
    });
    expect(trial.status).toBe(201);
    eastTrial = encodeURIComponent(trial.body.trialId);
    expect(
      (await stack.request('POST', `/api/pocs/${eastTrial}/reject`, { reason: 'no budget' }, { as: ADMIN })).status,
    ).toBe(200);
    const renewal = await stack.request('POST', '/api/renewals', renewalStart('East Renewal Co'), { as: ADMIN });
    expect(renewal.status).toBe(201);
    eastRenewal = encodeURIComponent(renewal.body.renewalId);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(cases)('%s from its %s', async (role, variant) => {
    const caller: Identity = {
      subject: `${role}-${variant}@example.com`,
      roles: [role],
      regions: [variant === 'own-region' ? 'east' : 'west'],
    };
    const want = expected(role, variant);
    const as = { as: caller };
    const itemKey = `${role.replace(/_/g, '-')}-${variant}`;

    const observed = {
      readEast: (await stack.request('GET', '/api/launches/east-launch', undefined, as)).status,
      listsEast: await stack
        .request('GET', '/api/launches', undefined, as)
        .then((response) => response.body.items.some((row: { launchId: string }) => row.launchId === 'east-launch')),
      readCompanyWide: (await stack.request('GET', '/api/launches/global-launch', undefined, as)).status,
      start: (
        await stack.request(
          'POST',
          '/api/launches',
          { launchId: `by-${itemKey}`, productName: 'P', launchDate: '2030-01-01' },
          as,
        )
      ).status,
      complete: (await stack.request('POST', `/api/launches/east-launch/items/${itemKey}/complete`, {}, as)).status,
      timeline: (await stack.request('GET', '/api/launches/east-launch/timeline', undefined, as)).status,
      schedule: (await stack.request('GET', '/api/launches/east-launch/schedule', undefined, as)).status,
      tasks: (await stack.request('GET', '/api/tasks', undefined, as)).status,
      decide: (await stack.request('POST', '/api/launches/east-launch/gates/go/decision', { outcome: 'go' }, as))
        .status,
      requestPoc: (await stack.request('POST', '/api/pocs', pocRequest(`Trial for ${itemKey}`), as)).status,
      readPoc: (await stack.request('GET', `/api/pocs/${eastTrial}`, undefined, as)).status,
      pocDashboard: (await stack.request('GET', '/api/pocs/dashboard?region=east', undefined, as)).status,
      approveRejectedPoc: (await stack.request('POST', `/api/pocs/${eastTrial}/approve`, {}, as)).status,
      startRenewal: (await stack.request('POST', '/api/renewals', renewalStart(`Renewal for ${itemKey}`), as)).status,
      readRenewal: (await stack.request('GET', `/api/renewals/${eastRenewal}`, undefined, as)).status,
      renewalCalendar: (await stack.request('GET', '/api/renewals/calendar?region=east', undefined, as)).status,
      noteRenewalNegotiation: (
        await stack.request('POST', `/api/renewals/${eastRenewal}/negotiation`, { note: 'asked for a discount' }, as)
      ).status,
      expandRenewalLower: (
        await stack.request('POST', `/api/renewals/${eastRenewal}/outcome`, { outcome: 'expanded', newValue: 1 }, as)
      ).status,
      tokens: (await stack.request('GET', '/api/tokens', undefined, as)).status,
      createToken: (await stack.request('POST', '/api/tokens', { name: 'n', subject: 's', roles: ['read_only'] }, as))
        .status,
      revokeUnknownToken: (
        await stack.request('DELETE', '/api/tokens/00000000-0000-4000-8000-000000000000', undefined, as)
      ).status,
      audit: (await stack.request('GET', '/api/audit', undefined, as)).status,
      listTemplates: (await stack.request('GET', '/api/templates', undefined, as)).status,
      readTemplate: (await stack.request('GET', '/api/templates/launch-readiness', undefined, as)).status,
      readTemplateVersion: (await stack.request('GET', '/api/templates/launch-readiness/versions/1', undefined, as))
        .status,
      createTemplateVersion: (
        await stack.request('POST', '/api/templates/launch-readiness/versions', LAUNCH_READINESS_TEMPLATE, as)
      ).status,
      validateTemplate: (await stack.request('POST', '/api/templates/validate', LAUNCH_READINESS_TEMPLATE, as)).status,
      listCalendars: (await stack.request('GET', '/api/calendars', undefined, as)).status,
      readCalendar: (await stack.request('GET', '/api/calendars/mon-fri', undefined, as)).status,
      countBusinessDays: (
        await stack.request('GET', '/api/calendars/mon-fri/business-days?from=2026-01-05&days=3', undefined, as)
      ).status,
      putCalendar: (
        await stack.request(
          'PUT',
          '/api/calendars/mon-fri',
          { key: 'mon-fri', name: 'Monday to Friday, no holidays' },
          as,
        )
      ).status,
      previewSchedule: (
        await stack.request(
          'POST',
          '/api/templates/launch-readiness/schedule-preview',
          { launchDate: '2030-01-01' },
          as,
        )
      ).status,
    };
    expect(observed).toEqual(want);
  });

  it.each(MIXED.map((mixed) => [mixed.name, mixed] as const))('mixed roles: %s', async (_name, mixed) => {
    const as = { as: mixed.caller };
    const observed = {
      readEast: (await stack.request('GET', '/api/launches/east-launch', undefined, as)).status,
      listsEast: await stack
        .request('GET', '/api/launches', undefined, as)
        .then((response) => response.body.items.some((row: { launchId: string }) => row.launchId === 'east-launch')),
      completeOwnedItem: (
        await stack.request('POST', `/api/launches/east-launch/items/${mixed.itemKey}/complete`, {}, as)
      ).status,
      requestPoc: (await stack.request('POST', '/api/pocs', pocRequest(`Trial for ${mixed.itemKey}`), as)).status,
      readPoc: (await stack.request('GET', `/api/pocs/${eastTrial}`, undefined, as)).status,
      approveRejectedPoc: (await stack.request('POST', `/api/pocs/${eastTrial}/approve`, {}, as)).status,
      readRenewal: (await stack.request('GET', `/api/renewals/${eastRenewal}`, undefined, as)).status,
      noteRenewalNegotiation: (
        await stack.request('POST', `/api/renewals/${eastRenewal}/negotiation`, { note: 'asked for a discount' }, as)
      ).status,
    };
    expect(observed).toEqual(mixed.want);
  });

  it('answers a request for a trial that exists in a region the caller cannot see as a read of it would: 404', async () => {
    const westSales = { as: { subject: 'seller@west.example', roles: ['sales'], regions: ['west'] } as Identity };
    const request = await stack.request(
      'POST',
      '/api/pocs',
      { ...pocRequest('East Trial Co'), region: 'west' },
      westSales,
    );
    const read = await stack.request('GET', `/api/pocs/${eastTrial}`, undefined, westSales);
    expect(read.status).toBe(404);
    expect({ status: request.status, title: request.body.title, detail: request.body.detail }).toEqual({
      status: 404,
      title: read.body.title,
      detail: read.body.detail,
    });
    expect(request.text).not.toMatch(/exists|region/i);
  });

  it('answers 401 on every protected route without a token, and 200 on the public ones', async () => {
    const { body: document } = await stack.request('GET', '/api/openapi.json', undefined, { as: null });
    const operations = Object.entries(
      document.paths as Record<string, Record<string, { security?: unknown[] }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        isPublic: operation.security?.length === 0,
      })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const { method, path, isPublic } of operations) {
      if (isPublic) continue;
      const concrete = path
        .replace('{id}', path.startsWith('/api/tokens') ? '00000000-0000-4000-8000-000000000000' : 'east-launch')
        .replace(
          '{key}',
          path.startsWith('/api/templates') ? 'launch-readiness' : path.startsWith('/api/calendars') ? 'mon-fri' : 'x',
        )
        .replace('{version}', '1')
        .replace('{gate}', 'go');
      const response = await stack.request(
        method,
        concrete + (path.endsWith('business-days') ? '?from=2026-01-05&days=1' : ''),
        method === 'GET' || method === 'DELETE' ? undefined : {},
        { as: null },
      );
      expect({
        operation: `${method} ${path}`,
        status: response.status,
        auth: response.headers.get('www-authenticate'),
      }).toEqual({
        operation: `${method} ${path}`,
        status: 401,
        auth: 'Bearer',
      });
    }
  });

  it('refuses forged, expired and claim-less tokens', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZXMiOlsiYWRtaW4iXX0.c2lnbmF0dXJl';
    expect((await stack.request('GET', '/api/launches', undefined, { as: forged })).status).toBe(401);
    expect((await stack.request('GET', '/api/launches', undefined, { as: 'baton_not-a-real-token' })).status).toBe(401);
    const unknownRole = await stack.request('GET', '/api/launches', undefined, {
      as: { subject: 'x', roles: ['emperor' as Role] },
    });
    expect(unknownRole.status).toBe(401);
    expect(unknownRole.body.detail).toMatch(/roles/);
  });
});
