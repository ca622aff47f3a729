import { PLAYBOOK_TEXT } from '../../domain/shared/catalog';
import { wordText, type Text } from '../../domain/shared/text';
import { templateDefinitionSchema } from '../../domain/shared/template-definition';
import { withRenewalPlan } from '../../domain/renewal/plan';
import { RENEWAL_TEMPLATE } from '../../domain/renewal/shipped-template';
import { renewalTemplateSchema } from '../../domain/renewal/template';
import { DEFAULT_RENEWAL_RULES } from '../../domain/renewal/transitions';
import type { RenewalRules } from '../../domain/renewal/types';
import { RENEWAL_PLAN_V2_CHANGE, renewalPlan } from '../helpers/renewal-plans';
import { renewalInput } from '../helpers/renewal-fixtures';

const problems = (input: unknown) =>
  (templateDefinitionSchema.safeParse(input).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);
const withRules = (rules: Partial<typeof DEFAULT_RENEWAL_RULES>) => ({
  ...RENEWAL_TEMPLATE,
  rules: { ...RENEWAL_TEMPLATE.rules, ...rules },
});

describe('renewal templates', () => {
  it('ship exactly the rules that were fixed in code', () => {
    const shipped = renewalTemplateSchema.parse(RENEWAL_TEMPLATE);
    expect(shipped.rules).toEqual(DEFAULT_RENEWAL_RULES);
    expect(templateDefinitionSchema.parse(RENEWAL_TEMPLATE)).toEqual(shipped);
    expect(problems({ ...RENEWAL_TEMPLATE, ...RENEWAL_PLAN_V2_CHANGE })).toEqual([]);
  });

  it('refuse steps out of order, crossed health bands and a repeated reminder, naming the field', () => {
    expect(problems(withRules({ negotiationDaysBefore: 95 }))).toEqual([
      [
        'rules.negotiationDaysBefore',
        'the negotiation (95 days before the contract end) must be fewer days than the proposal (90): each step comes after the one before',
      ],
    ]);
    expect(problems(withRules({ lastCallDaysBefore: 30 }))).toEqual([
      [
        'rules.lastCallDaysBefore',
        'the last call (30 days before the contract end) must be fewer days than the outcome (30): each step comes after the one before',
      ],
    ]);
    expect(problems(withRules({ atRiskBelow: 80 }))).toEqual([
      ['rules.atRiskBelow', 'at risk below 80 must not be above watch below 70'],
    ]);
    expect(problems(withRules({ stepRemindersBefore: [5, 1, 5] }))).toEqual([
      ['rules.stepRemindersBefore.2', 'step reminder 3 (5 days before) is listed twice'],
    ]);
    const issue = templateDefinitionSchema.safeParse(withRules({ outcomeDaysBefore: 61 })).error!.issues[0]!;
    const text = (issue as { params?: { text?: Text } }).params!.text!;
    expect(wordText(PLAYBOOK_TEXT, text, 'zh')).toBe(
      '续约结果（合同到期前 61 天）必须少于谈判（60 天）：每一步都在上一步之后',
    );
  });

  it('refuse an offset that is no whole day and a step owner that is no role', () => {
    expect(problems(withRules({ proposalDaysBefore: 0 }))[0]![0]).toBe('rules.proposalDaysBefore');
    expect(problems(withRules({ healthReviewDaysBefore: 12.5 }))[0]![0]).toBe('rules.healthReviewDaysBefore');
    const owners = { ...DEFAULT_RENEWAL_RULES.stepOwners, proposal: 'boss' as never };
    expect(problems(withRules({ stepOwners: owners }))[0]![0]).toBe('rules.stepOwners.proposal');
  });

  it("apply a plan's rules under the rules a start names itself", () => {
    const input = renewalInput(
      { termStart: '2027-01-01', contractEnd: '2027-12-31' },
      {
        rules: { lastCallDaysBefore: 10, stepOwners: { outcome: 'ops_manager' } as RenewalRules['stepOwners'] },
        plan: renewalPlan(2, RENEWAL_PLAN_V2_CHANGE),
      },
    );
    expect(withRenewalPlan(input).rules).toEqual({
      ...RENEWAL_PLAN_V2_CHANGE.rules,
      lastCallDaysBefore: 10,
      stepOwners: { ...RENEWAL_PLAN_V2_CHANGE.rules!.stepOwners, outcome: 'ops_manager' },
    });
    const { plan: _none, ...withoutPlan } = input;
    expect(withRenewalPlan(withoutPlan)).toBe(withoutPlan);
  });
});
