export { buildSketchesWithMerger } from './sketches-by-merger';
export { seedDayOfKeys, type DayOfKeys } from './day-of-keys.seed';
export { visitMetricRows, writeDailyMetrics, type DailyMetricRow } from './daily-metrics.fixture';
