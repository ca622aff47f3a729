import { completeItemSchema, startLaunchSchema } from '../../api/launch/schemas';

const VALID_START = { launchId: 'acme-2030', productName: 'Acme Suite', launchDate: '2030-03-01' };

describe('startLaunchSchema', () => {
  const parse = (body: unknown) => startLaunchSchema.safeParse(body);
  const issuePaths = (body: unknown) => (parse(body).error?.issues ?? []).map((issue) => issue.path.join('.'));

  it('accepts a minimal body and trims text fields', () => {
    expect(parse({ ...VALID_START, productName: '  Acme Suite  ' }).data).toMatchObject(VALID_START);
  });

  it('rejects unknown keys, including the old fixed checklist', () => {
    expect(parse({ ...VALID_START, status: 'ready' }).error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['status'] }),
    ]);
    expect(parse({ ...VALID_START, items: [] }).error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['items'] }),
    ]);
  });

  it.each([
    ['missing launchId', { productName: 'p', launchDate: '2030-03-01' }, 'launchId'],
    ['missing productName', { launchId: 'a', launchDate: '2030-03-01' }, 'productName'],
    ['missing launchDate', { launchId: 'a', productName: 'p' }, 'launchDate'],
    ['blank productName', { ...VALID_START, productName: '   ' }, 'productName'],
    ['201-character productName', { ...VALID_START, productName: 'x'.repeat(201) }, 'productName'],
    ['numeric launchId', { ...VALID_START, launchId: 42 }, 'launchId'],
  ])('rejects %s', (_what, body, path) => {
    expect(issuePaths(body)).toEqual([path]);
  });

  describe('slugs', () => {
    it.each([
      ['uppercase', 'Acme'],
      ['a space', 'acme launch'],
      ['a leading dash', '-acme'],
      ['an underscore', 'acme_2030'],
      ['a slash', 'acme/2030'],
      ['an empty string', ''],
      ['64 characters', 'a'.repeat(64)],
    ])('rejects a launch id with %s', (_what, launchId) => {
      const issues = parse({ ...VALID_START, launchId }).error?.issues ?? [];
      expect(issues).toEqual([
        expect.objectContaining({ path: ['launchId'], message: expect.stringContaining('launch id must be') }),
      ]);
    });

    it.each([
      ['63 characters', 'a'.repeat(63)],
      ['a single digit', '7'],
      ['inner dashes', 'acme-launch-2030'],
    ])('accepts a launch id with %s', (_what, launchId) => {
      expect(parse({ ...VALID_START, launchId }).success).toBe(true);
    });
  });

  describe('launchDate', () => {
    it.each([
      '2030-02-30',
      '2030-02-29',
      '2030-13-01',
      '2030-04-31',
      '2030-3-1',
      '01/03/2030',
      '2030-03-01T00:00:00Z',
      '',
    ])('rejects %j', (launchDate) => {
      expect(issuePaths({ ...VALID_START, launchDate })).toEqual(['launchDate']);
    });

    it('accepts a leap day in a leap year', () => {
      expect(parse({ ...VALID_START, launchDate: '2028-02-29' }).success).toBe(true);
    });
  });

  describe('regions', () => {
    it('keeps a list of region slugs', () => {
      expect(parse({ ...VALID_START, regions: ['east-china', 'emea'] }).data?.regions).toEqual(['east-china', 'emea']);
    });

    it('defaults to no regions when omitted (a company-wide launch)', () => {
      expect(parse(VALID_START).data?.regions).toEqual([]);
    });

    it('accepts an empty list', () => {
      expect(parse({ ...VALID_START, regions: [] }).data?.regions).toEqual([]);
    });

    it('rejects duplicate regions, saying they must be unique', () => {
      const issues = parse({ ...VALID_START, regions: ['emea', 'emea'] }).error?.issues ?? [];
      expect(issues).toEqual([expect.objectContaining({ path: ['regions'], message: 'regions must be unique' })]);
    });

    it.each([
      ['uppercase', 'EMEA'],
      ['a space', 'east china'],
      ['a leading dash', '-emea'],
      ['an empty string', ''],
      ['a number', 7],
    ])('rejects a region with %s', (_what, region) => {
      expect(issuePaths({ ...VALID_START, regions: ['emea', region] })).toEqual(['regions.1']);
    });

    it('rejects more than 50 regions', () => {
      const regions = Array.from({ length: 51 }, (_, i) => `r-${i}`);
      expect(issuePaths({ ...VALID_START, regions })).toEqual(['regions']);
      expect(parse({ ...VALID_START, regions: regions.slice(0, 50) }).success).toBe(true);
    });

    it('rejects a single string instead of a list', () => {
      expect(issuePaths({ ...VALID_START, regions: 'emea' })).toEqual(['regions']);
    });
  });

  describe('owners, template and calendar', () => {
    it('defaults to the latest launch-readiness template with no owners, and leaves the calendar to its regions', () => {
      const data = parse(VALID_START).data;
      expect(data).toMatchObject({ owners: {}, template: { key: 'launch-readiness' } });
      // The API picks it: the regions' default calendar, else mon-fri (api/http/pinned-calendar.ts).
      expect(data).not.toHaveProperty('calendar');
    });

    it('keeps a person per role and a pinned template version', () => {
      const body = {
        ...VALID_START,
        owners: { product_manager: ' pat@hq.example ' },
        template: { key: 'launch-readiness', version: 3 },
        calendar: 'cn-mainland',
      };
      expect(parse(body).data).toMatchObject({
        owners: { product_manager: 'pat@hq.example' },
        template: { version: 3 },
        calendar: 'cn-mainland',
      });
    });

    it.each([
      ['an unknown role', { owners: { wizard: 'merlin' } }, 'owners'],
      ['a blank person', { owners: { presales: '  ' } }, 'owners.presales'],
      ['version 0', { template: { key: 'launch-readiness', version: 0 } }, 'template.version'],
      ['a template key that is no slug', { template: { key: 'Launch Readiness' } }, 'template.key'],
      ['an unknown template field', { template: { key: 'launch-readiness', definition: {} } }, 'template'],
      ['a calendar key that is no slug', { calendar: 'CN' }, 'calendar'],
    ])('rejects %s', (_what, patch, path) => {
      expect(issuePaths({ ...VALID_START, ...patch })).toEqual([path]);
    });
  });

  it.each(['1999-12-31', '2200-01-01'])('rejects a launch date outside 2000-2199 (%s)', (launchDate) => {
    expect(issuePaths({ ...VALID_START, launchDate })).toEqual(['launchDate']);
  });
});

describe('completeItemSchema', () => {
  it('trims the note', () => {
    expect(completeItemSchema.parse({ note: ' shipped ' })).toEqual({ note: 'shipped' });
  });

  it('accepts an empty body: the note is optional and the actor comes from the caller', () => {
    expect(completeItemSchema.parse({})).toEqual({});
  });

  it.each([
    ['completedBy', { completedBy: 'ann' }],
    ['completedBy with a note', { completedBy: 'ann', note: 'x' }],
  ])('rejects %s, so a client cannot name someone else as the actor', (_what, body) => {
    expect(completeItemSchema.safeParse(body).error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['completedBy'] }),
    ]);
  });

  it('rejects unknown keys, so a client cannot set the completion time', () => {
    expect(completeItemSchema.safeParse({ completedAt: '2030-01-01T00:00:00Z' }).error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['completedAt'] }),
    ]);
  });

  it('rejects a note over 4000 characters', () => {
    expect(completeItemSchema.safeParse({ note: 'x'.repeat(4001) }).error?.issues.map((issue) => issue.path)).toEqual([
      ['note'],
    ]);
    expect(completeItemSchema.safeParse({ note: 'x'.repeat(4000) }).success).toBe(true);
  });

  it('takes an http(s) link as evidence and nothing else', () => {
    expect(completeItemSchema.parse({ link: 'https://wiki.example/battlecard' })).toEqual({
      link: 'https://wiki.example/battlecard',
    });
    for (const link of ['javascript:alert(1)', 'ftp://files.example/x', 'not a url']) {
      expect(completeItemSchema.safeParse({ link }).error?.issues.map((issue) => issue.path)).toEqual([['link']]);
    }
  });

  it('rejects a note that is not a string', () => {
    expect(completeItemSchema.safeParse({ note: 42 }).error?.issues.map((issue) => issue.path)).toEqual([['note']]);
  });
});
