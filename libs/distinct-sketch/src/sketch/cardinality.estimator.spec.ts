import { vectorKey } from '../testing';
import { estimateFromRegisters } from './cardinality.estimator';
import { DistinctSketch } from './distinct-sketch';

const M = 16_384;
const STANDARD_ERROR = 1.04 / Math.sqrt(M);
const filled = (values: (index: number) => number) => Uint8Array.from({ length: M }, (_, i) => values(i));

describe('estimateFromRegisters', () => {
  it('is 0 without set registers, linear counting while the raw estimate is small', () => {
    expect(estimateFromRegisters(new Uint8Array(M))).toBe(0);
    expect(estimateFromRegisters(filled((i) => (i === 0 ? 1 : 0)))).toBe(M * Math.log(M / (M - 1)));
  });

  it('switches from linear counting to the raw estimate at 5m/2', () => {
    // One empty register, the rest at 1 or 2: raw estimates just below and just above 40,960.
    const below = filled((i) => (i === 0 ? 0 : i <= 2_521 ? 1 : 2));
    const above = filled((i) => (i === 0 ? 0 : i <= 2_520 ? 1 : 2));
    expect(estimateFromRegisters(below)).toBe(M * Math.log(M));
    expect(estimateFromRegisters(above)).toBeGreaterThan(2.5 * M);
    expect(estimateFromRegisters(above)).toBeLessThan(2.5 * M + 1);
  });

  it('corrects large estimates for collisions in the 2^44 values the registers tell apart', () => {
    const alpha = 0.7213 / (1 + 1.079 / M);
    const raw = (alpha * M * M) / (M * 2 ** -26);
    expect(estimateFromRegisters(filled(() => 26))).toBe(-(2 ** 44) * Math.log(1 - raw / 2 ** 44));
    expect(estimateFromRegisters(filled(() => 25))).toBe((alpha * M * M) / (M * 2 ** -25));
    expect(estimateFromRegisters(filled(() => 31))).toBeNaN();
  });
});

describe('accuracy on a large set', () => {
  it('estimates 200,000 distinct keys within 3 standard errors (the keys are fixed: it cannot flake)', () => {
    const truth = 200_000;
    const sketch = DistinctSketch.fromKeys(Array.from({ length: truth }, (_, i) => vectorKey('accuracy', i)));
    const relativeError = Math.abs(sketch.cardinality() - truth) / truth;
    expect(relativeError).toBeLessThan(3 * STANDARD_ERROR);
  });
});
