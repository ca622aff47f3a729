import { addCalendarDays } from '../../domain/shared/business-calendar';
import { RENEWAL_TEMPLATE } from '../../domain/renewal/shipped-template';
import { DEFAULT_RENEWAL_RULES } from '../../domain/renewal/transitions';
import { databaseKinds, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';
import { RENEWAL_PLAN_V2_CHANGE } from '../helpers/renewal-plans';

const OPS: Identity = { subject: 'olivia@hq.example', roles: ['ops_manager'] };
const CS: Identity = { subject: 'ana@hq.example', roles: ['customer_success'] };

const STRATEGIC = {
  ...RENEWAL_TEMPLATE,
  ...RENEWAL_PLAN_V2_CHANGE,
  key: 'renewal-strategic',
  name: 'Strategic renewal',
};
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Renewal templates by customer tier over HTTP (issue 20): the shipped `renewal` v1 reproduces the coded
 * rules; ops map a tier to a template (audited); a start runs on its tier's template, else on the
 * latest `renewal`, an explicit template winning over both; a renewal started before a publication
 * keeps its version.
 */
describe.each(databaseKinds())('renewal templates by tier over HTTP on %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const startRenewal = (account: string, tier: string, extra: Record<string, unknown> = {}) =>
    stack.request(
      'POST',
      '/api/renewals',
      {
        account,
        region: 'east',
        contractId: 'C-1',
        termStart: addCalendarDays(today(), -165),
        contractEnd: addCalendarDays(today(), 200),
        value: 100_000,
        tier,
        customerSuccessOwner: CS.subject,
        ...extra,
      },
      { as: CS },
    );
  const setTier = (tier: string, templateKey: string, as: Identity = OPS) =>
    stack.request('PUT', `/api/renewal-tier-templates/${tier}`, { templateKey }, { as });

  it('runs a strategic renewal on the template its tier maps to and a standard one on the default', async () => {
    const created = await stack.request('POST', '/api/templates/renewal-strategic/versions', STRATEGIC, { as: OPS });
    expect(created.status).toBe(201);
    expect((await setTier('strategic', 'deal-support')).body.detail).toBe(
      'Template deal-support is a deal-support playbook, not renewal',
    );
    expect((await setTier('strategic', 'renewal-strategic', CS)).status).toBe(403);
    const mapped = await setTier('strategic', 'renewal-strategic');
    expect(mapped.status).toBe(201);
    expect(mapped.body).toMatchObject({ tier: 'strategic', templateKey: 'renewal-strategic', updatedBy: OPS.subject });
    const audit = await stack.baton.db.auditEvent.findMany({ where: { target: 'renewal-tier-template:strategic' } });
    expect(audit).toMatchObject([
      { actor: OPS.subject, action: 'renewal-tier-template.set', after: 'renewal-strategic' },
    ]);
    const listed = await stack.request('GET', '/api/renewal-tier-templates', undefined, { as: CS });
    expect(listed.body.items).toMatchObject([{ tier: 'strategic', templateKey: 'renewal-strategic' }]);

    const strategic = await startRenewal('Strategic Co', 'strategic');
    expect(strategic.status).toBe(201);
    expect(strategic.body.template).toEqual({ key: 'renewal-strategic', version: 1, name: 'Strategic renewal' });
    expect(strategic.body.rules).toEqual(RENEWAL_PLAN_V2_CHANGE.rules);
    const end = strategic.body.term.contractEnd;
    expect(strategic.body.term.steps.map((step: { dueDate: string }) => step.dueDate)).toEqual(
      [180, 150, 100, 45].map((days) => addCalendarDays(end, -days)),
    );
    const standard = await startRenewal('Standard Co', 'standard');
    expect(standard.body.template).toEqual({ key: 'renewal', version: 1, name: 'Renewal follow-up' });
    expect(standard.body.rules).toEqual(DEFAULT_RENEWAL_RULES);
    const untiered = await startRenewal('Untiered Co', '');
    expect(untiered.status).toBe(400);
    const named = await startRenewal('Named Co', 'strategic', {
      template: { key: 'renewal' },
      rules: { lastCallDaysBefore: 10 },
    });
    expect(named.body.template).toEqual({ key: 'renewal', version: 1, name: 'Renewal follow-up' });
    expect(named.body.rules).toEqual({ ...DEFAULT_RENEWAL_RULES, lastCallDaysBefore: 10 });

    // v2 of the strategic template reaches only renewals started after it.
    const published = await stack.request(
      'POST',
      '/api/templates/renewal-strategic/publish',
      {
        definition: { ...STRATEGIC, rules: { ...STRATEGIC.rules, healthReviewDaysBefore: 170 } },
        reason: 'health reviews ten days later',
        basedOn: 1,
      },
      { as: OPS },
    );
    expect(published.status).toBe(201);
    const after = await startRenewal('After Co', 'strategic');
    expect(after.body).toMatchObject({ template: { version: 2 }, rules: { healthReviewDaysBefore: 170 } });
    const kept = await stack.request(
      'GET',
      `/api/renewals/${encodeURIComponent(strategic.body.renewalId)}`,
      undefined,
      { as: CS },
    );
    expect(kept.body).toMatchObject({ template: { version: 1 }, rules: { healthReviewDaysBefore: 180 } });

    // Unmapped again: the tier's next renewal runs on the default.
    expect(
      (await stack.request('DELETE', '/api/renewal-tier-templates/strategic', undefined, { as: OPS })).status,
    ).toBe(204);
    const unmapped = await startRenewal('Unmapped Co', 'strategic');
    expect(unmapped.body.template).toEqual({ key: 'renewal', version: 1, name: 'Renewal follow-up' });
  });

  it('validates a renewal template as it is typed, naming the field', async () => {
    const bad = await stack.request(
      'POST',
      '/api/templates/validate',
      { ...RENEWAL_TEMPLATE, rules: { ...RENEWAL_TEMPLATE.rules, outcomeDaysBefore: 75 } },
      { as: OPS, headers: { 'Accept-Language': 'zh' } },
    );
    expect(bad.body).toMatchObject({
      valid: false,
      errors: [{ path: 'rules.outcomeDaysBefore', text: { key: 'renewal.template.step-order' } }],
    });
    const good = await stack.request('POST', '/api/templates/validate', STRATEGIC, { as: OPS });
    expect(good.body).toEqual({ valid: true, errors: [], summary: { phases: 0, items: 0, gates: 0 } });
    const wrong = await startRenewal('Wrong Co', 'key', { template: { key: 'delivery-handoff' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toBe('Template delivery-handoff is a delivery-handoff playbook, not renewal');
  });
});
