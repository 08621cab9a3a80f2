/** Sorted sets of signed 64-bit integers in a BigInt64Array (ascending, no duplicates), as EXPLICIT keeps them. */

/** Where `key` is, or `-(insertion point) - 1` when it is absent. */
export function searchSorted(elements: BigInt64Array, key: bigint): number {
  let low = 0;
  let high = elements.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const element = elements[middle];
    if (element < key) low = middle + 1;
    else if (element > key) high = middle - 1;
    else return middle;
  }
  return -low - 1;
}

/**
 * `elements` with `key` inserted at `position`. The result may be a view of a larger buffer, so that a
 * run of inserts moves elements in place instead of copying them all each time; room is added by
 * doubling, up to `capacityLimit`. The caller owns the buffer behind `elements`: no other view may use it.
 */
export function insertAt(
  elements: BigInt64Array,
  position: number,
  key: bigint,
  capacityLimit: number,
): BigInt64Array {
  const size = elements.length;
  const capacity =
    elements.byteOffset === 0 ? elements.buffer.byteLength / BigInt64Array.BYTES_PER_ELEMENT : size;
  let grown: BigInt64Array;
  if (capacity > size) {
    grown = new BigInt64Array(elements.buffer, 0, size + 1);
    grown.copyWithin(position + 1, position, size);
  } else {
    const room = Math.max(size + 1, Math.min(Math.max(2 * size, 8), capacityLimit));
    grown = new BigInt64Array(new ArrayBuffer(room * BigInt64Array.BYTES_PER_ELEMENT), 0, size + 1);
    grown.set(elements.subarray(0, position));
    grown.set(elements.subarray(position), position + 1);
  }
  grown[position] = key;
  return grown;
}

export function unionSorted(a: BigInt64Array, b: BigInt64Array): BigInt64Array {
  const merged = new BigInt64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let size = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) merged[size++] = a[i++];
    else if (a[i] > b[j]) merged[size++] = b[j++];
    else {
      merged[size++] = a[i++];
      j++;
    }
  }
  while (i < a.length) merged[size++] = a[i++];
  while (j < b.length) merged[size++] = b[j++];
  return merged.slice(0, size);
}
