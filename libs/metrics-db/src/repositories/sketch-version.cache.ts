import { LruMap } from '../domain/lru.map';
import type { StoredSketch } from '../domain/stored-sketch';

/** A stored sketch as last read: the `updated_at` of that version (as the server prints it) and the sketch. */
export interface SketchVersion {
  updatedAt: string;
  sketch: StoredSketch;
}

/**
 * The versions of stored sketches this process read last, by `<project>/<metric>/<period>/<start>`, within a
 * budget of bytes. A read sends the versions it holds and the server returns the bytes only of sketches that
 * changed since, so a busy project's year of weeks is mostly decoded once, not at every request. Never
 * stale: every read compares each version with the row's `updated_at`, which every write of a sketch sets.
 */
export type SketchVersionCache = LruMap<SketchVersion>;

export const createSketchVersionCache = (maxBytes: number): SketchVersionCache =>
  new LruMap<SketchVersion>(maxBytes, (version) => version.sketch.bytes.length);
