import {
  CUTOFF_BYTE,
  HEADER_BYTES,
  PARAMETER_BYTE,
  REGISTER_COUNT,
  REGISTER_WIDTH,
  SCHEMA_VERSION,
} from '../format/sketch.parameters';
import type { RegisterRun } from './hll-vectors.types';

const FULL_TYPE = 4;

/**
 * FULL sketch bytes with the registers of `runs`, written bit by bit straight from the storage
 * specification, apart from the library's codec: a second, independent reading of the format.
 */
export function registerPatternBytes(runs: readonly RegisterRun[]): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + (REGISTER_COUNT * REGISTER_WIDTH) / 8);
  bytes[0] = (SCHEMA_VERSION << 4) | FULL_TYPE;
  bytes[1] = PARAMETER_BYTE;
  bytes[2] = CUTOFF_BYTE;
  for (const { from, to, value } of runs) {
    for (let register = from; register <= to; register++) {
      for (let bit = 0; bit < REGISTER_WIDTH; bit++) {
        if ((value >> (REGISTER_WIDTH - 1 - bit)) & 1) {
          const position = register * REGISTER_WIDTH + bit;
          bytes[HEADER_BYTES + (position >> 3)] |= 0x80 >> (position & 7);
        }
      }
    }
  }
  return bytes;
}
