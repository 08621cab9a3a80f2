/**
 * The one parameter set of this store's sketches (docs/distinct-sketches.md): `hll(14, 5, -1, 1)` in the
 * extension's terms. Everything else below is derived from these four, so that the thresholds stay
 * consistent with the byte sizes they come from.
 */
export const LOG2M = 14;
export const REGISTER_WIDTH = 5;
/** -1: the extension picks the EXPLICIT cutoff itself ('auto'). */
export const EXPTHRESH = -1;
export const SPARSE_ON = true;

export const SCHEMA_VERSION = 1;
export const REGISTER_COUNT = 1 << LOG2M;
/** A register holds 1 + the number of trailing zeros, capped at what its bits can hold. */
export const MAX_REGISTER_VALUE = (1 << REGISTER_WIDTH) - 1;

/** Version/type byte, parameter byte, cutoff byte. */
export const HEADER_BYTES = 3;
export const PARAMETER_BYTE = ((REGISTER_WIDTH - 1) << 5) | LOG2M;
/** The cutoff byte stores expthresh 'auto' as 63 in its low six bits; bit 6 is the sparse flag. */
export const EXPTHRESH_AUTO_CODE = 63;
export const SPARSE_FLAG = 1 << 6;
export const CUTOFF_BYTE = (SPARSE_ON ? SPARSE_FLAG : 0) | EXPTHRESH_AUTO_CODE;

export const EXPLICIT_ELEMENT_BYTES = 8;
export const FULL_DATA_BYTES = Math.ceil((REGISTER_COUNT * REGISTER_WIDTH) / 8);
/** One SPARSE entry: the register index above its value. */
export const SPARSE_ENTRY_BITS = LOG2M + REGISTER_WIDTH;

/**
 * 'auto' keeps the exact list while it is no larger than the FULL registers: 10,240 data bytes hold
 * 1,280 eight-byte elements. The 1,281st distinct element promotes the sketch.
 */
export const EXPLICIT_CUTOFF = Math.floor(FULL_DATA_BYTES / EXPLICIT_ELEMENT_BYTES);

/**
 * SPARSE is written while its entries take no more bits than the FULL registers:
 * floor(16,384 x 5 / 19) = 4,311 non-zero registers. With one more, FULL is written instead.
 */
export const SPARSE_CUTOFF = Math.floor((REGISTER_COUNT * REGISTER_WIDTH) / SPARSE_ENTRY_BITS);

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

/** The parameters and the thresholds they imply, for readers and documentation. */
export const SKETCH_PARAMETERS = Object.freeze({
  log2m: LOG2M,
  regwidth: REGISTER_WIDTH,
  expthresh: EXPTHRESH,
  sparseOn: SPARSE_ON,
  registerCount: REGISTER_COUNT,
  /** The most distinct keys an EXPLICIT (exact) sketch holds. */
  explicitCutoff: EXPLICIT_CUTOFF,
  /** The most set registers a SPARSE sketch holds. */
  sparseCutoff: SPARSE_CUTOFF,
  /** 1.04 / sqrt(registerCount). */
  standardError: 1.04 / Math.sqrt(REGISTER_COUNT),
});
