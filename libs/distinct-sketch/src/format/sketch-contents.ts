/**
 * A sketch in memory. SPARSE and FULL are two encodings of the same registers, so they share one shape;
 * which one is written depends only on how many registers are set (see `representationOf`).
 */
export type SketchContents =
  | { kind: 'empty' }
  /** Sorted ascending as signed 64-bit integers, no duplicates. */
  | { kind: 'explicit'; elements: BigInt64Array }
  /** One value per register, REGISTER_COUNT of them. */
  | { kind: 'registers'; registers: Uint8Array };
