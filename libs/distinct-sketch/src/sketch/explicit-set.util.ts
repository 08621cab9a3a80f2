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

export function insertAt(elements: BigInt64Array, position: number, key: bigint): BigInt64Array {
  const grown = new BigInt64Array(elements.length + 1);
  grown.set(elements.subarray(0, position));
  grown[position] = key;
  grown.set(elements.subarray(position), position + 1);
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
