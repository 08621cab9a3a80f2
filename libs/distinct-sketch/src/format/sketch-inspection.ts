import { explicitElementCount } from './explicit-data.codec';
import { readSketchHeader, type SketchRepresentation } from './sketch-header.codec';

export interface SketchSummary {
  representation: SketchRepresentation;
  /** EMPTY or EXPLICIT: the estimate is the exact count. */
  exact: boolean;
  /** The exact number of distinct keys when `exact`, else undefined. */
  exactCount: number | undefined;
}

/**
 * What a stored sketch is, from its header and length alone, without decoding it: enough to tell an exact
 * count from an estimate. Checks the header (format and parameters) but not the data bytes.
 */
export function inspectSketch(bytes: Uint8Array): SketchSummary {
  const representation = readSketchHeader(bytes);
  if (representation === 'empty') return { representation, exact: true, exactCount: 0 };
  if (representation !== 'explicit') return { representation, exact: false, exactCount: undefined };
  return { representation, exact: true, exactCount: explicitElementCount(bytes) };
}
