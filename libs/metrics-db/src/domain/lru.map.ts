/**
 * A map that keeps the most recently used entries within a budget (a number of entries, or of bytes with
 * `weightOf`), dropping the least recently used first. Map order is insertion order: an entry used again is
 * moved to the end.
 */
export class LruMap<V> {
  private readonly entries = new Map<string, V>();
  private weight = 0;

  constructor(
    private readonly budget: number,
    private readonly weightOf: (value: V) => number = () => 1,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.weight -= this.weightOf(previous);
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.weight += this.weightOf(value);
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.budget) break;
      this.entries.delete(oldest);
      this.weight -= this.weightOf(entry);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
