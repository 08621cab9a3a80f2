import { register, Registry } from 'prom-client';
import { declareMetrics } from './prometheus-metrics';

describe('declareMetrics', () => {
  it("registers each metric in the app's registry only, under the app's prefix", async () => {
    const registry = new Registry();
    const other = new Registry();
    const metric = declareMetrics(registry, 'app_');
    metric.counter({ name: 'things_total', help: 'Things.', labelNames: ['kind'] }).inc({ kind: 'a' }, 2);
    metric.gauge({ name: 'depth', help: 'Depth.', collect: () => undefined }).set(7);
    metric.histogram({ name: 'wait_seconds', help: 'Waits.' }).observe(0.02);

    const text = await registry.metrics();
    expect(text).toContain('app_things_total{kind="a"} 2');
    expect(text).toContain('app_depth 7');
    expect(text).toContain('app_wait_seconds_bucket{le="0.025"} 1');
    expect(await other.metrics()).not.toContain('app_');
    expect(await register.metrics()).not.toContain('app_');
  });

  it('keeps buckets given to a histogram', async () => {
    const registry = new Registry();
    declareMetrics(registry, 'app_')
      .histogram({ name: 'sizes', help: 'Sizes.', buckets: [1, 10] })
      .observe(5);
    expect(await registry.metrics()).toContain('app_sizes_bucket{le="10"} 1');
    expect(await registry.metrics()).not.toContain('le="0.025"');
  });
});
