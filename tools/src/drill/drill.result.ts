/** What one drill run found; printed as the summary and asserted by the integration test. */
export interface DrillResult {
  seed: number;
  /** Records generated and acknowledged by Kafka. */
  produced: number;
  /** Records actually in the topic (more than produced when a retried send had landed before). */
  kafkaRecords: number;
  producerDuplicates: number;
  /** Valid records that were copies of an event within the duplicate window (resent, or a retried send). */
  eventDuplicates: number;
  validEvents: number;
  invalidByCode: Record<string, number>;
  projects: number;
  faults: Record<string, number>;
  /** Consumers that exited without being told to (restarted by the drill, as a supervisor would). */
  unexpectedConsumerExits: number;
  rowsCompared: number;
  dlqRecords: number;
  /** Dead letters repeated for one source record (a crash between the DLQ send and the offset commit). */
  dlqDuplicates: number;
  /** (range, metric) pairs read through the API and compared, totals and every point. */
  apiComparisons: number;
  mismatches: number;
  mismatchesByArea: Record<string, number>;
  mismatchExamples: string[];
  /** From start (services included) to the last record produced. */
  produceMs: number;
  /** From the last record produced to zero lag. */
  lagDrainMs: number;
  durationMs: number;
}
