import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { vectorKey } from '@metrics-store/distinct-sketch/testing';
import { dateBuckets } from './date-buckets.util';
import { distinctSeriesOf, planDistinctRead } from './distinct-series.assembler';
import type { SketchPeriod } from './sketch-periods.util';
import { StoredSketch } from './stored-sketch';

// Mon 2026-11-02 .. Sun 2026-11-15: two whole ISO weeks, read by week.
const FROM = '2026-11-02';
const TO = '2026-11-15';
const keys = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => vectorKey('assembler', from + i));
const stored = (bytes: Uint8Array | undefined) => (bytes ? new StoredSketch(bytes) : undefined);
const bytes = (from: number, count: number) => DistinctSketch.fromKeys(keys(from, count)).encode();

describe('distinctSeriesOf', () => {
  const daily = new Float64Array(14);
  daily[0] = 300; // Monday of week 1: visitors 0..299
  daily[2] = 250; // Wednesday of week 1: visitors 100..349
  daily[7] = 400; // Monday of week 2: visitors 1000..1399
  const sketches = new Map<string, Uint8Array>([
    ['week/0', DistinctSketch.fromKeys([...keys(0, 300), ...keys(100, 250)]).encode()],
    ['week/7', bytes(1_000, 400)],
    ['day/0', bytes(0, 300)],
    ['day/2', bytes(100, 250)],
    ['day/7', bytes(1_000, 400)],
  ]);
  const read = (from: Map<string, Uint8Array>, granularity: 'day' | 'week') =>
    distinctSeriesOf({
      plan: planDistinctRead(dateBuckets(FROM, TO, granularity), granularity === 'day'),
      daily,
      sketchAt: (period: SketchPeriod, offset: number) => stored(from.get(`${period}/${offset}`)),
    });

  it('reads whole weeks from their sketches and the total from the cover of the range', () => {
    expect(read(sketches, 'week')).toEqual({
      total: 750,
      exact: true,
      series: [
        { start: '2026-11-02', value: 350 },
        { start: '2026-11-09', value: 400 },
      ],
    });
    expect(planDistinctRead(dateBuckets(FROM, TO, 'week'), false).pieces.map((p) => p.period)).toEqual([
      'week',
      'week',
    ]);
  });

  it('gives the same total by day, with the days as stored', () => {
    const byDay = read(sketches, 'day');
    expect(byDay.total).toBe(750);
    expect(byDay.series.slice(0, 3).map((p) => p.value)).toEqual([300, 0, 250]);
  });

  it('holds a week whose sketch is missing at its busiest day, and does not call it exact', () => {
    const withoutWeek1 = new Map(sketches);
    withoutWeek1.delete('week/0');
    const answer = read(withoutWeek1, 'week');
    expect(answer.series[0].value).toBe(300);
    expect(answer.series[1].value).toBe(400);
    expect(answer.exact).toBe(false);
  });

  it('unites the days of a clipped week; a day without data needs no sketch to stay exact', () => {
    // Mon 2026-11-02 .. Wed 2026-11-04: the days 0, 1 and 2; day 1 has no data and no sketch.
    const answer = distinctSeriesOf({
      plan: planDistinctRead(dateBuckets(FROM, '2026-11-04', 'week'), false),
      daily,
      sketchAt: (period: SketchPeriod, offset: number) => stored(sketches.get(`${period}/${offset}`)),
    });
    expect(answer).toEqual({ total: 350, exact: true, series: [{ start: FROM, value: 350 }] });
  });
});
