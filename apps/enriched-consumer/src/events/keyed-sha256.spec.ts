import { createHmac, randomBytes } from 'node:crypto';
import { KeyedSha256 } from './keyed-sha256';

const nodeFirst8 = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message, 'utf8').digest().readBigInt64BE(0);

describe('KeyedSha256', () => {
  it('gives the first 8 bytes of the standard HMAC-SHA-256 for every message length across block boundaries', () => {
    const secret = 'a-secret-of-the-tests-that-is-long-enough';
    const hmac = new KeyedSha256(secret);
    for (let length = 0; length <= 300; length += 1) {
      const message = randomBytes(length).toString('base64').slice(0, length);
      expect(hmac.first8(message)).toBe(nodeFirst8(secret, message));
    }
  });

  it('encodes non-ASCII text as UTF-8, lone surrogates as U+FFFD, as node:crypto does', () => {
    const secret = 'ключ-секрет-😀-that-is-long-enough-too';
    const hmac = new KeyedSha256(secret);
    for (const message of [
      'é',
      'p\u0000visitor\u0000😀',
      '日本語'.repeat(40),
      'a\ud800b',
      `${'x'.repeat(55)}é`,
    ])
      expect(hmac.first8(message)).toBe(nodeFirst8(secret, message));
  });

  it('hashes a secret longer than a block first, as HMAC does, and a short one as it is', () => {
    for (const secret of ['s'.repeat(64), 's'.repeat(65), 'k'.repeat(200), 'short']) {
      const hmac = new KeyedSha256(secret);
      expect(hmac.first8('alice@example.com')).toBe(nodeFirst8(secret, 'alice@example.com'));
    }
  });

  it('keeps giving right results after a long message grew its buffer', () => {
    const secret = 'a-secret-of-the-tests-that-is-long-enough';
    const hmac = new KeyedSha256(secret);
    const long = 'z'.repeat(100_000);
    expect(hmac.first8(long)).toBe(nodeFirst8(secret, long));
    expect(hmac.first8('short again')).toBe(nodeFirst8(secret, 'short again'));
  });
});
