import pino from 'pino';
import { Registry } from 'prom-client';
import { prometheusSample } from '@metrics-store/testing';
import { createSketchRoundRecorder } from './sketch-round.report';

describe('createSketchRoundRecorder', () => {
  it('adds each round to the merger metrics and logs a failed one as a warning', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const registry = new Registry();
    const record = createSketchRoundRecorder(registry, logger);
    const round = { seconds: 0.2, marksMerged: 5, sketchesWritten: 4, oldestMarkAgeSeconds: 1.5 };
    record({ result: 'merged', ...round, marksPending: 9 });
    record({ result: 'merged', ...round, marksPending: 7 });
    record({ result: 'busy', ...round, marksMerged: 0, sketchesWritten: 0, marksPending: 7 });
    record({ result: 'failed', error: { name: 'Error', message: 'connection terminated' } });

    const text = await registry.metrics();
    const sample = (name: string) => prometheusSample(text, `enriched_consumer_${name}`);
    expect(sample('sketch_merge_rounds_total{result="merged"}')).toBe(2);
    expect(sample('sketch_merge_rounds_total{result="busy"}')).toBe(1);
    expect(sample('sketch_merge_rounds_total{result="failed"}')).toBe(1);
    expect(sample('sketch_merge_duration_seconds_count')).toBe(3);
    expect(sample('sketch_marks_merged_total')).toBe(10);
    expect(sample('sketches_written_total')).toBe(8);
    expect(sample('sketch_marks_pending')).toBe(7);
    expect(sample('sketch_oldest_mark_age_seconds')).toBe(1.5);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        msg: 'sketch_merge_failed',
        err: expect.objectContaining({ message: 'connection terminated' }),
      }),
    ]);
  });
});
