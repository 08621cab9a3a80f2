import {
  CUTOFF_BYTE,
  EXPTHRESH,
  EXPTHRESH_AUTO_CODE,
  HEADER_BYTES,
  LOG2M,
  PARAMETER_BYTE,
  REGISTER_WIDTH,
  SCHEMA_VERSION,
  SPARSE_FLAG,
  SPARSE_ON,
} from './sketch.parameters';
import { SketchFormatError } from './sketch-format.error';

/** How a sketch is stored: the low nibble of its first byte. */
export type SketchRepresentation = 'empty' | 'explicit' | 'sparse' | 'full';

const TYPE_OF_REPRESENTATION: Record<SketchRepresentation, number> = {
  empty: 1,
  explicit: 2,
  sparse: 3,
  full: 4,
};
const REPRESENTATION_OF_TYPE: readonly (SketchRepresentation | undefined)[] = [
  undefined,
  'empty',
  'explicit',
  'sparse',
  'full',
];
/** The extension's marker for the result of an operation that has no answer; it holds no set. */
const UNDEFINED_TYPE = 0;

const hexByte = (byte: number) => `0x${byte.toString(16).padStart(2, '0')}`;

/** expthresh as `hll_empty` takes it, from the low six bits of the cutoff byte. */
function expthreshOfCode(code: number): string {
  if (code === EXPTHRESH_AUTO_CODE) return '-1 (auto)';
  if (code === 0) return '0 (no EXPLICIT)';
  return String(2 ** (code - 1));
}

function checkParameters(parameterByte: number, cutoffByte: number): void {
  if (parameterByte !== PARAMETER_BYTE) {
    const log2m = parameterByte & 0x1f;
    const regwidth = (parameterByte >> 5) + 1;
    throw new SketchFormatError(
      `sketch has log2m ${log2m} and regwidth ${regwidth} (parameter byte ${hexByte(parameterByte)}); ` +
        `this store's sketches use log2m ${LOG2M} and regwidth ${REGISTER_WIDTH}`,
    );
  }
  if (cutoffByte !== CUTOFF_BYTE) {
    const sparse = (cutoffByte & SPARSE_FLAG) !== 0 ? 'on' : 'off';
    throw new SketchFormatError(
      `sketch has expthresh ${expthreshOfCode(cutoffByte & 0x3f)} and sparse ${sparse} ` +
        `(cutoff byte ${hexByte(cutoffByte)}); this store's sketches use expthresh ${EXPTHRESH} (auto) ` +
        `and sparse ${SPARSE_ON ? 'on' : 'off'}`,
    );
  }
}

/** Checks the three header bytes and tells how the data bytes after them are laid out. */
export function readSketchHeader(bytes: Uint8Array): SketchRepresentation {
  if (bytes.length < HEADER_BYTES) {
    throw new SketchFormatError(
      `a sketch starts with ${HEADER_BYTES} header bytes; got ${bytes.length} byte${bytes.length === 1 ? '' : 's'}`,
    );
  }
  const version = bytes[0] >> 4;
  if (version !== SCHEMA_VERSION) {
    throw new SketchFormatError(
      `sketch has schema version ${version}; only version ${SCHEMA_VERSION} is supported`,
    );
  }
  const type = bytes[0] & 0x0f;
  if (type === UNDEFINED_TYPE) {
    throw new SketchFormatError(
      'sketch is UNDEFINED (type 0), the result of an invalid operation; it holds no set to read',
    );
  }
  const representation = REPRESENTATION_OF_TYPE[type];
  if (representation === undefined) {
    throw new SketchFormatError(`sketch has unknown type ${type} (first byte ${hexByte(bytes[0])})`);
  }
  checkParameters(bytes[1], bytes[2]);
  return representation;
}

/** Writes the header of a sketch of this store's parameters at the start of `out`. */
export function writeSketchHeader(out: Uint8Array, representation: SketchRepresentation): void {
  out[0] = (SCHEMA_VERSION << 4) | TYPE_OF_REPRESENTATION[representation];
  out[1] = PARAMETER_BYTE;
  out[2] = CUTOFF_BYTE;
}
