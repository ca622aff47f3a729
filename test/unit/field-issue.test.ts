import { z } from 'zod';
import { placeholders } from '../../domain/shared/text';
import { fieldIssue, wordFieldIssue } from '../../api/http/field-issue';
import { ISSUE_CATALOG } from '../../api/http/issue-text';
import { customerAcceptanceSchema } from '../../api/handoff/schemas';
import { whatIfRequestSchema } from '../../api/launch/schemas';
import { planningDate } from '../../api/shared/fields';

/** What a person reads for each refused field, by path, in `language`. */
function refusals(schema: z.ZodType, input: unknown, language: 'en' | 'zh' = 'en'): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a refusal');
  return Object.fromEntries(
    result.error.issues.map((issue) => {
      const worded = wordFieldIssue(fieldIssue(issue), language) as { path: string; message: string };
      return [worded.path, worded.message];
    }),
  );
}

// Newcomer walk 7: "evidence Invalid input: expected object, received undefined" and, for a union,
// "expected string to have <=10 characters". Every refusal reads as a sentence naming the field.
describe('field refusals as sentences', () => {
  it('names a missing field as required, in English and Chinese', () => {
    const body = { signedBy: 'Li Wei', signedOn: '2026-11-02' };
    expect(refusals(customerAcceptanceSchema, body)).toEqual({ evidence: 'Evidence is required' });
    expect(refusals(customerAcceptanceSchema, body, 'zh')).toEqual({ evidence: '请填写证据' });
  });

  it('words types, sizes, formats, options and unknown fields', () => {
    const schema = z.strictObject({
      reason: z.string().min(1).max(10),
      amount: z.number().min(0),
      outcome: z.enum(['go', 'no-go']),
      launchDate: planningDate,
      regions: z.array(z.string()).min(1),
    });
    expect(
      refusals(schema, {
        reason: 'far too long a reason',
        amount: -1,
        outcome: 'maybe',
        launchDate: 'soon',
        regions: [],
        x: 1,
      }),
    ).toEqual({
      '': 'There is no field x',
      reason: 'Reason can have at most 10 characters',
      amount: 'Amount must be at least 0',
      outcome: 'Outcome must be one of: go, no-go',
      launchDate: 'Launch date must be a date (YYYY-MM-DD)',
      regions: 'Give at least one entry in Regions',
    });
    expect(
      refusals(schema, { reason: '', amount: 'ten', outcome: 'go', launchDate: '1999-01-01', regions: ['a'] }),
    ).toEqual({
      reason: 'Reason cannot be empty',
      amount: 'Amount must be a number',
      // The schema's own words, given the field they leave out.
      launchDate: 'Launch date must be between 2000-01-01 and 2199-12-31',
    });
  });

  it('says which entry of a list a field belongs to', () => {
    expect(refusals(whatIfRequestSchema, { slips: [{ itemKey: 'design' }] })).toEqual({
      'slips.0.to': 'To (entry 1 of Slips) is required',
    });
    expect(refusals(whatIfRequestSchema, { slips: [{ itemKey: 'design' }] }, 'zh')).toEqual({
      'slips.0.to': '请填写延期第 1 项的改到',
    });
  });

  it('words a union by the alternative that got furthest, or by the forms it takes', () => {
    const schema = z.strictObject({ until: z.union([z.iso.date(), z.array(z.string()).max(3)]) });
    expect(refusals(schema, { until: 'next Tuesday, please' })).toEqual({ until: 'Until must be a date (YYYY-MM-DD)' });
    expect(refusals(schema, { until: ['a', 'b', 'c', 'd'] })).toEqual({ until: 'Until can have at most 3 entries' });
    expect(refusals(schema, { until: 42 })).toEqual({ until: 'Until must be text or a list' });
    expect(refusals(schema, { until: 42 }, 'zh')).toEqual({ until: '截至必须是文本或列表' });
    expect(refusals(schema, {})).toEqual({ until: 'Until is required' });
  });

  it('never passes on a zod default wording', () => {
    const schema = z.strictObject({ a: z.object({ b: z.number() }), c: z.boolean(), d: z.literal('x') });
    for (const message of Object.values(refusals(schema, { a: 'no', c: 'yes', d: 'y' })))
      expect(message).not.toMatch(/Invalid input|expected .* received|Too (big|small)|Invalid option/);
  });

  it('has every text in both languages with the same placeholders', () => {
    for (const [key, entry] of Object.entries(ISSUE_CATALOG)) {
      expect([key, placeholders(entry.zh)]).toEqual([key, placeholders(entry.en)]);
      expect(entry.zh.trim()).not.toBe('');
    }
  });
});
