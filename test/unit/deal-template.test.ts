import { DEAL_TEMPLATE } from '../../domain/deal/shipped-template';
import { dealTemplateSchema } from '../../domain/deal/template';
import { withDealPlan } from '../../domain/deal/plan';
import { DEFAULT_DEAL_RULES, resolveDealRules } from '../../domain/deal/transitions';
import { SUPPORT_TYPES } from '../../domain/deal/types';
import { workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { PLAYBOOK_TEXT } from '../../domain/shared/catalog';
import { MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import { wordText, type Text } from '../../domain/shared/text';
import { templateDefinitionSchema } from '../../domain/shared/template-definition';
import { dealInput } from '../helpers/deal-fixtures';
import { DEAL_PLAN_V2_CHANGE, dealPlan } from '../helpers/deal-plans';

const MON_FRI = workingDays(businessCalendarSchema.parse(MON_FRI_CALENDAR));

const problems = (input: unknown) =>
  (templateDefinitionSchema.safeParse(input).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

describe('deal-support templates', () => {
  it('ship exactly the rules that were fixed in code, for every support type', () => {
    const shipped = dealTemplateSchema.parse(DEAL_TEMPLATE);
    expect(templateDefinitionSchema.parse(DEAL_TEMPLATE)).toEqual(shipped);
    for (const type of SUPPORT_TYPES) {
      const { rules } = withDealPlan(
        { ...dealInput({ dueDate: '2026-12-31', supportTypes: [type] }), rules: undefined, plan: dealPlan(1) },
        MON_FRI,
        '2026-12-07',
      );
      expect(resolveDealRules(rules)).toEqual({ ...DEFAULT_DEAL_RULES, escalationRole: 'ops_manager' });
    }
  });

  it('answer a request on the service level of its type due first (the first asked for on a tie)', () => {
    const plan = dealPlan(2, DEAL_PLAN_V2_CHANGE);
    const ask = (supportTypes: (typeof SUPPORT_TYPES)[number][]) =>
      withDealPlan({ ...dealInput({ dueDate: '2026-12-31', supportTypes }), plan }, MON_FRI, '2026-12-07').rules;
    expect(ask(['competitive-brief'])).toMatchObject({ responseSla: { days: 3 }, escalationRole: 'regional_ops' });
    expect(ask(['competitive-brief', 'pricing-exception'])).toMatchObject({
      responseSla: { days: 1 },
      responseRemindersBefore: [0],
      escalationRole: 'ops_manager',
    });
  });

  it('refuse reminders outside their SLA or after the lesson deadline, naming the culprit in English and Chinese', () => {
    const levels = DEAL_TEMPLATE.serviceLevels;
    const template = {
      ...DEAL_TEMPLATE,
      serviceLevels: { ...levels, 'customer-visit': { ...levels['customer-visit'], responseRemindersBefore: [0, 1] } },
      rules: { ...DEAL_TEMPLATE.rules, lessonRemindersDaysAfterClose: [2, 14] },
    };
    expect(problems(template)).toEqual([
      [
        'serviceLevels.customer-visit.responseRemindersBefore.1',
        'customer-visit: response reminder 2 (1 days before) falls outside the 1-day response SLA',
      ],
      [
        'rules.lessonRemindersDaysAfterClose.1',
        'lesson reminder 2 (14 days after closing) must come before the lesson deadline of 14 days',
      ],
    ]);
    const issue = templateDefinitionSchema.safeParse(template).error!.issues[0]!;
    const text = (issue as { params?: { text?: Text } }).params!.text!;
    expect(wordText(PLAYBOOK_TEXT, text, 'zh')).toBe('客户拜访：第 2 个响应提醒（提前 1 天）超出了 1 天的响应时限');
  });

  it('refuse a support type left out, an unknown role and an SLA of no days', () => {
    const { 'pricing-exception': _left, ...four } = DEAL_TEMPLATE.serviceLevels;
    expect(problems({ ...DEAL_TEMPLATE, serviceLevels: four })[0]![0]).toBe('serviceLevels.pricing-exception');
    const levels = DEAL_TEMPLATE.serviceLevels;
    const brief = levels['competitive-brief'];
    expect(
      problems({
        ...DEAL_TEMPLATE,
        serviceLevels: { ...levels, 'competitive-brief': { ...brief, escalationRole: 'boss' } },
      })[0]![0],
    ).toBe('serviceLevels.competitive-brief.escalationRole');
    expect(
      problems({
        ...DEAL_TEMPLATE,
        serviceLevels: {
          ...levels,
          'competitive-brief': { ...brief, responseSla: { days: 0, unit: 'business-days' } },
        },
      })[0]![0],
    ).toBe('serviceLevels.competitive-brief.responseSla.days');
  });
});
