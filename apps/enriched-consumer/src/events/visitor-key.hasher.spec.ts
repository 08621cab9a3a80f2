import { createHash, createHmac } from 'node:crypto';
import { VisitorKeyHasher } from './visitor-key.hasher';

const SECRET = 'a-secret-of-the-tests-that-is-long-enough';
const A = '6f1c2a7e-0000-4000-8000-00000000000a';
const B = '6f1c2a7e-0000-4000-8000-00000000000b';

/** The key as docs/events.md defines it, written out here on its own. */
const contractKey = (secret: string, projectId: string, kind: string, id: string) =>
  createHmac('sha256', secret)
    .update(Buffer.from(`${projectId}\0${kind}\0${id}`, 'utf8'))
    .digest()
    .readBigInt64BE(0);

describe('VisitorKeyHasher', () => {
  it('gives the first 8 bytes, signed, of HMAC-SHA-256 under the secret of project, kind and id', () => {
    const keys = new VisitorKeyHasher(SECRET);
    for (const id of ['alice@example.com', 'anon-1', '😀', 'x'.repeat(256)])
      for (const kind of ['visitor', 'session'] as const)
        expect(keys.keyOf(A, kind, id)).toBe(contractKey(SECRET, A, kind, id));
  });

  it('gives one id unrelated keys in two projects, as visitor and as session, and under another secret', () => {
    const keys = new VisitorKeyHasher(SECRET);
    const all = [
      keys.keyOf(A, 'visitor', 'alice'),
      keys.keyOf(B, 'visitor', 'alice'),
      keys.keyOf(A, 'session', 'alice'),
      new VisitorKeyHasher(`${SECRET}-2`).keyOf(A, 'visitor', 'alice'),
    ];
    expect(new Set(all).size).toBe(4);
    // And none is the plain SHA-256 of the id, which anyone could compute from a guess.
    expect(all).not.toContain(createHash('sha256').update('alice').digest().readBigInt64BE(0));
  });

  it('keeps giving the right key while far more ids than its cache holds cycle through it', () => {
    const keys = new VisitorKeyHasher(SECRET);
    const checked: string[] = [];
    for (let i = 0; i < 1_200_000; i += 1) {
      const id = `id-${i % 900_000}`;
      if (i % 99_991 === 0) checked.push(id);
      keys.keyOf(A, 'visitor', id);
    }
    for (const id of checked)
      expect(keys.keyOf(A, 'visitor', id)).toBe(contractKey(SECRET, A, 'visitor', id));
  });
});
