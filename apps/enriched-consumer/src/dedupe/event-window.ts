/**
 * The events of one partition's duplicate window (docs/events.md#duplicates): for each valid record, a 96-bit
 * key of its (project_id, event_id) and its Kafka timestamp, in log order. Typed arrays, no object per event:
 * 20 bytes an event in the ring and 8 in the index per ring slot, the ring at most twice the events held.
 * Nothing is dropped to stay under a size; entries leave only from the head, once older than what a decision
 * can still look at, or from the tail when the partition goes back to an earlier offset.
 */

const INITIAL_CAPACITY = 1 << 12;
const EMPTY = -1;
/** Slots of the index in use (live or stale) above this share trigger a rebuild: probes stay short. */
const MAX_OCCUPANCY = 0.6;

/** Three 32-bit words: a collision between two different events is about 1 in 2^96 per comparison. */
export interface EventKey {
  a: number;
  b: number;
  c: number;
}

export class EventWindow {
  private capacity = INITIAL_CAPACITY;
  private keyA = new Uint32Array(INITIAL_CAPACITY);
  private keyB = new Uint32Array(INITIAL_CAPACITY);
  private keyC = new Uint32Array(INITIAL_CAPACITY);
  private times = new Float64Array(INITIAL_CAPACITY);
  /** Entries ever added (the tail) and ever removed from the head; an entry's ring slot is its count mod capacity. */
  private tail = 0;
  private head = 0;
  /**
   * Open addressing with linear probing; each slot holds a ring slot, or EMPTY. A slot whose entry left stays
   * in place (probe chains stay whole) and may be reused; every match is checked against the ring itself.
   */
  private index = new Int32Array(2 * INITIAL_CAPACITY).fill(EMPTY);
  private occupied = 0;

  /** Entries held. */
  get size(): number {
    return this.tail - this.head;
  }

  /** How many entries were ever added: what `truncate` goes back to. */
  get count(): number {
    return this.tail;
  }

  /** Bytes the window's arrays take, for its gauge. */
  get bytes(): number {
    return this.capacity * 20 + this.index.length * 4;
  }

  add(key: EventKey, timeMs: number): void {
    if (this.size === this.capacity) this.grow();
    const ringSlot = this.tail % this.capacity;
    this.keyA[ringSlot] = key.a;
    this.keyB[ringSlot] = key.b;
    this.keyC[ringSlot] = key.c;
    this.times[ringSlot] = timeMs;
    this.tail += 1;
    if (this.occupied + 1 > MAX_OCCUPANCY * this.index.length) this.rebuildIndex(this.index.length);
    const mask = this.index.length - 1;
    let slot = key.a & mask;
    while (this.index[slot] !== EMPTY && this.isLive(this.index[slot])) slot = (slot + 1) & mask;
    if (this.index[slot] === EMPTY) this.occupied += 1;
    this.index[slot] = ringSlot;
  }

  /** Whether an entry with this key and a timestamp at or after `fromMs` is held. */
  has(key: EventKey, fromMs: number): boolean {
    const mask = this.index.length - 1;
    for (let slot = key.a & mask; this.index[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const at = this.index[slot];
      if (
        this.isLive(at) &&
        this.keyA[at] === key.a &&
        this.keyB[at] === key.b &&
        this.keyC[at] === key.c &&
        this.times[at] >= fromMs
      )
        return true;
    }
    return false;
  }

  /** Drops entries from the head while they are older than `beforeMs`. */
  evictBefore(beforeMs: number): void {
    while (this.head < this.tail && this.times[this.head % this.capacity] < beforeMs) this.head += 1;
  }

  /** Drops the entries added after the window held `count` entries (the partition goes back in its log). */
  truncate(count: number): void {
    if (count >= this.tail) return;
    this.tail = Math.max(count, this.head);
  }

  /** A ring slot holds an entry now (one that left may have been overwritten since: the keys are compared). */
  private isLive(ringSlot: number): boolean {
    return (ringSlot - (this.head % this.capacity) + this.capacity) % this.capacity < this.size;
  }

  private rebuildIndex(length: number): void {
    this.index = new Int32Array(length).fill(EMPTY);
    this.occupied = 0;
    const mask = length - 1;
    for (let count = this.head; count < this.tail; count++) {
      const ringSlot = count % this.capacity;
      let slot = this.keyA[ringSlot] & mask;
      while (this.index[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.index[slot] = ringSlot;
      this.occupied += 1;
    }
  }

  private grow(): void {
    const capacity = 2 * this.capacity;
    const copy = <T extends Uint32Array | Float64Array>(from: T, to: T) => {
      for (let count = this.head; count < this.tail; count++)
        to[count % capacity] = from[count % this.capacity];
      return to;
    };
    this.keyA = copy(this.keyA, new Uint32Array(capacity));
    this.keyB = copy(this.keyB, new Uint32Array(capacity));
    this.keyC = copy(this.keyC, new Uint32Array(capacity));
    this.times = copy(this.times, new Float64Array(capacity));
    this.capacity = capacity;
    this.rebuildIndex(2 * capacity);
  }
}
