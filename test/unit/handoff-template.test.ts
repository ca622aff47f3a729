import { HANDOFF_TEMPLATE } from '../../domain/handoff/shipped-template';
import { handoffTemplateSchema } from '../../domain/handoff/template';
import { DEFAULT_HANDOFF_RULES } from '../../domain/handoff/transitions';
import { PACKAGE_ITEM_KEYS } from '../../domain/handoff/types';
import { PLAYBOOK_TEXT } from '../../domain/shared/catalog';
import { wordText, type Text } from '../../domain/shared/text';
import { templateDefinitionSchema } from '../../domain/shared/template-definition';
import { HANDOFF_PLAN_V2_CHANGE } from '../helpers/handoff-plans';

const problems = (input: unknown) =>
  (templateDefinitionSchema.safeParse(input).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);
const withRules = (rules: Partial<typeof DEFAULT_HANDOFF_RULES>) => ({
  ...HANDOFF_TEMPLATE,
  rules: { ...HANDOFF_TEMPLATE.rules, ...rules },
});

describe('delivery-handoff templates', () => {
  it('ship every package item and exactly the rules that were fixed in code', () => {
    const shipped = handoffTemplateSchema.parse(HANDOFF_TEMPLATE);
    expect(shipped.packageItems).toEqual(PACKAGE_ITEM_KEYS);
    expect(shipped.rules).toEqual(DEFAULT_HANDOFF_RULES);
    expect(templateDefinitionSchema.parse(HANDOFF_TEMPLATE)).toEqual(shipped);
    expect(problems({ ...HANDOFF_TEMPLATE, ...HANDOFF_PLAN_V2_CHANGE })).toEqual([]);
  });

  it('refuse reminders outside their SLA, a package without the stakeholder map, repeats and a misplaced sign-off', () => {
    expect(problems(withRules({ reviewRemindersBefore: [0, 2] }))).toEqual([
      ['rules.reviewRemindersBefore.1', 'review reminder 2 (2 days before) falls outside the 2-day review SLA'],
    ]);
    expect(
      problems({ ...HANDOFF_TEMPLATE, packageItems: ['contract', 'contract', 'stakeholders', 'target-go-live'] }),
    ).toEqual([['packageItems.1', 'package item "contract" is listed twice']]);
    expect(problems({ ...HANDOFF_TEMPLATE, packageItems: ['contract', 'target-go-live'] })).toEqual([
      ['packageItems', 'the package must ask for "stakeholders": delivery needs the stakeholder map'],
    ]);
    const [first, ...others] = DEFAULT_HANDOFF_RULES.milestones;
    expect(problems(withRules({ milestones: [first!, first!, ...others] }))).toEqual([
      ['rules.milestones.1.key', 'milestone key "requirements-confirmed" is used twice'],
    ]);
    expect(problems(withRules({ milestones: [...others].reverse() }))[0]).toEqual([
      'rules.milestones',
      'the milestone plan must end with the one milestone the customer signs off (the acceptance), and have no other',
    ]);
    const issue = templateDefinitionSchema.safeParse({ ...HANDOFF_TEMPLATE, packageItems: ['stakeholders'] }).error!
      .issues[0]!;
    const text = (issue as { params?: { text?: Text } }).params!.text!;
    expect(wordText(PLAYBOOK_TEXT, text, 'zh')).toBe('资料包必须包含「target-go-live」：里程碑计划从它倒推');
  });

  it('refuse an unknown package item and a milestone owner that is no role', () => {
    expect(problems({ ...HANDOFF_TEMPLATE, packageItems: [...PACKAGE_ITEM_KEYS, 'gift'] })[0]![0]).toBe(
      'packageItems.7',
    );
    const [first, ...others] = DEFAULT_HANDOFF_RULES.milestones;
    expect(problems(withRules({ milestones: [{ ...first!, ownerRole: 'boss' as never }, ...others] }))[0]![0]).toBe(
      'rules.milestones.0.ownerRole',
    );
  });
});
