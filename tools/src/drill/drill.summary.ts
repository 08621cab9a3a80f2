import type { DrillResult } from './drill.result';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');

/** The lines the README quotes: what was sent, what was broken, what was compared, what disagreed. */
export function formatDrillSummary(result: DrillResult): string {
  const invalid = Object.values(result.invalidByCode).reduce((sum, count) => sum + count, 0);
  const lines = [
    `Drill summary (seed ${result.seed})`,
    `  events produced     ${result.produced} to ${result.projects} projects; ${result.kafkaRecords} Kafka records (${result.producerDuplicates} duplicated by producer retries or resent; ${result.eventDuplicates} copies of an event within the duplicate window, not counted)`,
    `  valid / invalid     ${result.validEvents} / ${invalid} (${list(result.invalidByCode)})`,
    `  faults injected     ${list(result.faults)}; consumers that exited by themselves: ${result.unexpectedConsumerExits}`,
    `  daily_metrics rows  ${result.rowsCompared} compared`,
    `  DLQ records         ${result.dlqRecords} read, ${result.dlqDuplicates} repeated dead letters (deduplicated by source offset)`,
    `  API comparisons     ${result.apiComparisons} (range, metric) pairs, day/week/month, totals and every point`,
    `  mismatches          ${result.mismatches}${result.mismatches > 0 ? ` (${list(result.mismatchesByArea)})` : ''}`,
    `  duration            ${seconds(result.durationMs)} (producing ${seconds(result.produceMs)}, lag drained ${seconds(result.lagDrainMs)} after the last record)`,
    `  result              ${result.mismatches === 0 ? 'PASS' : 'FAIL'}`,
  ];
  for (const example of result.mismatchExamples) lines.push(`    ${example}`);
  return lines.join('\n');
}
