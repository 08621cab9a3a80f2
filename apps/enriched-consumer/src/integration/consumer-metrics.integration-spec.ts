import { prometheusMetricTypes, prometheusSample, undocumentedMetrics } from '@metrics-store/testing';
import { pageViewNow } from '../testing/event-stream.fixture';
import {
  countedRecords,
  exited,
  openTestBed,
  produce,
  spawnConsumer,
  waitUntil,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const OWN_METRICS = {
  enriched_consumer_records_consumed_total: 'counter',
  enriched_consumer_events_counted_total: 'counter',
  enriched_consumer_events_skipped_total: 'counter',
  enriched_consumer_records_dead_lettered_total: 'counter',
  enriched_consumer_flush_retries_total: 'counter',
  enriched_consumer_flush_duration_seconds: 'histogram',
  enriched_consumer_flush_events: 'histogram',
  enriched_consumer_lag_records: 'gauge',
  enriched_consumer_last_flush_timestamp_seconds: 'gauge',
};

describe('the consumer process /metrics', () => {
  let bed: ConsumerTestBed;
  beforeAll(async () => {
    bed = await openTestBed(1);
  });
  afterAll(() => bed.dispose());

  it('names every metric with the enriched_consumer_ prefix and its unit', async () => {
    const child = spawnConsumer({ ...bed.env, LOG_LEVEL: 'info' }, 'pipe');
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let text: string;
    try {
      await produce(bed.topic, [pageViewNow(1), pageViewNow(2), { key: 'k', value: 'not json' }]);
      await waitUntil('three records to be counted', async () => (await countedRecords(bed)) === 3, 60_000);
      const port = Number(/"ops_port":(\d+)/.exec(output)?.[1]);
      text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);

    const types = prometheusMetricTypes(text);
    expect([...types.keys()].filter((name) => !name.startsWith('enriched_consumer_'))).toEqual([]);
    expect(Object.fromEntries(Object.keys(OWN_METRICS).map((name) => [name, types.get(name)]))).toEqual(
      OWN_METRICS,
    );
    // prom-client's process metrics, under the same prefix.
    expect(types.get('enriched_consumer_process_cpu_seconds_total')).toBe('counter');
    expect(types.get('enriched_consumer_nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(undocumentedMetrics(text, 'enriched_consumer_')).toEqual([]);
    expect(prometheusSample(text, 'enriched_consumer_events_counted_total')).toBe(2);
    expect(prometheusSample(text, 'enriched_consumer_records_dead_lettered_total{code="invalid_json"}')).toBe(
      1,
    );
  }, 90_000);
});
