import { packedBytes, packWords, unpackWords } from './bit-packing.util';
import { raiseToFullData } from './full-data.unpacker';
import {
  FULL_DATA_BYTES,
  HEADER_BYTES,
  REGISTER_COUNT,
  REGISTER_WIDTH,
  SPARSE_ENTRY_BITS,
} from './sketch.parameters';
import { SketchFormatError } from './sketch-format.error';

const VALUE_MASK = (1 << REGISTER_WIDTH) - 1;
/** Zero bits at the bottom of the last FULL byte (none for 16,384 registers of 5 bits). */
const FULL_PADDING_MASK = (1 << (FULL_DATA_BYTES * 8 - REGISTER_COUNT * REGISTER_WIDTH)) - 1;

function paddingError(representation: string): SketchFormatError {
  return new SketchFormatError(`${representation} sketch has non-zero padding bits in its last byte`);
}

/** SPARSE data: (index, value) entries of the non-zero registers, indices strictly ascending. */
export function decodeSparseData(bytes: Uint8Array): Uint8Array {
  const dataBytes = bytes.length - HEADER_BYTES;
  const count = Math.floor((dataBytes * 8) / SPARSE_ENTRY_BITS);
  if (packedBytes(count, SPARSE_ENTRY_BITS) !== dataBytes) {
    throw new SketchFormatError(
      `SPARSE sketch has ${dataBytes} data bytes, not a whole number of ${SPARSE_ENTRY_BITS}-bit entries`,
    );
  }
  const entries = new Uint32Array(count);
  if (unpackWords(bytes, HEADER_BYTES, SPARSE_ENTRY_BITS, entries) !== 0) throw paddingError('SPARSE');
  const registers = new Uint8Array(REGISTER_COUNT);
  let previousIndex = -1;
  for (const entry of entries) {
    const index = entry >>> REGISTER_WIDTH;
    const value = entry & VALUE_MASK;
    if (index <= previousIndex) {
      throw new SketchFormatError(
        `SPARSE sketch register indices are not strictly ascending: ${index} follows ${previousIndex}`,
      );
    }
    if (value === 0) {
      throw new SketchFormatError(
        `SPARSE sketch stores register ${index} with value 0; it stores only set registers`,
      );
    }
    registers[index] = value;
    previousIndex = index;
  }
  return registers;
}

/** Checks the length and padding of FULL data, so that its registers can be read straight from the bytes. */
export function checkFullData(bytes: Uint8Array): void {
  const dataBytes = bytes.length - HEADER_BYTES;
  if (dataBytes !== FULL_DATA_BYTES) {
    throw new SketchFormatError(
      `FULL sketch has ${dataBytes} data bytes; ${REGISTER_COUNT} registers of ${REGISTER_WIDTH} bits take ${FULL_DATA_BYTES}`,
    );
  }
  if ((bytes[bytes.length - 1] & FULL_PADDING_MASK) !== 0) throw paddingError('FULL');
}

/** FULL data: every register's value, in index order. */
export function decodeFullData(bytes: Uint8Array): Uint8Array {
  checkFullData(bytes);
  const registers = new Uint8Array(REGISTER_COUNT);
  raiseToFullData(bytes, registers);
  return registers;
}

export const sparseSketchBytes = (filled: number) => HEADER_BYTES + packedBytes(filled, SPARSE_ENTRY_BITS);
export const fullSketchBytes = () => HEADER_BYTES + FULL_DATA_BYTES;

export function encodeSparseData(registers: Uint8Array, filled: number, out: Uint8Array): void {
  const entries = new Uint32Array(filled);
  let next = 0;
  for (let index = 0; index < registers.length; index++) {
    if (registers[index] !== 0) entries[next++] = (index << REGISTER_WIDTH) | registers[index];
  }
  packWords(entries, filled, SPARSE_ENTRY_BITS, out, HEADER_BYTES);
}

export function encodeFullData(registers: Uint8Array, out: Uint8Array): void {
  packWords(registers, registers.length, REGISTER_WIDTH, out, HEADER_BYTES);
}
