import { HANDOFF_TEMPLATE } from '../../domain/handoff/shipped-template';
import { DEFAULT_HANDOFF_RULES } from '../../domain/handoff/transitions';
import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { HANDOFF_PLAN_V2_CHANGE } from '../helpers/handoff-plans';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const SALES: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east'] };

const V2 = { ...HANDOFF_TEMPLATE, ...HANDOFF_PLAN_V2_CHANGE };

/**
 * Delivery-handoff templates over HTTP (issue 20): the shipped `delivery-handoff` v1 reproduces the coded
 * package and rules, the dry run names the culprit, and a start pins the latest version (or the one it
 * names) while a handoff started before a publication keeps its version.
 */
describe.each(databaseKinds())('delivery-handoff templates over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const startHandoff = (account: string, extra: Record<string, unknown> = {}) =>
    stack.request(
      'POST',
      '/api/handoffs',
      { account, opportunity: 'opp-9', region: 'east', amount: 500000, salesOwner: SALES.subject, ...extra },
      { as: SALES },
    );
  const keys = (body: { packageItems: { key: string }[] }) => body.packageItems.map((item) => item.key);

  it('ships delivery-handoff v1; a handoff on it runs on the coded rules, and v2 reaches only handoffs after it', async () => {
    const before = await startHandoff('Before Co');
    expect(before.status).toBe(201);
    expect(before.body.template).toEqual({ key: 'delivery-handoff', version: 1, name: 'Delivery handoff' });
    expect(before.body.rules).toEqual(DEFAULT_HANDOFF_RULES);
    expect(keys(before.body)).toHaveLength(7);

    const bad = await stack.request(
      'POST',
      '/api/templates/validate',
      { ...V2, packageItems: ['contract'] },
      { as: OPS },
    );
    expect(bad.body).toMatchObject({
      valid: false,
      errors: [
        { path: 'packageItems', text: { key: 'handoff.template.item-required' } },
        {
          path: 'packageItems',
          message: 'the package must ask for "target-go-live": the milestone plan counts back from it',
        },
      ],
    });
    const good = await stack.request('POST', '/api/templates/validate', V2, { as: OPS });
    expect(good.body).toEqual({ valid: true, errors: [], summary: { phases: 0, items: 6, gates: 0, milestones: 6 } });
    const published = await stack.request(
      'POST',
      '/api/templates/delivery-handoff/publish',
      { definition: V2, reason: 'known risks come at kickoff now', basedOn: 1 },
      { as: OPS },
    );
    expect(published.status).toBe(201);

    const after = await startHandoff('After Co');
    expect(after.body).toMatchObject({ template: { version: 2 }, rules: { packageSla: { days: 2 } } });
    expect(keys(after.body)).not.toContain('known-risks');
    const refused = await stack.request(
      'POST',
      `/api/handoffs/${encodeURIComponent(after.body.handoffId)}/package`,
      { items: [{ key: 'known-risks', text: 'none' }] },
      { as: SALES },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/"known-risks" is not in this handoff's package/);
    const kept = await stack.request('GET', `/api/handoffs/${encodeURIComponent(before.body.handoffId)}`, undefined, {
      as: SALES,
    });
    expect(kept.body).toMatchObject({ template: { version: 1 }, rules: { packageSla: { days: 5 } } });
    expect(keys(kept.body)).toContain('known-risks');
    const pinned = await startHandoff('Pinned Co', { template: { key: 'delivery-handoff', version: 1 } });
    expect(pinned.body).toMatchObject({ template: { version: 1 }, rules: { packageSla: { days: 5 } } });
  });

  it('refuses a template of another kind', async () => {
    const wrong = await startHandoff('Wrong Co', { template: { key: 'deal-support' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toBe('Template deal-support is a deal-support playbook, not delivery-handoff');
  });
});
