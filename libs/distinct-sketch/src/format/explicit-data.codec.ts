import { EXPLICIT_CUTOFF, EXPLICIT_ELEMENT_BYTES, HEADER_BYTES } from './sketch.parameters';
import { SketchFormatError } from './sketch-format.error';

const dataViewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The elements of an EXPLICIT sketch: big-endian signed 64-bit integers, strictly ascending. */
/** How many elements an EXPLICIT sketch of `bytes.length` bytes holds. */
export function explicitElementCount(bytes: Uint8Array): number {
  const dataBytes = bytes.length - HEADER_BYTES;
  if (dataBytes % EXPLICIT_ELEMENT_BYTES !== 0) {
    throw new SketchFormatError(
      `EXPLICIT sketch has ${dataBytes} data bytes, not a whole number of ${EXPLICIT_ELEMENT_BYTES}-byte elements`,
    );
  }
  return dataBytes / EXPLICIT_ELEMENT_BYTES;
}

export function decodeExplicitData(bytes: Uint8Array): BigInt64Array {
  const count = explicitElementCount(bytes);
  if (count > EXPLICIT_CUTOFF) {
    throw new SketchFormatError(
      `EXPLICIT sketch has ${count} elements; with these parameters an EXPLICIT sketch holds at most ${EXPLICIT_CUTOFF}`,
    );
  }
  const view = dataViewOf(bytes);
  const elements = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    elements[i] = view.getBigInt64(HEADER_BYTES + i * EXPLICIT_ELEMENT_BYTES);
    if (i > 0 && elements[i] <= elements[i - 1]) {
      throw new SketchFormatError(
        `EXPLICIT sketch elements are not strictly ascending: ${elements[i]} follows ${elements[i - 1]} at position ${i}`,
      );
    }
  }
  return elements;
}

/** Writes `elements` (already sorted and unique) after the header of `out`. */
export function encodeExplicitData(elements: BigInt64Array, out: Uint8Array): void {
  const view = dataViewOf(out);
  for (let i = 0; i < elements.length; i++) {
    view.setBigInt64(HEADER_BYTES + i * EXPLICIT_ELEMENT_BYTES, elements[i]);
  }
}

export const explicitSketchBytes = (count: number) => HEADER_BYTES + count * EXPLICIT_ELEMENT_BYTES;
