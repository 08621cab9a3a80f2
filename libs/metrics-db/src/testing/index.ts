export { buildSketchesWithMerger } from './sketches-by-merger';
export { writeDailyMetrics, type DailyMetricRow } from './daily-metrics.fixture';
