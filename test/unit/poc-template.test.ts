import { POC_TEMPLATE } from '../../domain/poc/shipped-template';
import { pocTemplateSchema } from '../../domain/poc/template';
import { DEFAULT_POC_RULES } from '../../domain/poc/transitions';
import { wordText } from '../../domain/shared/text';
import { PLAYBOOK_TEXT } from '../../domain/shared/catalog';
import { templateDefinitionSchema } from '../../domain/shared/template-definition';

const withRules = (rules: Partial<typeof POC_TEMPLATE.rules>) => ({
  ...POC_TEMPLATE,
  rules: { ...POC_TEMPLATE.rules, ...rules },
});

const problems = (input: unknown) =>
  (templateDefinitionSchema.safeParse(input).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

describe('POC templates', () => {
  it('ship exactly the rules that were fixed in code, and no default criteria', () => {
    const shipped = pocTemplateSchema.parse(POC_TEMPLATE);
    expect(shipped.rules).toEqual(DEFAULT_POC_RULES);
    expect(shipped.defaultCriteria).toEqual([]);
    expect(templateDefinitionSchema.parse(POC_TEMPLATE)).toEqual(shipped);
  });

  it('refuse contradicting rules and criterion keys, naming the culprit in English and Chinese', () => {
    expect(problems(withRules({ approvalRemindersBefore: [1, 2] }))).toEqual([
      ['rules.approvalRemindersBefore.1', 'approval reminder 2 (2 days before) falls outside the 2-day approval SLA'],
    ]);
    expect(problems(withRules({ checkInEveryDays: 2 }))).toEqual([
      ['rules.checkInGraceDays', 'the check-in grace (2 days) must be shorter than the check-in cadence (2 days)'],
    ]);
    expect(problems(withRules({ maxExtensionDays: 0 }))).toEqual([
      ['rules.maxExtensionDays', 'extensions are allowed (1) but may add no days: give the most days they may add'],
    ]);
    const criterion = { key: 'data-import', description: 'Import', measuredBy: 'log' };
    expect(problems({ ...POC_TEMPLATE, defaultCriteria: [criterion, criterion, { ...criterion, key: 'c1' }] })).toEqual(
      [
        ['defaultCriteria.1.key', 'criterion key "data-import" is used twice'],
        [
          'defaultCriteria.2.key',
          'criterion key "c1" is kept for criteria a request gives without a key (c1, c2…); choose another',
        ],
      ],
    );
    const issue = templateDefinitionSchema.safeParse(withRules({ checkInEveryDays: 2 })).error!.issues[0]!;
    const text = (issue as { params?: { text?: { key: string; params: Record<string, string | number> } } }).params!
      .text!;
    expect(wordText(PLAYBOOK_TEXT, text, 'zh')).toBe('检查宽限期（2 天）必须短于检查周期（2 天）');
  });

  it('refuse a cadence of no days and an unknown kind of playbook', () => {
    expect(problems(withRules({ checkInEveryDays: 0 }))[0]![0]).toBe('rules.checkInEveryDays');
    expect(problems({ ...POC_TEMPLATE, playbook: 'pocs' })[0]![0]).toBe('playbook');
  });
});
