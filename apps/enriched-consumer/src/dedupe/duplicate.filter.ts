import { EventWindow, type EventKey } from './event-window';

/** Where a partition's window stood after the records up to an offset: what going back there restores. */
interface Mark {
  count: number;
  newestMs: number;
}

interface PartitionWindow {
  window: EventWindow;
  /** The newest Kafka timestamp of the partition's records so far, the window's clock; -Infinity: none. */
  newestMs: number;
  /** By next offset: the window after the records below it. */
  marks: Map<bigint, Mark>;
  /** Records below the stored offset whose valid events are read into the window, not counted. */
  feed: { from: bigint; until: bigint; next: bigint } | null;
}

/**
 * The duplicate rule of docs/events.md#duplicates, per partition: a valid event is a duplicate when a valid
 * record earlier on its partition has its (project_id, event_id) and a Kafka timestamp at most the window
 * before the partition's newest timestamp so far (its own included, so never less than the window before its
 * own). The decision depends only on the log: after a restart or a rebalance the window is read back from the
 * records of the last window before the stored offset (`feed`), whose newest timestamp PostgreSQL keeps with
 * the offset, and the same records give the same decisions. Entries leave once older than the window before
 * the newest timestamp a flush stored, so going back to the stored offset (`rewind`) never misses one.
 */
export class DuplicateFilter {
  private readonly partitions = new Map<number, PartitionWindow>();

  constructor(readonly windowMs: number) {}

  /** DEDUPE_WINDOW_MINUTES=0 turns the rule off: nothing is hashed, held or read back. */
  get enabled(): boolean {
    return this.windowMs > 0;
  }

  /** Where reading back must start for a partition whose stored newest timestamp is `newestMs`. */
  windowStartTime(newestMs: number): number {
    return newestMs - this.windowMs;
  }

  /**
   * The partition starts over at its stored offset `position` (an assignment or a reload): empty, with the
   * stored newest timestamp, and the records of [feedFrom, position) to read back into it first.
   */
  reset(partition: number, position: bigint, newestMs: number | null, feedFrom: bigint): void {
    const state: PartitionWindow = {
      window: new EventWindow(),
      newestMs: newestMs ?? -Infinity,
      marks: new Map(),
      feed: feedFrom < position ? { from: feedFrom, until: position, next: feedFrom } : null,
    };
    state.marks.set(position, { count: 0, newestMs: state.newestMs });
    this.partitions.set(partition, state);
  }

  /** Forgets partitions no longer assigned. */
  retainOnly(partitions: readonly number[]): void {
    for (const partition of [...this.partitions.keys()])
      if (!partitions.includes(partition)) this.partitions.delete(partition);
  }

  /** A record below the stored offset that is still to be read back into the window. */
  needsFeed(partition: number, offset: bigint): boolean {
    const feed = this.partitions.get(partition)?.feed;
    return feed !== null && feed !== undefined && offset >= feed.next && offset < feed.until;
  }

  /** Whether records below the stored offset are still to be read back into the partition's window. */
  isReadingBack(partition: number): boolean {
    const feed = this.partitions.get(partition)?.feed;
    return feed !== null && feed !== undefined && feed.next < feed.until;
  }

  /** Reads a record below the stored offset into the window: its event (null: invalid) is held, not decided. */
  feed(partition: number, offset: bigint, key: EventKey | null, timeMs: number): void {
    const state = this.stateOf(partition);
    if (!state.feed) return;
    if (key) state.window.add(key, timeMs);
    state.feed.next = offset + 1n;
  }

  /**
   * Decides for the next record at or past the stored offset: true when its event (null: invalid record,
   * only its timestamp counts) is a duplicate. Every valid event is held, duplicates too.
   */
  isDuplicate(partition: number, key: EventKey | null, timeMs: number): boolean {
    const state = this.decidingStateOf(partition);
    if (timeMs > state.newestMs) state.newestMs = timeMs;
    if (!key) return false;
    const duplicate = state.window.has(key, state.newestMs - this.windowMs);
    state.window.add(key, timeMs);
    return duplicate;
  }

  /** The partition's records below `nextOffset` were all decided: a place `rewind` may come back to. */
  mark(partition: number, nextOffset: bigint): void {
    const state = this.decidingStateOf(partition);
    state.marks.set(nextOffset, { count: state.window.count, newestMs: state.newestMs });
  }

  /** The newest timestamp of the partition so far, stored with the offset of the segment that ends here. */
  newestOf(partition: number): number | undefined {
    const newest = this.partitions.get(partition)?.newestMs;
    return newest === undefined || newest === -Infinity ? undefined : newest;
  }

  /** The records below `nextOffset` are stored: entries older than any later decision can see go. */
  confirm(partition: number, nextOffset: bigint): void {
    const state = this.partitions.get(partition);
    const mark = state?.marks.get(nextOffset);
    if (!state || !mark) return;
    for (const offset of state.marks.keys()) if (offset < nextOffset) state.marks.delete(offset);
    state.window.evictBefore(mark.newestMs - this.windowMs);
  }

  /** The partition goes back to `offset`, its stored offset: the window as it was there. */
  rewind(partition: number, offset: bigint): void {
    const state = this.partitions.get(partition);
    const mark = state?.marks.get(offset);
    if (!state || !mark) return;
    state.window.truncate(mark.count);
    state.newestMs = mark.newestMs;
    for (const later of state.marks.keys()) if (later > offset) state.marks.delete(later);
  }

  /** Events held and bytes taken over every partition, for the gauges. */
  sizes(): { events: number; bytes: number } {
    let events = 0;
    let bytes = 0;
    for (const { window } of this.partitions.values()) {
      events += window.size;
      bytes += window.bytes;
    }
    return { events, bytes };
  }

  /**
   * The state of a partition whose records past the stored offset are being decided: what was read back is
   * all there is below it (records come in offset order), and the window at the stored offset, the place a
   * rewind returns to, is now known.
   */
  private decidingStateOf(partition: number): PartitionWindow {
    const state = this.stateOf(partition);
    if (state.feed) {
      state.marks.set(state.feed.until, { count: state.window.count, newestMs: state.newestMs });
      state.feed = null;
    }
    return state;
  }

  private stateOf(partition: number): PartitionWindow {
    const state = this.partitions.get(partition);
    if (!state) throw new Error(`no duplicate window for partition ${partition}: it was not reset`);
    return state;
  }
}
