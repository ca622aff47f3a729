import type { z } from 'zod';
import { ISSUE_CATALOG } from '../../api/http/issue-text';
import { dealTemplateSchema } from '../../domain/deal/template';
import { handoffTemplateSchema } from '../../domain/handoff/template';
import { playbookTemplateSchema } from '../../domain/launch/template';
import { pocTemplateSchema } from '../../domain/poc/template';
import { renewalTemplateSchema } from '../../domain/renewal/template';
import { wordText } from '../../domain/shared/text';

/** Every property name anywhere inside a zod schema (objects, arrays, records, unions, wrappers). */
function fieldNames(schema: z.ZodType, into = new Set<string>()): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const inner = (value: unknown) => fieldNames(value as z.ZodType, into);
  if (def.type === 'object')
    for (const [name, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      into.add(name);
      inner(field);
    }
  for (const part of ['element', 'innerType', 'in', 'out', 'valueType', 'schema', 'left', 'right'])
    if (def[part]) inner(def[part]);
  if (Array.isArray(def.options)) for (const option of def.options) inner(option);
  return into;
}

describe("template fields' names", () => {
  const templates = {
    launch: playbookTemplateSchema,
    poc: pocTemplateSchema,
    'deal-support': dealTemplateSchema,
    'delivery-handoff': handoffTemplateSchema,
    renewal: renewalTemplateSchema,
  };

  it.each(Object.entries(templates))('are named in Chinese for every field of the %s template', (_, schema) => {
    const names = [...fieldNames(schema)];
    expect(names.length).toBeGreaterThan(5);
    const unnamed = names.filter(
      (name) => wordText(ISSUE_CATALOG, { key: `issue.field.${name}`, params: {} }, 'zh') === undefined,
    );
    expect(unnamed).toEqual([]);
  });

  it('reads a Chinese refusal without English words for the field', () => {
    expect(
      wordText(
        ISSUE_CATALOG,
        { key: 'issue.number-max', params: { field: { key: 'issue.field.checkInEveryDays', params: {} }, n: 30 } },
        'zh',
      ),
    ).toBe('检查周期（天）不能大于 30');
    expect(
      wordText(
        ISSUE_CATALOG,
        { key: 'issue.number-max', params: { field: { key: 'issue.field.checkInEveryDays', params: {} }, n: 30 } },
        'en',
      ),
    ).toBe('Check in every days must be at most 30');
  });
});
