import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../api/http/cursor';
import { toProblem } from '../../api/http/error-handler';
import { Problem } from '../../api/http/problem';

/** The shape the launch list pages by: launch date, then launch id. */
const launchPosition = z.tuple([z.iso.date(), z.string()]);

/** The Problem decodeCursor throws; fails the test if it returns instead. */
function cursorProblem(cursor: string, shape: z.ZodType = launchPosition): Problem {
  let thrown: unknown;
  try {
    decodeCursor(cursor, shape);
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error(`decodeCursor accepted ${JSON.stringify(cursor)}`);
  expect(thrown).toBeInstanceOf(Problem);
  return thrown as Problem;
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips a position', () => {
    const cursor = encodeCursor(['2030-03-01', 'acme-2030']);
    expect(decodeCursor(cursor, launchPosition)).toEqual(['2030-03-01', 'acme-2030']);
  });

  it('round-trips numbers and text with characters that need escaping', () => {
    const shape = z.tuple([z.number(), z.string()]);
    expect(decodeCursor(encodeCursor([42, 'a "quoted", ünïcode/+= value']), shape)).toEqual([
      42,
      'a "quoted", ünïcode/+= value',
    ]);
  });

  it('is opaque and URL-safe: base64url, no padding, not the plain position', () => {
    const cursor = encodeCursor(['2030-03-01', 'acme-2030?>>>']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('acme');
  });

  it('gives different cursors for different positions', () => {
    expect(encodeCursor(['2030-03-01', 'a'])).not.toBe(encodeCursor(['2030-03-01', 'b']));
  });

  it('returns what the shape outputs (transforms apply)', () => {
    const shape = z.tuple([z.string().regex(/^\d+$/).transform(BigInt)]);
    expect(decodeCursor(encodeCursor(['9007199254740993']), shape)).toEqual([9007199254740993n]);
  });
});

describe('decodeCursor refuses cursors it did not issue', () => {
  it.each([
    ['garbage', 'not a cursor!!'],
    ['an empty string', ''],
    ['base64 of text that is not JSON', Buffer.from('hello world').toString('base64url')],
    [
      'a cursor with a character changed',
      encodeCursor(['2030-03-01', 'acme-2030']).replace(/^./, (c) => (c === 'W' ? 'X' : 'W')),
    ],
    ['a truncated cursor', encodeCursor(['2030-03-01', 'acme-2030']).slice(0, -4)],
  ])('%s', (_what, cursor) => {
    const problem = cursorProblem(cursor);
    expect(problem.status).toBe(400);
    expect(problem.title).toBe('Invalid request');
    expect(problem.toJSON().errors).toEqual([
      { path: 'cursor', message: 'unrecognised cursor', code: 'invalid_cursor' },
    ]);
  });

  it.each([
    ['a position of the wrong length', ['2030-03-01']],
    ['a position with the wrong types', [20300301, 'acme-2030']],
    ['a position with an invalid date', ['2030-02-30', 'acme-2030']],
    ['an object instead of a position', { launchDate: '2030-03-01', launchId: 'acme-2030' }],
  ])('valid JSON of the wrong shape: %s', (_what, position) => {
    const cursor = Buffer.from(JSON.stringify(position)).toString('base64url');
    const problem = cursorProblem(cursor);
    expect(problem.status).toBe(400);
    expect(problem.toJSON().errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it("refuses another list's cursor (an audit cursor on the launch list)", () => {
    const auditCursor = encodeCursor(['12345']);
    expect(cursorProblem(auditCursor).status).toBe(400);
  });

  it('says to start again without the cursor and does not echo it', () => {
    const problem = cursorProblem('secret-looking-garbage');
    expect(problem.detail).toMatch(/without it/);
    expect(JSON.stringify(problem.toJSON('/api/launches'))).not.toContain('secret-looking-garbage');
  });

  it('is sent as the 400 problem itself, not turned into a 500', () => {
    const problem = cursorProblem('%%%');
    expect(toProblem(problem)).toBe(problem);
  });
});
