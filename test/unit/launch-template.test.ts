import { findCycle, playbookTemplateSchema, type PlaybookTemplateInput } from '../../domain/launch/template';
import { LAUNCH_READINESS_TEMPLATE } from '../../domain/launch/shipped-template';

function minimal(overrides: Partial<PlaybookTemplateInput> = {}): PlaybookTemplateInput {
  return {
    key: 'mini',
    name: 'Mini',
    playbook: 'launch-readiness',
    anchor: 'launchDate',
    phases: [{ key: 'early', title: 'Early' }],
    items: [
      { key: 'a', title: 'A', phase: 'early', ownerRole: 'ops_manager', due: { days: -10 } },
      { key: 'b', title: 'B', phase: 'early', ownerRole: 'presales', dependsOn: ['a'], due: { days: -5 } },
    ],
    gates: [{ key: 'go', title: 'Go', due: { days: -1 }, requiredItems: ['a', 'b'] }],
    ...overrides,
  };
}

function messages(input: unknown): string[] {
  const result = playbookTemplateSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the shipped launch-readiness template', () => {
  const template = playbookTemplateSchema.parse(LAUNCH_READINESS_TEMPLATE);

  it('is valid and covers DOMAIN.md §1: twelve early items, six penetration items, a go/no-go gate', () => {
    expect(template.items.filter((item) => item.phase === 'early')).toHaveLength(12);
    expect(template.items.filter((item) => item.phase === 'penetration')).toHaveLength(6);
    expect(template.gates.map((gate) => gate.key)).toEqual(['go-no-go']);
  });

  it('gates go/no-go on every required early item, signed off by the ops manager and the product manager', () => {
    const requiredEarly = template.items
      .filter((item) => item.phase === 'early' && item.required)
      .map((item) => item.key);
    expect([...template.gates[0]!.requiredItems].sort()).toEqual(requiredEarly.sort());
    expect(template.gates[0]!.signOffs).toEqual(['ops_manager', 'product_manager']);
  });

  it('falls due before the launch in the early stage and after it in the penetration stage, dependencies first', () => {
    const byKey = new Map(template.items.map((item) => [item.key, item]));
    for (const item of template.items) {
      expect(item.phase === 'early' ? item.due.days < 0 : item.due.days > 0).toBe(true);
      for (const dependency of item.dependsOn)
        expect(byKey.get(dependency)!.due.days).toBeLessThanOrEqual(item.due.days);
    }
  });

  it('fills defaults: calendar days, required, no evidence, no dependencies', () => {
    const internalBrand = template.items.find((item) => item.key === 'internal-brand')!;
    expect(internalBrand).toMatchObject({
      due: { days: 14, unit: 'calendar-days' },
      required: true,
      evidence: 'none',
      dependsOn: [],
    });
  });
});

describe('playbookTemplateSchema rejects broken templates, naming the culprit', () => {
  it('accepts a minimal valid template', () => {
    expect(messages(minimal())).toEqual([]);
  });

  it('an unknown dependency', () => {
    const items = [
      ...minimal().items,
      { key: 'c', title: 'C', phase: 'early', ownerRole: 'sales' as const, dependsOn: ['ghost'], due: { days: 0 } },
    ];
    expect(messages(minimal({ items }))).toEqual(['items.2.dependsOn.0: item "c" depends on unknown item "ghost"']);
  });

  it('a dependency cycle, with its path', () => {
    const items = [
      { key: 'a', title: 'A', phase: 'early', ownerRole: 'ops_manager' as const, dependsOn: ['c'], due: { days: -10 } },
      { key: 'b', title: 'B', phase: 'early', ownerRole: 'ops_manager' as const, dependsOn: ['a'], due: { days: -5 } },
      { key: 'c', title: 'C', phase: 'early', ownerRole: 'ops_manager' as const, dependsOn: ['b'], due: { days: -1 } },
    ];
    expect(messages(minimal({ items, gates: [] }))).toEqual(['items: dependency cycle: a -> c -> b -> a']);
  });

  it('a self-dependency', () => {
    const items = [
      { key: 'a', title: 'A', phase: 'early', ownerRole: 'ops_manager' as const, dependsOn: ['a'], due: { days: -1 } },
    ];
    expect(messages(minimal({ items, gates: [] }))).toEqual(['items.0.dependsOn.0: item "a" depends on itself']);
  });

  it('duplicate item, phase and gate keys', () => {
    const template = minimal({
      phases: [
        { key: 'early', title: 'Early' },
        { key: 'early', title: 'Again' },
      ],
      items: [
        ...minimal().items,
        { key: 'a', title: 'A again', phase: 'early', ownerRole: 'ops_manager', due: { days: 1 } },
      ],
      gates: [...minimal().gates!, { key: 'go', title: 'Go again', due: { days: 0 }, requiredItems: ['a'] }],
    });
    expect(messages(template)).toEqual([
      'phases.1.key: duplicate phase key "early"',
      'items.2.key: duplicate item key "a"',
      'gates.1.key: duplicate gate key "go"',
    ]);
  });

  it('a gate that names a missing item, and an item in an unknown phase', () => {
    const template = minimal({
      items: [{ key: 'a', title: 'A', phase: 'later', ownerRole: 'ops_manager', due: { days: -1 } }],
      gates: [{ key: 'go', title: 'Go', due: { days: -1 }, requiredItems: ['a', 'missing'] }],
    });
    expect(messages(template)).toEqual([
      'items.0.phase: item "a" is in unknown phase "later"',
      'gates.0.requiredItems.1: gate "go" needs unknown item "missing"',
    ]);
  });

  it('unknown roles, fields and units', () => {
    const template = minimal({
      items: [
        {
          key: 'a',
          title: 'A',
          phase: 'early',
          ownerRole: 'ceo' as never,
          due: { days: -1, unit: 'weeks' as never },
          colour: 'red',
        } as never,
      ],
      gates: [],
    });
    const found = messages(template);
    expect(found.some((message) => message.startsWith('items.0.ownerRole'))).toBe(true);
    expect(found.some((message) => message.startsWith('items.0.due.unit'))).toBe(true);
    expect(found.some((message) => message.includes('colour'))).toBe(true);
  });
});

describe('findCycle', () => {
  it('finds none in a diamond', () => {
    expect(
      findCycle([
        { key: 'a', dependsOn: [] },
        { key: 'b', dependsOn: ['a'] },
        { key: 'c', dependsOn: ['a'] },
        { key: 'd', dependsOn: ['b', 'c'] },
      ]),
    ).toBeUndefined();
  });

  it('finds a two-item cycle reachable from an innocent item', () => {
    expect(
      findCycle([
        { key: 'x', dependsOn: ['a'] },
        { key: 'a', dependsOn: ['b'] },
        { key: 'b', dependsOn: ['a'] },
      ]),
    ).toEqual(['a', 'b', 'a']);
  });
});
