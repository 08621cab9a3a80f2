import { LruMap } from './lru.map';
import type { SketchCount } from './stored-sketch';

/**
 * The counts of unions of stored sketch versions, by the versions' serials, the most recently used kept: a
 * range total read again while none of its sketches changed is not united again. Versions never change,
 * so an entry is never stale; a rewritten sketch is a new version and a new key.
 */
export type UnionCountMemo = LruMap<SketchCount>;

export const createUnionCountMemo = (maxEntries: number): UnionCountMemo =>
  new LruMap<SketchCount>(maxEntries);
