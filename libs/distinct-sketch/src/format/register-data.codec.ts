import { packedBytes, packWords, unpackWords } from './bit-packing.util';
import {
  FULL_DATA_BYTES,
  HEADER_BYTES,
  REGISTER_COUNT,
  REGISTER_WIDTH,
  SPARSE_ENTRY_BITS,
} from './sketch.parameters';
import { SketchFormatError } from './sketch-format.error';

const VALUE_MASK = (1 << REGISTER_WIDTH) - 1;

export interface DecodedRegisters {
  registers: Uint8Array;
  filled: number;
}

function checkPadding(padding: number, representation: string): void {
  if (padding !== 0) {
    throw new SketchFormatError(`${representation} sketch has non-zero padding bits in its last byte`);
  }
}

/** SPARSE data: (index, value) entries of the non-zero registers, indices strictly ascending. */
export function decodeSparseData(bytes: Uint8Array): DecodedRegisters {
  const dataBytes = bytes.length - HEADER_BYTES;
  const count = Math.floor((dataBytes * 8) / SPARSE_ENTRY_BITS);
  if (packedBytes(count, SPARSE_ENTRY_BITS) !== dataBytes) {
    throw new SketchFormatError(
      `SPARSE sketch has ${dataBytes} data bytes, not a whole number of ${SPARSE_ENTRY_BITS}-bit entries`,
    );
  }
  const entries = new Uint32Array(count);
  checkPadding(unpackWords(bytes, HEADER_BYTES, SPARSE_ENTRY_BITS, entries), 'SPARSE');
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
  return { registers, filled: count };
}

/** FULL data: every register's value, in index order. */
export function decodeFullData(bytes: Uint8Array): DecodedRegisters {
  const dataBytes = bytes.length - HEADER_BYTES;
  if (dataBytes !== FULL_DATA_BYTES) {
    throw new SketchFormatError(
      `FULL sketch has ${dataBytes} data bytes; ${REGISTER_COUNT} registers of ${REGISTER_WIDTH} bits take ${FULL_DATA_BYTES}`,
    );
  }
  const registers = new Uint8Array(REGISTER_COUNT);
  checkPadding(unpackWords(bytes, HEADER_BYTES, REGISTER_WIDTH, registers), 'FULL');
  let filled = 0;
  for (let i = 0; i < REGISTER_COUNT; i++) if (registers[i] !== 0) filled++;
  return { registers, filled };
}

export const sparseSketchBytes = (filled: number) => HEADER_BYTES + packedBytes(filled, SPARSE_ENTRY_BITS);
export const fullSketchBytes = () => HEADER_BYTES + FULL_DATA_BYTES;

export function encodeSparseData(registers: Uint8Array, filled: number, out: Uint8Array): void {
  const entries = new Uint32Array(filled);
  let next = 0;
  for (let index = 0; index < REGISTER_COUNT; index++) {
    if (registers[index] !== 0) entries[next++] = (index << REGISTER_WIDTH) | registers[index];
  }
  packWords(entries, filled, SPARSE_ENTRY_BITS, out, HEADER_BYTES);
}

export function encodeFullData(registers: Uint8Array, out: Uint8Array): void {
  packWords(registers, REGISTER_COUNT, REGISTER_WIDTH, out, HEADER_BYTES);
}
