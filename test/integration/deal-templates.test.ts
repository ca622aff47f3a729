import { DEAL_TEMPLATE } from '../../domain/deal/shipped-template';
import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { DEAL_PLAN_V2_CHANGE } from '../helpers/deal-plans';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

const V2 = { ...DEAL_TEMPLATE, ...DEAL_PLAN_V2_CHANGE };

/**
 * Deal-support templates over HTTP (issue 20): the shipped `deal-support` v1 reproduces the coded rules,
 * the dry run names the culprit, and a start pins the latest version (or the one it names) while a case
 * started before a publication keeps its version.
 */
describe.each(databaseKinds())('deal-support templates over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const requestCase = (account: string, extra: Record<string, unknown> = {}) =>
    stack.request(
      'POST',
      '/api/deals',
      {
        account,
        region: 'east',
        opportunity: { id: 'opp-7', amount: 2_500_000, currency: 'CNY' },
        dealStage: 'negotiation',
        supportTypes: ['competitive-brief'],
        dueDate: '2030-03-15',
        salesOwner: SALES.subject,
        ...extra,
      },
      { as: SALES },
    );

  it('ships deal-support v1; a case on it runs on the coded rules, and v2 reaches only cases after it', async () => {
    const v1 = await stack.request('GET', '/api/templates/deal-support/versions/1', undefined, { as: SALES });
    expect(v1.body).toMatchObject({ key: 'deal-support', playbook: 'deal-support', version: 1, createdBy: 'baton' });
    const before = await requestCase('Before Bank');
    expect(before.status).toBe(201);
    expect(before.body.template).toEqual({ key: 'deal-support', version: 1, name: 'Deal support' });
    expect(before.body.rules).toEqual({
      responseSla: { days: 1, unit: 'business-days' },
      responseRemindersBefore: [0],
      triageRole: 'presales',
      pricingApproverRole: 'ops_manager',
      lessonRemindersDaysAfterClose: [2],
      lessonDeadlineDays: 14,
      escalationRole: 'ops_manager',
    });

    const brief = V2.serviceLevels['competitive-brief'];
    const bad = await stack.request(
      'POST',
      '/api/templates/validate',
      {
        ...V2,
        serviceLevels: { ...V2.serviceLevels, 'competitive-brief': { ...brief, responseRemindersBefore: [3] } },
      },
      { as: OPS },
    );
    expect(bad.body).toMatchObject({
      valid: false,
      errors: [
        {
          path: 'serviceLevels.competitive-brief.responseRemindersBefore.0',
          message: 'competitive-brief: response reminder 1 (3 days before) falls outside the 3-day response SLA',
          text: { key: 'deal.template.reminder-outside-sla' },
        },
      ],
    });
    expect((await stack.request('POST', '/api/templates/validate', V2, { as: OPS })).body.valid).toBe(true);
    const published = await stack.request(
      'POST',
      '/api/templates/deal-support/publish',
      { definition: V2, reason: 'briefs take three days', basedOn: 1 },
      { as: OPS },
    );
    expect(published.status).toBe(201);

    const after = await requestCase('After Bank');
    expect(after.body).toMatchObject({
      template: { version: 2 },
      rules: { responseSla: { days: 3 }, escalationRole: 'regional_ops' },
    });
    const kept = await stack.request('GET', `/api/deals/${encodeURIComponent(before.body.dealId)}`, undefined, {
      as: SALES,
    });
    expect(kept.body).toMatchObject({ template: { version: 1 }, rules: { responseSla: { days: 1 } } });
    const pinned = await requestCase('Pinned Bank', { template: { key: 'deal-support', version: 1 } });
    expect(pinned.body).toMatchObject({ template: { version: 1 }, rules: { responseSla: { days: 1 } } });
  });

  it('refuses a template of another kind or version', async () => {
    const poc = await requestCase('Wrong Bank', { template: { key: 'poc' } });
    expect(poc.status).toBe(422);
    expect(poc.body.detail).toBe('Template poc is a poc playbook, not deal-support');
    expect((await requestCase('Ghost Bank', { template: { key: 'deal-support', version: 99 } })).status).toBe(422);
  });
});
