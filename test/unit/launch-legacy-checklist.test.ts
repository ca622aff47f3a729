import {
  DAY_MS,
  STARTER_CHECKLIST,
  completeItem,
  completeItemRejection,
  flagOverdueItems,
  initialLaunchState,
  itemDueAt,
  launchWorkflowId,
  msUntilNextDue,
  summarizeLaunch,
  type ChecklistItemSpec,
  type LegacyLaunchInput,
  type LegacyLaunchState,
} from '../../domain/launch/legacy-checklist';

const LAUNCH_DATE = '2030-03-01';
const STARTED = new Date('2030-01-10T09:30:00.000Z');

/** Three items due 2030-02-15, 2030-02-22 and 2030-03-01 (00:00 UTC). */
const ITEMS: ChecklistItemSpec[] = [
  { key: 'positioning', title: 'Positioning', ownerRole: 'product_manager', dueOffsetDays: -14 },
  { key: 'enablement', title: 'Enablement', ownerRole: 'presales', dueOffsetDays: -7 },
  { key: 'go-live', title: 'Go live', ownerRole: 'ops_manager', dueOffsetDays: 0 },
];

function input(items: ChecklistItemSpec[] = ITEMS): LegacyLaunchInput {
  return { launchId: 'acme-2030', productName: 'Acme Suite', launchDate: LAUNCH_DATE, items };
}

function freshState(items: ChecklistItemSpec[] = ITEMS): LegacyLaunchState {
  return initialLaunchState(input(items), STARTED);
}

function item(state: LegacyLaunchState, key: string) {
  const found = state.items.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`test setup: no item ${key}`);
  return found;
}

describe('launchWorkflowId', () => {
  it('derives the workflow id from the business key', () => {
    expect(launchWorkflowId('acme-2030')).toBe('launch:acme-2030');
  });

  it('gives different launches different ids', () => {
    expect(launchWorkflowId('a')).not.toBe(launchWorkflowId('b'));
  });
});

describe('itemDueAt', () => {
  it.each([
    // [launch date, offset days, expected due instant]
    ['2030-03-10', 0, '2030-03-10T00:00:00.000Z'],
    ['2030-03-10', -7, '2030-03-03T00:00:00.000Z'],
    ['2030-03-10', 5, '2030-03-15T00:00:00.000Z'],
    ['2030-03-01', -1, '2030-02-28T00:00:00.000Z'], // back across a month end, non-leap year
    ['2028-03-01', -1, '2028-02-29T00:00:00.000Z'], // back onto a leap day
    ['2028-02-28', 1, '2028-02-29T00:00:00.000Z'], // forward onto a leap day
    ['2030-02-28', 1, '2030-03-01T00:00:00.000Z'], // no leap day in 2030
    ['2030-01-31', 1, '2030-02-01T00:00:00.000Z'], // forward across a month end
    ['2030-01-05', -42, '2029-11-24T00:00:00.000Z'], // back across a year end
    ['2029-12-20', 14, '2030-01-03T00:00:00.000Z'], // forward across a year end
    ['2031-01-01', -730, '2029-01-01T00:00:00.000Z'], // the schema's largest offset
  ])('%s with offset %d days -> %s', (launchDate, offset, expected) => {
    expect(itemDueAt(launchDate, offset).toISOString()).toBe(expected);
  });

  it('falls at midnight UTC whatever the offset', () => {
    for (const offset of [-42, -35, -1, 0, 1, 30]) {
      const due = itemDueAt(LAUNCH_DATE, offset);
      expect([due.getUTCHours(), due.getUTCMinutes(), due.getUTCSeconds(), due.getUTCMilliseconds()]).toEqual([
        0, 0, 0, 0,
      ]);
    }
  });

  it('spaces consecutive offsets exactly one day apart', () => {
    expect(itemDueAt(LAUNCH_DATE, 1).getTime() - itemDueAt(LAUNCH_DATE, 0).getTime()).toBe(DAY_MS);
    expect(DAY_MS).toBe(86_400_000);
  });
});

describe('initialLaunchState', () => {
  it('copies the launch identity and starts active at seq 1', () => {
    const state = freshState();
    expect(state).toMatchObject({
      launchId: 'acme-2030',
      productName: 'Acme Suite',
      launchDate: LAUNCH_DATE,
      status: 'active',
      seq: 1,
    });
  });

  it('is company-wide (no regions) when the input names none, as in runs started before regions existed', () => {
    expect(freshState().regions).toEqual([]);
    expect(initialLaunchState({ ...input(), regions: undefined }, STARTED).regions).toEqual([]);
  });

  it("takes the input's regions", () => {
    expect(initialLaunchState({ ...input(), regions: ['emea', 'apac'] }, STARTED).regions).toEqual(['emea', 'apac']);
  });

  it('takes startedAt from the clock passed in, not the wall clock', () => {
    const then = new Date('2001-02-03T04:05:06.789Z');
    expect(initialLaunchState(input(), then).startedAt).toBe('2001-02-03T04:05:06.789Z');
  });

  it('opens every item, not overdue, with its due time computed from the launch date', () => {
    const state = freshState();
    expect(state.items).toEqual([
      { ...ITEMS[0], dueAt: '2030-02-15T00:00:00.000Z', status: 'open', overdue: false },
      { ...ITEMS[1], dueAt: '2030-02-22T00:00:00.000Z', status: 'open', overdue: false },
      { ...ITEMS[2], dueAt: '2030-03-01T00:00:00.000Z', status: 'open', overdue: false },
    ]);
    for (const openItem of state.items) {
      expect(openItem).not.toHaveProperty('completedBy');
      expect(openItem).not.toHaveProperty('completedAt');
    }
  });

  it('does not share item objects with the input', () => {
    const specs = ITEMS.map((spec) => ({ ...spec }));
    const state = initialLaunchState(input(specs), STARTED);
    completeItem(state, { itemKey: 'positioning', completedBy: 'pm' }, STARTED);
    expect(specs[0]).not.toHaveProperty('status');
    expect(specs[0]).not.toHaveProperty('completedBy');
  });
});

describe('completeItemRejection', () => {
  it('accepts an open item', () => {
    expect(completeItemRejection(freshState(), { itemKey: 'enablement', completedBy: 'ann' })).toBeUndefined();
  });

  it('accepts an open item that is already overdue', () => {
    const state = freshState();
    flagOverdueItems(state, new Date('2030-02-16T00:00:00Z'));
    expect(item(state, 'positioning').overdue).toBe(true);
    expect(completeItemRejection(state, { itemKey: 'positioning', completedBy: 'ann' })).toBeUndefined();
  });

  it('rejects an unknown item as unknown-item, naming the key and the launch', () => {
    const rejection = completeItemRejection(freshState(), { itemKey: 'no-such-item', completedBy: 'ann' });
    expect(rejection?.kind).toBe('unknown-item');
    expect(rejection?.message).toContain('"no-such-item"');
    expect(rejection?.message).toContain('acme-2030');
  });

  it('matches item keys exactly (no case folding or prefix match)', () => {
    const state = freshState();
    expect(completeItemRejection(state, { itemKey: 'Enablement', completedBy: 'ann' })?.kind).toBe('unknown-item');
    expect(completeItemRejection(state, { itemKey: 'enable', completedBy: 'ann' })?.kind).toBe('unknown-item');
  });

  it('rejects an already-completed item as invalid-transition, naming who completed it and when', () => {
    const state = freshState();
    completeItem(state, { itemKey: 'enablement', completedBy: 'bob' }, new Date('2030-02-01T12:00:00.000Z'));
    const rejection = completeItemRejection(state, { itemKey: 'enablement', completedBy: 'carol' });
    expect(rejection?.kind).toBe('invalid-transition');
    expect(rejection?.message).toContain('"enablement"');
    expect(rejection?.message).toContain('bob');
    expect(rejection?.message).toContain('2030-02-01T12:00:00.000Z');
    expect(rejection?.message).not.toContain('carol');
  });

  describe('expectedSeq', () => {
    it('accepts the current version', () => {
      expect(
        completeItemRejection(freshState(), { itemKey: 'enablement', completedBy: 'ann', expectedSeq: 1 }),
      ).toBeUndefined();
    });

    it('rejects an older version as stale-version, naming both versions and the launch', () => {
      const state = freshState();
      completeItem(state, { itemKey: 'positioning', completedBy: 'bob' }, STARTED);
      const rejection = completeItemRejection(state, { itemKey: 'enablement', completedBy: 'ann', expectedSeq: 1 });
      expect(rejection?.kind).toBe('stale-version');
      expect(rejection?.message).toContain('acme-2030');
      expect(rejection?.message).toContain('version 2');
      expect(rejection?.message).toContain('not 1');
    });

    it('rejects a version from the future too', () => {
      expect(
        completeItemRejection(freshState(), { itemKey: 'enablement', completedBy: 'ann', expectedSeq: 5 })?.kind,
      ).toBe('stale-version');
    });

    it('checks the version before the item: a stale unknown item is stale-version', () => {
      expect(
        completeItemRejection(freshState(), { itemKey: 'no-such-item', completedBy: 'ann', expectedSeq: 9 })?.kind,
      ).toBe('stale-version');
    });

    it('checks the version before the item state: a stale completed item is stale-version', () => {
      const state = freshState();
      completeItem(state, { itemKey: 'enablement', completedBy: 'bob' }, STARTED);
      expect(completeItemRejection(state, { itemKey: 'enablement', completedBy: 'ann', expectedSeq: 1 })?.kind).toBe(
        'stale-version',
      );
    });

    it('still reports unknown-item and invalid-transition at the current version', () => {
      const state = freshState();
      completeItem(state, { itemKey: 'enablement', completedBy: 'bob' }, STARTED);
      expect(completeItemRejection(state, { itemKey: 'nope', completedBy: 'ann', expectedSeq: 2 })?.kind).toBe(
        'unknown-item',
      );
      expect(completeItemRejection(state, { itemKey: 'enablement', completedBy: 'ann', expectedSeq: 2 })?.kind).toBe(
        'invalid-transition',
      );
    });

    it('treats expectedSeq 0 as a version to check, not as absent', () => {
      expect(
        completeItemRejection(freshState(), { itemKey: 'enablement', completedBy: 'ann', expectedSeq: 0 })?.kind,
      ).toBe('stale-version');
    });
  });

  it('does not change the state', () => {
    const state = freshState();
    const before = structuredClone(state);
    completeItemRejection(state, { itemKey: 'enablement', completedBy: 'ann', expectedSeq: 99 });
    completeItemRejection(state, { itemKey: 'missing', completedBy: 'ann' });
    completeItemRejection(state, { itemKey: 'enablement', completedBy: 'ann' });
    expect(state).toEqual(before);
  });
});

describe('completeItem', () => {
  const at = new Date('2030-02-10T08:00:00.000Z');

  it('records who completed the item, when, and the note', () => {
    const state = freshState();
    completeItem(state, { itemKey: 'enablement', completedBy: 'ann', note: 'deck shared' }, at);
    expect(item(state, 'enablement')).toMatchObject({
      status: 'done',
      completedBy: 'ann',
      completedAt: '2030-02-10T08:00:00.000Z',
      note: 'deck shared',
    });
  });

  it('leaves note unset when none is given', () => {
    const state = freshState();
    completeItem(state, { itemKey: 'enablement', completedBy: 'ann' }, at);
    expect(item(state, 'enablement')).not.toHaveProperty('note');
  });

  it('touches only the named item', () => {
    const state = freshState();
    const othersBefore = structuredClone(state.items.filter((candidate) => candidate.key !== 'enablement'));
    completeItem(state, { itemKey: 'enablement', completedBy: 'ann' }, at);
    expect(state.items.filter((candidate) => candidate.key !== 'enablement')).toEqual(othersBefore);
  });

  it('clears the overdue flag of an overdue item', () => {
    const state = freshState();
    flagOverdueItems(state, new Date('2030-02-20T00:00:00Z'));
    expect(item(state, 'positioning').overdue).toBe(true);
    completeItem(state, { itemKey: 'positioning', completedBy: 'ann' }, at);
    expect(item(state, 'positioning').overdue).toBe(false);
  });

  it('bumps seq by exactly one per completion', () => {
    const state = freshState();
    completeItem(state, { itemKey: 'positioning', completedBy: 'ann' }, at);
    expect(state.seq).toBe(2);
    completeItem(state, { itemKey: 'enablement', completedBy: 'ann' }, at);
    expect(state.seq).toBe(3);
  });

  it('becomes ready only when the last item is done', () => {
    const state = freshState();
    completeItem(state, { itemKey: 'go-live', completedBy: 'ann' }, at);
    expect(state.status).toBe('active');
    completeItem(state, { itemKey: 'positioning', completedBy: 'ann' }, at);
    expect(state.status).toBe('active');
    completeItem(state, { itemKey: 'enablement', completedBy: 'ann' }, at);
    expect(state.status).toBe('ready');
  });

  it('makes a single-item launch ready at once', () => {
    const state = freshState([ITEMS[0]!]);
    completeItem(state, { itemKey: 'positioning', completedBy: 'ann' }, at);
    expect(state.status).toBe('ready');
  });

  it('throws on an unknown item and changes nothing', () => {
    const state = freshState();
    const before = structuredClone(state);
    expect(() => completeItem(state, { itemKey: 'nope', completedBy: 'ann' }, at)).toThrow(/nope/);
    expect(state).toEqual(before);
  });
});

describe('flagOverdueItems', () => {
  it('flags nothing before the first due time, returns false and keeps seq', () => {
    const state = freshState();
    expect(flagOverdueItems(state, new Date('2030-02-14T23:59:59.999Z'))).toBe(false);
    expect(state.items.map((candidate) => candidate.overdue)).toEqual([false, false, false]);
    expect(state.seq).toBe(1);
  });

  it('flags an item exactly at its due time', () => {
    const state = freshState();
    expect(flagOverdueItems(state, new Date('2030-02-15T00:00:00.000Z'))).toBe(true);
    expect(item(state, 'positioning').overdue).toBe(true);
    expect(item(state, 'enablement').overdue).toBe(false);
  });

  it('flags every open item past due in one change, bumping seq once', () => {
    const state = freshState();
    expect(flagOverdueItems(state, new Date('2030-02-25T00:00:00Z'))).toBe(true);
    expect(state.items.map((candidate) => candidate.overdue)).toEqual([true, true, false]);
    expect(state.seq).toBe(2);
  });

  it('does not flag done items', () => {
    const state = freshState();
    completeItem(state, { itemKey: 'positioning', completedBy: 'ann' }, new Date('2030-02-01T00:00:00Z'));
    const seq = state.seq;
    expect(flagOverdueItems(state, new Date('2030-02-16T00:00:00Z'))).toBe(false);
    expect(item(state, 'positioning').overdue).toBe(false);
    expect(state.seq).toBe(seq);
  });

  it('does not re-flag: a second call with nothing new returns false and keeps seq', () => {
    const state = freshState();
    const now = new Date('2030-02-16T00:00:00Z');
    expect(flagOverdueItems(state, now)).toBe(true);
    expect(state.seq).toBe(2);
    expect(flagOverdueItems(state, now)).toBe(false);
    expect(flagOverdueItems(state, new Date('2030-02-17T00:00:00Z'))).toBe(false);
    expect(state.seq).toBe(2);
  });

  it('flags later items as they fall due, one seq bump each time', () => {
    const state = freshState();
    flagOverdueItems(state, new Date('2030-02-16T00:00:00Z'));
    expect(flagOverdueItems(state, new Date('2030-02-22T00:00:00Z'))).toBe(true);
    expect(state.items.map((candidate) => candidate.overdue)).toEqual([true, true, false]);
    expect(state.seq).toBe(3);
  });
});

describe('msUntilNextDue', () => {
  it('is the time until the earliest open item falls due', () => {
    const now = new Date('2030-02-14T00:00:00Z');
    expect(msUntilNextDue(freshState(), now)).toBe(DAY_MS);
  });

  it('does not depend on item order', () => {
    const now = new Date('2030-02-14T00:00:00Z');
    expect(msUntilNextDue(freshState([...ITEMS].reverse()), now)).toBe(DAY_MS);
  });

  it('ignores done items', () => {
    const state = freshState();
    completeItem(state, { itemKey: 'positioning', completedBy: 'ann' }, STARTED);
    expect(msUntilNextDue(state, new Date('2030-02-14T00:00:00Z'))).toBe(8 * DAY_MS);
  });

  it('ignores items already flagged overdue', () => {
    const state = freshState();
    flagOverdueItems(state, new Date('2030-02-16T00:00:00Z'));
    expect(msUntilNextDue(state, new Date('2030-02-21T00:00:00Z'))).toBe(DAY_MS);
  });

  it('returns 0, never a negative delay, for an open item past due but not yet flagged', () => {
    expect(msUntilNextDue(freshState(), new Date('2030-02-20T00:00:00Z'))).toBe(0);
  });

  it('returns 0 exactly at the due time', () => {
    expect(msUntilNextDue(freshState(), new Date('2030-02-15T00:00:00Z'))).toBe(0);
  });

  it('is undefined when every item is done', () => {
    const state = freshState();
    for (const spec of ITEMS) completeItem(state, { itemKey: spec.key, completedBy: 'ann' }, STARTED);
    expect(msUntilNextDue(state, STARTED)).toBeUndefined();
  });

  it('is undefined when every open item is already overdue', () => {
    const state = freshState();
    flagOverdueItems(state, new Date('2030-04-01T00:00:00Z'));
    expect(msUntilNextDue(state, new Date('2030-04-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('summarizeLaunch', () => {
  it('summarizes a fresh launch', () => {
    expect(summarizeLaunch(freshState())).toEqual({
      launchId: 'acme-2030',
      workflowId: 'launch:acme-2030',
      productName: 'Acme Suite',
      launchDate: LAUNCH_DATE,
      regions: [],
      status: 'active',
      itemsTotal: 3,
      itemsDone: 0,
      itemsOverdue: 0,
      seq: 1,
      startedAt: STARTED.toISOString(),
    });
  });

  it("carries the launch's regions", () => {
    const state = initialLaunchState({ ...input(), regions: ['emea', 'east-china'] }, STARTED);
    expect(summarizeLaunch(state).regions).toEqual(['emea', 'east-china']);
  });

  it('counts done and overdue items separately', () => {
    const state = freshState();
    flagOverdueItems(state, new Date('2030-02-23T00:00:00Z')); // positioning, enablement overdue
    completeItem(state, { itemKey: 'go-live', completedBy: 'ann' }, STARTED); // done, never overdue
    const summary = summarizeLaunch(state);
    expect(summary).toMatchObject({ itemsTotal: 3, itemsDone: 1, itemsOverdue: 2, seq: 3, status: 'active' });
  });

  it('stops counting an item as overdue once it is done', () => {
    const state = freshState();
    flagOverdueItems(state, new Date('2030-02-23T00:00:00Z'));
    completeItem(state, { itemKey: 'positioning', completedBy: 'ann' }, STARTED);
    expect(summarizeLaunch(state)).toMatchObject({ itemsDone: 1, itemsOverdue: 1 });
  });

  it('reports ready with everything done', () => {
    const state = freshState();
    for (const spec of ITEMS) completeItem(state, { itemKey: spec.key, completedBy: 'ann' }, STARTED);
    expect(summarizeLaunch(state)).toMatchObject({ status: 'ready', itemsDone: 3, itemsOverdue: 0, seq: 4 });
  });
});

describe('STARTER_CHECKLIST', () => {
  it('is not empty and has unique keys', () => {
    const keys = STARTER_CHECKLIST.map((spec) => spec.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
