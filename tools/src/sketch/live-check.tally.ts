import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { sameCardinality } from '@metrics-store/distinct-sketch/testing';
import type { HllAnswer } from './hll-server.client';

const MAX_REPORTED = 10;

interface Group {
  checks: number;
  sameBytes: number;
  exactCardinality: number;
  closeCardinality: number;
}

/** Counts comparisons of this library with the extension, per group, and keeps the first differences. */
export class LiveCheckTally {
  private readonly groups = new Map<string, Group>();
  readonly differences: string[] = [];
  private differenceCount = 0;

  /** Compares a sketch of this library with the extension's answer for the same input. */
  compare(group: string, label: string, sketch: DistinctSketch, expected: HllAnswer): void {
    const tally = this.groupOf(group);
    tally.checks++;
    const hex = Buffer.from(sketch.encode()).toString('hex');
    const cardinality = sketch.cardinality();
    const bytesAgree = hex === expected.hex;
    const exact =
      expected.cardinality === 'NaN' ? Number.isNaN(cardinality) : cardinality === expected.cardinality;
    const close = sameCardinality(cardinality, expected.cardinality);
    if (bytesAgree) tally.sameBytes++;
    if (exact) tally.exactCardinality++;
    if (close) tally.closeCardinality++;
    if (!bytesAgree || !close) {
      this.differenceCount++;
      if (this.differences.length < MAX_REPORTED) {
        this.differences.push(
          `${group} ${label}: ${bytesAgree ? 'same bytes' : `bytes differ (${hex.length / 2} vs ${expected.hex.length / 2} bytes, ` + `${sketch.representation} vs type byte ${expected.hex.slice(0, 2)})`}, cardinality ${cardinality} vs ${expected.cardinality}`,
        );
      }
    }
  }

  get failed(): boolean {
    return this.differenceCount > 0;
  }

  summary(): string[] {
    const lines = [...this.groups].map(
      ([name, group]) =>
        `${name.padEnd(18)} ${String(group.checks).padStart(5)} checks: same bytes ${group.sameBytes}, ` +
        `cardinality equal ${group.exactCardinality}, within 1e-12 ${group.closeCardinality}`,
    );
    lines.push(this.failed ? `${this.differenceCount} differences` : 'no differences');
    return lines.concat(this.differences.map((difference) => `  ${difference}`));
  }

  private groupOf(name: string): Group {
    let group = this.groups.get(name);
    if (!group) {
      group = { checks: 0, sameBytes: 0, exactCardinality: 0, closeCardinality: 0 };
      this.groups.set(name, group);
    }
    return group;
  }
}
