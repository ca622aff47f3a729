import { prefersMinimalReturn } from '../../api/http/mount-routes';

describe('Prefer: return=minimal (RFC 7240)', () => {
  it.each([
    ['return=minimal', true],
    ['RETURN = "minimal"', true],
    ['respond-async, return=minimal; foo=bar', true],
    ['handling=strict; x=1, return=minimal', true],
  ])('asks for the minimal answer with %j', (header, expected) => {
    expect(prefersMinimalReturn(header)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['return=representation'],
    ['return=minimalist'],
    ['handling=lenient; return=minimal'],
    ['x-return=minimal'],
  ])('answers the whole state with %j', (header) => {
    expect(prefersMinimalReturn(header)).toBe(false);
  });
});
