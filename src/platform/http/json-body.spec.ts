import { jsonNestingExceeds } from './json-body';

const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('jsonNestingExceeds', () => {
  it('should count arrays and objects, and allow exactly the maximum', () => {
    expect(jsonNestingExceeds(Buffer.from(deep(32)), 32)).toBe(false);
    expect(jsonNestingExceeds(Buffer.from(deep(33)), 32)).toBe(true);
    expect(jsonNestingExceeds(Buffer.from('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(jsonNestingExceeds(Buffer.from('[[1],[2],[3],[4]]'), 2)).toBe(false);
  });

  it('should not count brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingExceeds(Buffer.from(`{"a":"${'[{'.repeat(100)}"}`), 2)).toBe(false);
    expect(jsonNestingExceeds(Buffer.from(`{"a":"\\"${'['.repeat(100)}"}`), 2)).toBe(false);
    expect(jsonNestingExceeds(Buffer.from(`{"a":"\\\\",${'"b":['.repeat(3)}1]]]}`), 3)).toBe(true);
    expect(jsonNestingExceeds(Buffer.from('{"ভালো":"[[[[ফোন"}'), 1)).toBe(false);
  });
});
