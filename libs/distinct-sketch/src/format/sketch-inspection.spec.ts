import { encodeSketch } from './sketch.codec';
import { SketchFormatError } from './sketch-format.error';
import { inspectSketch } from './sketch-inspection';

const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

describe('inspectSketch', () => {
  it('tells exact sketches and their counts from the header and length', () => {
    expect(inspectSketch(fromHex('118e7f'))).toEqual({ representation: 'empty', exact: true, exactCount: 0 });
    const explicit = encodeSketch({ kind: 'explicit', elements: BigInt64Array.of(1n, 2n, 3n) });
    expect(inspectSketch(explicit)).toEqual({ representation: 'explicit', exact: true, exactCount: 3 });
  });

  it('marks SPARSE and FULL as estimates', () => {
    expect(inspectSketch(fromHex('138e7f000020'))).toEqual({
      representation: 'sparse',
      exact: false,
      exactCount: undefined,
    });
    expect(inspectSketch(fromHex('148e7f' + '00'.repeat(10_240))).representation).toBe('full');
  });

  it('refuses a bad header or an EXPLICIT length that is not whole elements', () => {
    expect(() => inspectSketch(fromHex('118b7f'))).toThrow(SketchFormatError);
    expect(() => inspectSketch(fromHex('128e7f0000'))).toThrow(/not a whole number of 8-byte elements/);
  });
});
