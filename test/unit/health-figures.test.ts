import { healthFigureProblems, healthFigures } from '../../domain/renewal/health-figures';
import { healthFiguresSchema } from '../../domain/renewal/health-schema';

/** The workflow's zod-free reading of posted health figures against the API's zod schema, on many inputs. */

const FIELDS = ['seatsPurchased', 'activeUsers', 'activationRate', 'usageTrend', 'openCriticalTickets', 'nps', 'asOf'];
const VALUES: unknown[] = [
  0,
  1,
  -1,
  0.5,
  -0.5,
  0.9,
  1.5,
  2,
  3,
  10,
  50,
  99,
  100,
  101,
  -100,
  -101,
  1e5,
  1e5 + 1,
  1e7,
  1e7 + 1,
  1e9,
  1e20,
  -1e20,
  2 ** 53,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  NaN,
  Infinity,
  -Infinity,
  -0,
  '10',
  '',
  'x',
  true,
  false,
  null,
  undefined,
  [],
  [1],
  {},
  { a: 1 },
  new Date(0),
  '2026-02-28',
  '2026-02-29',
  '2024-02-29',
  '2026-02-30',
  '2026-1-1',
  '2026-13-01',
  '2000-02-29',
  '1900-02-29',
  '2026-04-31',
  '2026-12-31T00:00:00Z',
];

/** A small seeded generator, so a failure repeats. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function zodProblems(input: unknown) {
  const parsed = healthFiguresSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function inputs(count: number): unknown[] {
  const next = random(20261206);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const made: unknown[] = [undefined, null, 5, 'figures', [], {}, new Date(0)];
  for (let index = 0; index < count; index += 1) {
    const figures: Record<string, unknown> = {};
    // Mostly valid figures with a few fields changed, so the success path is covered as often as the problems.
    const valid: Record<string, unknown> = { seatsPurchased: 100, activeUsers: 40, openCriticalTickets: 1 };
    if (next() < 0.5) Object.assign(figures, valid);
    if (next() < 0.3) {
      // Valid figures with optional fields, left alone.
      made.push({
        ...valid,
        activationRate: pick([0, 0.5, 1]),
        nps: pick([-100, 0, 100, undefined]),
        asOf: '2026-02-28',
      });
      continue;
    }
    for (const field of FIELDS) if (next() < 0.35) figures[field] = pick(VALUES);
    if (next() < 0.5) for (const field of FIELDS) if (next() < 0.3) delete figures[field];
    if (next() < 0.15) figures[pick(['extra', 'seats', 'Nps', 'score'])] = pick(VALUES);
    if (next() < 0.05) figures.other = 1;
    made.push(figures);
  }
  return made;
}

describe('healthFigureProblems', () => {
  const cases = inputs(5_000);

  it('words, orders and paths every problem exactly as the zod schema does', () => {
    let withProblems = 0;
    for (const input of cases) {
      const expected = zodProblems(input);
      if (expected.length > 0) withProblems += 1;
      expect({ input, problems: healthFigureProblems(input) }).toEqual({ input, problems: expected });
    }
    // Both halves are exercised: figures with problems and figures without.
    expect(withProblems).toBeGreaterThan(1_000);
    expect(cases.length - withProblems).toBeGreaterThan(1_000);
  });

  it('reads accepted figures to what the schema returns, keys in the same order', () => {
    for (const input of cases) {
      const parsed = healthFiguresSchema.safeParse(input);
      if (!parsed.success) {
        expect(() => healthFigures(input)).toThrow();
        continue;
      }
      const read = healthFigures(input);
      expect(Object.keys(read)).toEqual(Object.keys(parsed.data));
      expect(read).toEqual(parsed.data);
    }
  });
});
