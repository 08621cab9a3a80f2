import { insertAt, searchSorted, unionSorted } from './explicit-set.util';

describe('sorted int64 sets', () => {
  it('finds elements and insertion points', () => {
    const elements = BigInt64Array.of(-5n, 0n, 7n);
    expect(searchSorted(elements, 0n)).toBe(1);
    expect(searchSorted(elements, -9n)).toBe(-1);
    expect(searchSorted(elements, 3n)).toBe(-3);
    expect(searchSorted(elements, 9n)).toBe(-4);
  });

  it('inserts in place while there is room, and never past the capacity limit when growing', () => {
    let elements: BigInt64Array = new BigInt64Array(0);
    const inserted: bigint[] = [];
    for (const key of [5n, -3n, 9n, 0n, 7n, 1n, 2n, 8n, 6n, 4n, -1n]) {
      elements = insertAt(elements, -searchSorted(elements, key) - 1, key, 10);
      inserted.push(key);
      expect(Array.from(elements)).toEqual(inserted.slice().sort((a, b) => (a < b ? -1 : 1)));
    }
    expect(elements.length).toBe(11);
    // 8 elements of room, then 10 (the limit), then just the one more needed.
    expect(elements.buffer.byteLength).toBe(11 * 8);
  });

  it('unites two sets without duplicates', () => {
    const union = unionSorted(BigInt64Array.of(-2n, 1n, 5n), BigInt64Array.of(1n, 3n, 5n, 8n));
    expect(Array.from(union)).toEqual([-2n, 1n, 3n, 5n, 8n]);
  });
});
