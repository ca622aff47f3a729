import { blank, isIsoDate, wholeAtLeast } from '../../domain/shared/input-checks';
import { pocInputProblems } from '../../domain/poc/create';
import { pocInput } from '../helpers/poc-fixtures';

describe('input checks', () => {
  it.each(['2030-02-28', '2028-02-29', '2030-12-31'])('takes %s as a date', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  it.each(['2030-02-30', '2030-13-01', '2030-2-1', '01/03/2030', '', 20300301, undefined])(
    'refuses %j as a date, without throwing',
    (date) => {
      expect(isIsoDate(date)).toBe(false);
    },
  );

  it('calls missing, non-text and space-only values blank', () => {
    expect([undefined, null, 7, '', '   '].map(blank)).toEqual([true, true, true, true, true]);
    expect(blank(' x ')).toBe(false);
  });

  it('knows whole numbers at least a minimum', () => {
    expect([
      wholeAtLeast(3, 1),
      wholeAtLeast(1, 1),
      wholeAtLeast(0, 1),
      wholeAtLeast(1.5, 1),
      wholeAtLeast('3', 1),
    ]).toEqual([true, true, false, false, false]);
  });

  it('reports an impossible planned start as a problem rather than failing the check', () => {
    expect(pocInputProblems(pocInput({ plannedStart: '2030-02-30' }))).toContain(
      'request.plannedStart must be a YYYY-MM-DD date, not "2030-02-30"',
    );
  });
});
