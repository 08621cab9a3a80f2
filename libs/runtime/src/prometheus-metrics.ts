import {
  Counter,
  Gauge,
  Histogram,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Registry,
} from 'prom-client';

type Declared<C> = Omit<C, 'registers'>;

/**
 * Declares an app's Prometheus metrics: each in the app's registry (and no other, so tests and benchmarks that
 * start several apps in one process never share one), its name after the app's prefix. Histograms take
 * prom-client's default buckets (5 ms to 10 s) unless given others.
 */
export function declareMetrics(registry: Registry, prefix: string) {
  const registers = [registry];
  const named = <C extends { name: string }>(configuration: C) => ({
    ...configuration,
    name: `${prefix}${configuration.name}`,
    registers,
  });
  return {
    counter: <T extends string = string>(configuration: Declared<CounterConfiguration<T>>) =>
      new Counter<T>(named(configuration)),
    gauge: <T extends string = string>(configuration: Declared<GaugeConfiguration<T>>) =>
      new Gauge<T>(named(configuration)),
    histogram: <T extends string = string>(configuration: Declared<HistogramConfiguration<T>>) =>
      new Histogram<T>(named(configuration)),
  };
}
