import type { StoredOffset } from '@metrics-store/metrics-db';
import type { LogRange } from './log-watermarks.reader';

/** One partition as `show` prints it. */
export interface PartitionState {
  groupId: string;
  topic: string;
  partition: number;
  /** null: never flushed (the consumer starts at the log start). */
  stored: bigint | null;
  /** null when Kafka has no such partition (or topic). */
  log: LogRange | null;
}

/** What the stored offset means against the log: the consumer's view of it. */
export function stateOf(state: PartitionState): { lag: bigint | null; flag: string } {
  const { stored, log } = state;
  if (!log) return { lag: null, flag: 'NOT IN KAFKA' };
  const position = stored ?? log.start;
  if (position > log.end) return { lag: null, flag: 'BEYOND LOG END' };
  if (position < log.start) return { lag: log.end - log.start, flag: 'BELOW LOG START' };
  return { lag: log.end - position, flag: '' };
}

/** The stored rows joined with the logs; partitions of the log without a row are shown too. */
export function partitionStates(
  rows: StoredOffset[],
  logs: ReadonlyMap<string, ReadonlyMap<number, LogRange> | null>,
): PartitionState[] {
  const states = new Map<string, PartitionState>();
  const key = (groupId: string, topic: string, partition: number) =>
    `${groupId}\u0000${topic}\u0000${partition}`;
  for (const row of rows)
    states.set(key(row.groupId, row.topic, row.partition), {
      groupId: row.groupId,
      topic: row.topic,
      partition: row.partition,
      stored: row.nextOffset === null ? null : BigInt(row.nextOffset),
      log: logs.get(row.topic)?.get(row.partition) ?? null,
    });
  const groups = new Map<string, Set<string>>();
  for (const row of rows) groups.set(row.topic, (groups.get(row.topic) ?? new Set()).add(row.groupId));
  for (const [topic, groupIds] of groups)
    for (const groupId of groupIds)
      for (const [partition, log] of logs.get(topic) ?? [])
        if (!states.has(key(groupId, topic, partition)))
          states.set(key(groupId, topic, partition), { groupId, topic, partition, stored: null, log });
  return [...states.values()].sort(
    (a, b) =>
      a.groupId.localeCompare(b.groupId) || a.topic.localeCompare(b.topic) || a.partition - b.partition,
  );
}

export type ResetTarget = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'offset'; offset: bigint };

export interface ResetStep {
  partition: number;
  current: bigint | null;
  next: bigint;
}

/** The new stored offset of each partition; throws when `--to-offset` lies outside a partition's log. */
export function planReset(
  partitions: number[],
  stored: ReadonlyMap<number, bigint | null>,
  logs: ReadonlyMap<number, LogRange>,
  target: ResetTarget,
): ResetStep[] {
  return partitions.map((partition) => {
    const log = logs.get(partition);
    if (!log) throw new Error(`partition ${partition} is not in Kafka`);
    let next: bigint;
    if (target.kind === 'earliest') next = log.start;
    else if (target.kind === 'latest') next = log.end;
    else {
      next = target.offset;
      if (next < log.start || next > log.end)
        throw new Error(
          `--to-offset ${next} is outside the log of partition ${partition} (start ${log.start}, end ${log.end})`,
        );
    }
    return { partition, current: stored.get(partition) ?? null, next };
  });
}

/** Fixed-width columns, as kafka-consumer-groups prints them. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
