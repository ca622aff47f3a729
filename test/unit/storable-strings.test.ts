import { findUnstorableString } from '../../api/http/storable-strings';

describe('findUnstorableString', () => {
  it.each([
    ['plain text', { a: 'hello', b: ['x', { c: '上市 🚀' }] }],
    ['a valid surrogate pair (emoji)', { a: '\ud83d\ude80' }],
    ['non-strings', { a: 1, b: null, c: true, d: [] }],
  ])('accepts %s', (_what, value) => {
    expect(findUnstorableString(value)).toBeUndefined();
  });

  it.each([
    ['a NUL in a nested string', { items: [{ title: 'a\u0000b' }] }, 'items.0.title'],
    ['a lone high surrogate', { name: 'x\ud989' }, 'name'],
    ['a lone low surrogate', { name: '\ude80x' }, 'name'],
    ['a NUL in a key', { ['k\u0000']: 1 }, 'k\u0000'],
    ['a top-level string', 'a\u0000', '(value)'],
  ])('finds %s', (_what, value, path) => {
    expect(findUnstorableString(value)).toBe(path);
  });
});
