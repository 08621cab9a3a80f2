import { StoredSketch } from '../domain/stored-sketch';
import { SketchVersionCache } from './sketch-version.cache';

const version = (updatedAt: string, size: number) => ({
  updatedAt,
  sketch: new StoredSketch(new Uint8Array(size)),
});

describe('SketchVersionCache', () => {
  it('keeps versions within its bytes, dropping the least recently used first', () => {
    const cache = new SketchVersionCache(100);
    cache.set('a', version('1', 40));
    cache.set('b', version('1', 40));
    expect(cache.get('a')?.updatedAt).toBe('1'); // now b is the least recently used
    cache.set('c', version('1', 40));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('replaces a key with its newer version, counting only the new bytes', () => {
    const cache = new SketchVersionCache(100);
    cache.set('a', version('1', 60));
    cache.set('a', version('2', 60));
    expect(cache.get('a')?.updatedAt).toBe('2');
    cache.set('b', version('1', 40));
    expect(cache.size).toBe(2);
  });
});
