export { buildSketchesWithMerger } from './sketches-by-merger';
export { visitMetricRows, writeDailyMetrics, type DailyMetricRow } from './daily-metrics.fixture';
