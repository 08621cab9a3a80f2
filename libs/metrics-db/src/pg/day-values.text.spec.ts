import { forEachDayValue } from './day-values.text';

const pairsOf = (text: string) => {
  const pairs: [number, number][] = [];
  forEachDayValue(text, (day, value) => pairs.push([day, value]));
  return pairs;
};

describe('forEachDayValue', () => {
  it('reads every pair in order, negative and large values included', () => {
    expect(pairsOf('0:5,1:0,17:-3,89:9007199254740991')).toEqual([
      [0, 5],
      [1, 0],
      [17, -3],
      [89, 9007199254740991],
    ]);
  });

  it('reads nothing from an empty text and one pair without a separator', () => {
    expect(pairsOf('')).toEqual([]);
    expect(pairsOf('3:12')).toEqual([[3, 12]]);
  });

  it('matches a plain split over random pairs', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const pairs = Array.from({ length: 500 }, (_, day) => [day, (next() % 2_000_001) - 1_000_000]);
    expect(pairsOf(pairs.map(([d, v]) => `${d}:${v}`).join(','))).toEqual(pairs);
  });

  it('refuses a text that is not day:value pairs instead of reading wrong numbers', () => {
    expect(() => pairsOf('1:2,x:3')).toThrow(/not a day offset/);
    expect(() => pairsOf('1:2,3:4a')).toThrow(/not a value/);
    expect(() => pairsOf('1:')).toThrow(/value is missing/);
    expect(() => pairsOf('1:2,12')).toThrow(/not a day offset/);
  });
});
