import type { StoredSketch } from '../domain/stored-sketch';

/** A stored sketch as last read: the `updated_at` of that version (as the server prints it) and the sketch. */
export interface SketchVersion {
  updatedAt: string;
  sketch: StoredSketch;
}

/**
 * The versions of stored sketches this process read last, least recently used first out, up to a budget of
 * bytes. A read sends the versions it holds and the server returns the bytes only of sketches that changed
 * since, so a busy project's year of weeks is mostly decoded once, not at every request. Never stale: every
 * read compares each version with the row's `updated_at`, which every write of a sketch sets.
 */
export class SketchVersionCache {
  private readonly versions = new Map<string, SketchVersion>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): SketchVersion | undefined {
    const version = this.versions.get(key);
    if (version) {
      // Map order is insertion order: moving it to the end keeps the least recently used first.
      this.versions.delete(key);
      this.versions.set(key, version);
    }
    return version;
  }

  set(key: string, version: SketchVersion): void {
    const previous = this.versions.get(key);
    if (previous) {
      this.bytes -= previous.sketch.bytes.length;
      this.versions.delete(key);
    }
    this.versions.set(key, version);
    this.bytes += version.sketch.bytes.length;
    for (const [oldest, entry] of this.versions) {
      if (this.bytes <= this.maxBytes) break;
      this.versions.delete(oldest);
      this.bytes -= entry.sketch.bytes.length;
    }
  }

  get size(): number {
    return this.versions.size;
  }
}
