import { pgArrayLiteral } from './pg-array.util';

describe('pgArrayLiteral', () => {
  it('joins plain values without quotes', () => {
    expect(pgArrayLiteral(['2026-11-01', 'a_b'])).toBe('{2026-11-01,a_b}');
    expect(pgArrayLiteral([1, -2, 30])).toBe('{1,-2,30}');
    expect(pgArrayLiteral(['6f1c2a7e-0000-4000-8000-000000000001'])).toBe(
      '{6f1c2a7e-0000-4000-8000-000000000001}',
    );
    expect(pgArrayLiteral([])).toBe('{}');
  });

  it('quotes and escapes every element when one could be misread', () => {
    expect(pgArrayLiteral(['a"b', 'c'])).toBe('{"a\\"b","c"}');
    expect(pgArrayLiteral(['c\\d'])).toBe('{"c\\\\d"}');
    expect(pgArrayLiteral(['e,f', 'g'])).toBe('{"e,f","g"}');
    expect(pgArrayLiteral(['x}', 'y'])).toBe('{"x}","y"}');
    expect(pgArrayLiteral(['a b'])).toBe('{"a b"}');
  });

  it('keeps empty strings and the word NULL as strings', () => {
    expect(pgArrayLiteral(['a', ''])).toBe('{"a",""}');
    expect(pgArrayLiteral(['NULL', 'b'])).toBe('{"NULL","b"}');
    expect(pgArrayLiteral(['a', 'null'])).toBe('{"a","null"}');
    expect(pgArrayLiteral(['nullable'])).toBe('{nullable}');
  });
});
