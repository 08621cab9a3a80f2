/** Bytes that are not a sketch of this store's format and parameters; the message says what is wrong. */
export class SketchFormatError extends Error {
  override readonly name = 'SketchFormatError';
}
