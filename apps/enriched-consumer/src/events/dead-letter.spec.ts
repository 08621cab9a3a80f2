import { deadLetterOf } from './dead-letter';

const reason = { code: 'invalid_event', message: 'event_id: expected a UUID' } as const;

describe('deadLetterOf', () => {
  it('keeps a key longer than MAX_EVENT_BYTES as its first MAX_EVENT_BYTES bytes, with its length', () => {
    const key = Buffer.from('0123456789');
    const letter = deadLetterOf(reason, { key, value: Buffer.from('{}'), offset: '7' }, 2, 4);
    expect(letter).toMatchObject({ keyBytes: 10, partition: 2, offset: '7' });
    expect(letter.key?.toString()).toBe('0123');
    expect(letter.valueBytes).toBeUndefined();
  });

  it('keeps keys and values within the limit whole, and passes on lengths cut before it', () => {
    const fetch = Buffer.from('key{"a":1}');
    const record = { key: fetch.subarray(0, 3), value: fetch.subarray(3), offset: '1' };
    const whole = deadLetterOf(reason, record, 0, 3);
    expect([whole.key?.toString(), whole.value?.toString(), whole.keyBytes]).toEqual([
      'key',
      '{"a":1}',
      undefined,
    ]);
    const cut = deadLetterOf(reason, record, 0, 3, { keyBytes: 90, valueBytes: 100_000 });
    expect([cut.keyBytes, cut.valueBytes]).toEqual([90, 100_000]);
    expect(deadLetterOf(reason, { key: null, value: null, offset: '2' }, 0, 3)).toMatchObject({
      key: null,
      value: null,
    });
  });
});
