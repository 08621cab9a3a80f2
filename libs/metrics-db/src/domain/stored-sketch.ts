import { DistinctSketch } from '@metrics-store/distinct-sketch';

/** A distinct count as a sketch gives it: exact while EMPTY or EXPLICIT, else its rounded estimate. */
export interface SketchCount {
  exact: boolean;
  count: number;
}

export function countOf(sketch: DistinctSketch): SketchCount {
  const exact = sketch.exactCount();
  if (exact !== undefined) return { exact: true, count: exact };
  return { exact: false, count: Math.round(sketch.estimate()) };
}

/**
 * One version of a stored sketch: its bytes, and its own count, worked out once. A week or month bucket read
 * whole is that count, so a version kept between reads costs no decoding the second time.
 */
let serials = 0;

export class StoredSketch {
  /** Tells this version apart from every other one this process read: a union's memo is keyed by them. */
  readonly serial = ++serials;
  private counted: SketchCount | undefined;

  constructor(readonly bytes: Uint8Array) {}

  count(): SketchCount {
    this.counted ??= countOf(DistinctSketch.decode(this.bytes));
    return this.counted;
  }
}
