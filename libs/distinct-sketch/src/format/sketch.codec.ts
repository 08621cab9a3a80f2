import { decodeExplicitData, encodeExplicitData, explicitSketchBytes } from './explicit-data.codec';
import {
  decodeFullData,
  decodeSparseData,
  encodeFullData,
  encodeSparseData,
  fullSketchBytes,
  sparseSketchBytes,
} from './register-data.codec';
import type { SketchContents } from './sketch-contents';
import { HEADER_BYTES, SPARSE_CUTOFF } from './sketch.parameters';
import { SketchFormatError } from './sketch-format.error';
import { readSketchHeader, writeSketchHeader, type SketchRepresentation } from './sketch-header.codec';

/** Bytes of the extension's v1 format (any of its representations) to contents; SketchFormatError if not. */
export function decodeSketch(bytes: Uint8Array): SketchContents {
  const representation = readSketchHeader(bytes);
  switch (representation) {
    case 'empty':
      if (bytes.length !== HEADER_BYTES) {
        throw new SketchFormatError(
          `EMPTY sketch has ${bytes.length - HEADER_BYTES} data bytes; it has none`,
        );
      }
      return { kind: 'empty' };
    case 'explicit':
      return { kind: 'explicit', elements: decodeExplicitData(bytes) };
    case 'sparse':
      return { kind: 'registers', registers: decodeSparseData(bytes) };
    case 'full':
      return { kind: 'registers', registers: decodeFullData(bytes) };
  }
}

/**
 * What the extension writes for these contents: registers go out as SPARSE while that is no larger than
 * FULL (at most SPARSE_CUTOFF set registers), whichever representation they were read from.
 */
export function representationOf(contents: SketchContents): SketchRepresentation {
  if (contents.kind === 'registers')
    return filledRegisters(contents.registers) <= SPARSE_CUTOFF ? 'sparse' : 'full';
  return contents.kind;
}

function filledRegisters(registers: Uint8Array): number {
  let filled = 0;
  for (let i = 0; i < registers.length; i++) if (registers[i] !== 0) filled++;
  return filled;
}

export function encodeSketch(contents: SketchContents): Uint8Array {
  const representation = representationOf(contents);
  let out: Uint8Array;
  if (contents.kind === 'explicit') {
    out = new Uint8Array(explicitSketchBytes(contents.elements.length));
    encodeExplicitData(contents.elements, out);
  } else if (contents.kind === 'registers' && representation === 'sparse') {
    const filled = filledRegisters(contents.registers);
    out = new Uint8Array(sparseSketchBytes(filled));
    encodeSparseData(contents.registers, filled, out);
  } else if (contents.kind === 'registers') {
    out = new Uint8Array(fullSketchBytes());
    encodeFullData(contents.registers, out);
  } else {
    out = new Uint8Array(HEADER_BYTES);
  }
  writeSketchHeader(out, representation);
  return out;
}
