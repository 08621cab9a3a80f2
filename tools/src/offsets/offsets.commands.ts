import type { MetricsStore, StoredOffsetsFilter } from '@metrics-store/metrics-db';
import type { LogRange, LogWatermarksReader } from './log-watermarks.reader';
import { formatTable, partitionStates, planReset, stateOf, type ResetTarget } from './offsets.plan';

type OffsetsStore = Pick<MetricsStore, 'listStoredOffsets' | 'resetStoredOffsets'>;

export interface ResetRequest {
  groupId: string;
  topic: string;
  /** Every partition of the topic when undefined. */
  partition?: number;
  target: ResetTarget;
  dryRun: boolean;
}

const text = (value: bigint | null) => (value === null ? '-' : value.toString());

/** One line per group, topic and partition: stored offset, log start and end, lag, and what is wrong. */
export async function showOffsets(
  store: OffsetsStore,
  logs: LogWatermarksReader,
  filter: StoredOffsetsFilter,
): Promise<string[]> {
  const rows = await store.listStoredOffsets(filter);
  if (rows.length === 0) return ['No stored offsets' + (filter.groupId || filter.topic ? ' match.' : '.')];
  const ranges = new Map<string, Map<number, LogRange> | null>();
  for (const topic of new Set(rows.map((row) => row.topic))) ranges.set(topic, await logs.rangesOf(topic));
  const table = partitionStates(rows, ranges).map((state) => {
    const { lag, flag } = stateOf(state);
    return [
      state.groupId,
      state.topic,
      String(state.partition),
      state.stored === null ? 'none' : state.stored.toString(),
      text(state.log?.start ?? null),
      text(state.log?.end ?? null),
      text(lag),
      flag,
    ];
  });
  return formatTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'STORED-OFFSET', 'LOG-START', 'LOG-END', 'LAG', 'FLAG'],
    table,
  );
}

/** Prints the plan; unless it is a dry run, stores it in one transaction. */
export async function resetOffsets(
  store: OffsetsStore,
  logs: LogWatermarksReader,
  request: ResetRequest,
): Promise<string[]> {
  const { groupId, topic } = request;
  const ranges = await logs.rangesOf(topic);
  if (!ranges) throw new Error(`topic ${topic} does not exist in Kafka`);
  const partitions =
    request.partition === undefined ? [...ranges.keys()].sort((a, b) => a - b) : [request.partition];
  const rows = await store.listStoredOffsets({ groupId, topic });
  const stored = new Map(
    rows.map((row) => [row.partition, row.nextOffset === null ? null : BigInt(row.nextOffset)]),
  );
  const plan = planReset(partitions, stored, ranges, request.target);
  if (!request.dryRun)
    await store.resetStoredOffsets(
      groupId,
      topic,
      plan.map((step) => ({ partition: step.partition, nextOffset: step.next.toString() })),
    );
  return [
    ...formatTable(
      ['GROUP', 'TOPIC', 'PARTITION', 'STORED-OFFSET', 'NEW-OFFSET'],
      plan.map((step) => [groupId, topic, String(step.partition), text(step.current), step.next.toString()]),
    ),
    request.dryRun
      ? 'Dry run: nothing was changed (run again without --dry-run to reset).'
      : `Reset ${plan.length} partition${plan.length === 1 ? '' : 's'}; a running consumer continues from the new offsets.`,
  ];
}
