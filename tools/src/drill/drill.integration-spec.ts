import { FAULT_KINDS } from './fault.injector';
import { FaultDrill } from './drill.runner';

// The short drill starts its own PostgreSQL and Kafka (it restarts them), so it ignores the suite's services.
jest.setTimeout(15 * 60_000);

describe('the short fault drill', () => {
  it('keeps daily_metrics, the DLQ and the API exact through one fault of each kind', async () => {
    const result = await new FaultDrill({
      events: 50_000,
      seed: 20_261_125,
      short: true,
      log: () => undefined,
    }).run();

    // The examples name the rows, dead letters or API ranges that disagree, should any.
    expect(result.mismatchExamples).toEqual([]);
    expect(result.mismatches).toBe(0);
    for (const kind of FAULT_KINDS) expect(result.faults[kind]).toBeGreaterThanOrEqual(1);
    expect(result.rowsCompared).toBeGreaterThan(1_000);
    // Records sent again (an enricher's crash) were recognised as copies, and not counted again.
    expect(result.eventDuplicates).toBeGreaterThan(0);
    expect(result.apiComparisons).toBeGreaterThan(0);
    expect(Object.keys(result.invalidByCode).sort()).toEqual([
      'invalid_event',
      'invalid_json',
      'timestamp_out_of_range',
      'too_large',
    ]);
    expect(result.dlqRecords - result.dlqDuplicates).toBe(
      Object.values(result.invalidByCode).reduce((sum, n) => sum + n, 0),
    );
  });
});
