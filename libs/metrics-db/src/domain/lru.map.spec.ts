import { LruMap } from './lru.map';

describe('LruMap', () => {
  it('keeps the most recently used entries within a number of entries', () => {
    const memo = new LruMap<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    expect(memo.get('a')).toBe(1); // b is now the least recently used
    memo.set('c', 3);
    expect(memo.get('b')).toBeUndefined();
    expect([memo.get('a'), memo.get('c'), memo.size]).toEqual([1, 3, 2]);
  });

  it('keeps entries within a budget of bytes, counting a replaced entry once', () => {
    const bytes = new LruMap<Uint8Array>(100, (value) => value.length);
    bytes.set('a', new Uint8Array(60));
    bytes.set('a', new Uint8Array(60));
    bytes.set('b', new Uint8Array(40));
    expect(bytes.size).toBe(2);
    bytes.set('c', new Uint8Array(40));
    expect(bytes.get('a')).toBeUndefined();
    expect(bytes.size).toBe(2);
  });
});
