import { POC_TEMPLATE } from '../../domain/poc/shipped-template';
import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

const V2 = {
  ...POC_TEMPLATE,
  rules: { ...POC_TEMPLATE.rules, checkInEveryDays: 3 },
  defaultCriteria: [{ key: 'data-import', description: 'Their data imported in a day', measuredBy: 'the import log' }],
};

/**
 * POC templates over HTTP (issue 20): the shipped `poc` v1, the dry run naming the culprit, publishing
 * with a reason over the version a draft came from, and a start pinning the resolved plan.
 */
describe.each(databaseKinds())('POC templates over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  let beforeTrialId = '';

  const requestTrial = (account: string, extra: Record<string, unknown> = {}) =>
    stack.request(
      'POST',
      '/api/pocs',
      {
        account,
        region: 'east',
        industry: 'manufacturing',
        opportunity: { id: 'opp-1', amount: 120000, currency: 'CNY' },
        product: 'Baton CRM',
        salesOwner: SALES.subject,
        criteria: [{ key: 'sync', description: 'Orders sync in 5 minutes', measuredBy: 'p95 sync latency' }],
        plannedStart: '2030-03-04',
        durationDays: 30,
        ...extra,
      },
      { as: SALES },
    );
  const publish = (definition: unknown, basedOn: number, reason = 'weekly is too slow for short trials') =>
    stack.request('POST', '/api/templates/poc/publish', { definition, reason, basedOn }, { as: OPS });

  it('ships poc v1 with the coded rules, and a trial on it runs exactly as before templates', async () => {
    const v1 = await stack.request('GET', '/api/templates/poc/versions/1', undefined, { as: SALES });
    expect(v1.body).toMatchObject({ key: 'poc', playbook: 'poc', version: 1, createdBy: 'baton', reason: null });
    const trial = await requestTrial('Before Co');
    expect(trial.status).toBe(201);
    beforeTrialId = trial.body.trialId;
    expect(trial.body.template).toEqual({ key: 'poc', version: 1, name: 'POC trial' });
    expect(trial.body.rules).toEqual({
      approvalSla: { days: 2, unit: 'business-days' },
      approvalRemindersBefore: [1, 0],
      checkInEveryDays: 7,
      checkInGraceDays: 2,
      maxExtensions: 1,
      maxExtensionDays: 14,
      expiryGraceDays: 7,
      expiryRemindersDaysBefore: [3, 1],
      criteriaAtRiskDaysBeforeEnd: 3,
    });
    expect(trial.body.criteria.map((criterion: { key: string }) => criterion.key)).toEqual(['sync']);
  });

  it('checks a draft without saving it, naming the culprit', async () => {
    const bad = await stack.request(
      'POST',
      '/api/templates/validate',
      { ...V2, rules: { ...V2.rules, approvalRemindersBefore: [5] } },
      { as: OPS },
    );
    expect(bad.body).toMatchObject({
      valid: false,
      errors: [
        {
          path: 'rules.approvalRemindersBefore.0',
          message: 'approval reminder 1 (5 days before) falls outside the 2-day approval SLA',
          text: { key: 'poc.template.reminder-outside-sla' },
        },
      ],
    });
    const good = await stack.request('POST', '/api/templates/validate', V2, { as: OPS });
    expect(good.body).toEqual({ valid: true, errors: [], summary: { phases: 0, items: 0, gates: 0, criteria: 1 } });
    expect((await stack.request('GET', '/api/templates/poc')).body.version).toBe(1);
  });

  it('publishes v2 with a reason; new trials pin v2 while one started before keeps v1', async () => {
    const asSales = await stack.request(
      'POST',
      '/api/templates/poc/publish',
      { definition: V2, reason: 'x', basedOn: 1 },
      {
        as: SALES,
      },
    );
    expect(asSales.status).toBe(403);
    const noReason = await publish(V2, 1, '  ');
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('reason');
    const published = await publish(V2, 1);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, createdBy: OPS.subject, basedOn: 1 });
    const stale = await publish(V2, 1, 'a second editor');
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/Version 2 of poc was published after version 1/);

    const history = await stack.request('GET', '/api/templates/poc/versions', undefined, { as: SALES });
    expect(
      history.body.items.map((item: { version: number; reason: string | null }) => [item.version, item.reason]),
    ).toEqual([
      [2, 'weekly is too slow for short trials'],
      [1, null],
    ]);

    const after = await requestTrial('After Co');
    expect(after.body.template).toMatchObject({ version: 2 });
    expect(after.body.rules.checkInEveryDays).toBe(3);
    expect(after.body.criteria.map((criterion: { key: string }) => criterion.key)).toEqual(['sync', 'data-import']);
    const before = await stack.request('GET', `/api/pocs/${encodeURIComponent(beforeTrialId)}`, undefined, {
      as: SALES,
    });
    expect(before.body).toMatchObject({ template: { version: 1 }, rules: { checkInEveryDays: 7 } });

    const pinned = await requestTrial('Pinned Co', { template: { key: 'poc', version: 1 } });
    expect(pinned.body).toMatchObject({ template: { version: 1 }, rules: { checkInEveryDays: 7 } });
  });

  it('picks the template mapped to the trial’s region, and refuses templates of another kind', async () => {
    const east = { ...POC_TEMPLATE, key: 'poc-east', name: 'POC trial (east)', appliesTo: { regions: ['east'] } };
    const eastRules = { ...east, rules: { ...east.rules, maxExtensions: 2 } };
    expect((await stack.request('POST', '/api/templates/poc-east/versions', eastRules, { as: OPS })).status).toBe(201);
    const mapped = await requestTrial('Mapped Co');
    expect(mapped.body).toMatchObject({ template: { key: 'poc-east' }, rules: { maxExtensions: 2 } });

    const launchKind = await requestTrial('Wrong Co', { template: { key: 'launch-readiness' } });
    expect(launchKind.status).toBe(422);
    expect(launchKind.body.detail).toBe('Template launch-readiness is a launch-readiness playbook, not poc');
    expect((await requestTrial('Ghost Co', { template: { key: 'poc', version: 99 } })).status).toBe(422);
    const preview = await stack.request('POST', '/api/templates/poc/schedule-preview', { launchDate: '2030-01-01' });
    expect(preview.status).toBe(422);
    const relabel = await stack.request(
      'POST',
      '/api/templates/poc/versions',
      { ...(await stack.request('GET', '/api/templates/launch-readiness')).body.definition, key: 'poc' },
      { as: OPS },
    );
    expect(relabel.status).toBe(422);
  });
});
