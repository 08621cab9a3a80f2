/** What /readyz of the consumer depends on, besides the database answering. */
export interface ReadinessFacts {
  /** In the consumer group (assigned), and not stopping. */
  joined: boolean;
  running: boolean;
  /** Records wait and no flush has succeeded for 30 s. */
  flushStalled: boolean;
  /** Assigned partitions whose stored offset lies beyond the end of their log. */
  partitionsBeyondLogEnd: number;
}

/** docs/operations.md: ready while in the group, flushing makes progress and no partition is held. */
export function isConsumerReady(facts: ReadinessFacts): boolean {
  return facts.joined && facts.running && !facts.flushStalled && facts.partitionsBeyondLogEnd === 0;
}
