import type { InflateLimits } from './inflated-batch.collector';
import { markShrunk, TRUNCATION_HEADERS } from './record-truncation';

const enum Step {
  /** The record's length, a varint. */
  Length,
  /** Attributes, timestamp delta, offset delta and key length: one byte and three varints. */
  Head,
  Key,
  ValueLength,
  Value,
  /** The record's headers, which the consumer does not read: skipped. */
  Rest,
}

// Attributes (1), timestamp delta (a varlong, at most 10), offset delta and key length (varints, at most 5).
const MAX_HEAD_BYTES = 21;

/** A zigzag varint as Kafka writes lengths in a record (v2). */
function varint(value: number): Buffer {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (zigzag >= 0x80) {
    bytes.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  bytes.push(zigzag);
  return Buffer.from(bytes);
}

/** Reads a zigzag varint of `bytes` from `start`; the caller knows where it ends. */
function readVarint(bytes: Uint8Array, start: number): number {
  let zigzag = 0;
  let scale = 1;
  for (let i = start; ; i += 1) {
    zigzag += (bytes[i] & 0x7f) * scale;
    if (bytes[i] < 0x80) break;
    scale *= 0x80;
  }
  return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
}

const bytesField = (data: Buffer | null) => (data === null ? [varint(-1)] : [varint(data.length), data]);

/**
 * Rewrites a stream of Kafka records (format v2, the decompressed inside of a batch) as it arrives, keeping of
 * each record its offset and timestamp, at most `maxFieldBytes` of its key and of its value, and none of its
 * headers (the consumer reads none), while what it has written stays within `maxBatchBytes`; past that, keys
 * and values keep no byte. A record that lost bytes carries the original lengths in the headers
 * TRUNCATION_HEADERS names, which the consumer believes only of a buffer this class made (record-truncation).
 * Memory stays at about `maxBatchBytes` plus a few dozen bytes per record, however large the records are.
 */
export class RecordStreamShrinker {
  private readonly parts: Buffer[] = [];
  private written = 0;
  private step = Step.Length;
  /** The record's length or its value's, being read. */
  private readonly length = Buffer.alloc(5);
  private lengthBytes = 0;
  /** The record's head, being read, then written as it came. */
  private readonly head = Buffer.alloc(MAX_HEAD_BYTES);
  private headBytes = 0;
  private varintsEnded = 0;
  private keyLengthAt = 0;
  /** Bytes of the current record not read yet. */
  private recordLeft = 0;
  private fieldLeft = 0;
  private fieldLength = 0;
  private kept: Buffer | null = null;
  private keptBytes = 0;
  private key: Buffer | null = null;
  private keyLength = 0;
  private records = 0;

  constructor(private readonly limits: InflateLimits) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.step) {
        case Step.Length:
        case Step.ValueLength: {
          const byte = chunk[i++];
          this.length[this.lengthBytes++] = byte;
          if (this.step === Step.ValueLength) this.recordLeft -= 1;
          if (byte >= 0x80) {
            if (this.lengthBytes >= 5) throw new Error('a varint of more than 5 bytes in a record stream');
            break;
          }
          const length = readVarint(this.length, 0);
          this.lengthBytes = 0;
          if (this.step === Step.Length) {
            this.recordLeft = length;
            this.step = Step.Head;
          } else this.startField(Step.Value, length);
          break;
        }
        case Step.Head: {
          const byte = chunk[i++];
          this.head[this.headBytes++] = byte;
          this.recordLeft -= 1;
          if (this.headBytes === 1 || byte >= 0x80) {
            if (this.headBytes >= MAX_HEAD_BYTES) throw new Error('a record head of more than 21 bytes');
            break;
          }
          this.varintsEnded += 1;
          if (this.varintsEnded === 2) this.keyLengthAt = this.headBytes;
          if (this.varintsEnded === 3) this.startField(Step.Key, readVarint(this.head, this.keyLengthAt));
          break;
        }
        case Step.Key:
        case Step.Value: {
          const take = Math.min(this.fieldLeft, chunk.length - i);
          const keep = Math.min(take, (this.kept?.length ?? 0) - this.keptBytes);
          if (keep > 0) {
            this.kept?.set(chunk.subarray(i, i + keep), this.keptBytes);
            this.keptBytes += keep;
          }
          i += take;
          this.fieldLeft -= take;
          this.recordLeft -= take;
          break;
        }
        case Step.Rest: {
          const skip = Math.min(this.recordLeft, chunk.length - i);
          i += skip;
          this.recordLeft -= skip;
          break;
        }
      }
      this.settle();
    }
  }

  /** The rewritten records, in a buffer of their own that record-truncation recognises. */
  end(): Buffer {
    if (this.step !== Step.Length || this.lengthBytes !== 0)
      throw new Error(`a record stream that ends inside record ${this.records}`);
    const out = Buffer.from(new ArrayBuffer(this.written));
    let at = 0;
    for (const part of this.parts) at += part.copy(out, at);
    markShrunk(out);
    return out;
  }

  /** Moves past what is complete: fields of no bytes, a finished key or value, a finished record. */
  private settle(): void {
    if (this.recordLeft < 0 && this.step !== Step.Length)
      throw new Error(`record ${this.records} of a record stream is longer than its length says`);
    for (;;) {
      if ((this.step === Step.Key || this.step === Step.Value) && this.fieldLeft === 0) {
        const field = this.kept ? this.kept.subarray(0, this.keptBytes) : null;
        if (this.step === Step.Key) {
          [this.key, this.keyLength] = [field, this.fieldLength];
          this.step = Step.ValueLength;
        } else {
          this.emit(field, this.fieldLength);
          this.step = Step.Rest;
        }
      } else if (this.step === Step.Rest && this.recordLeft === 0) {
        this.step = Step.Length;
        this.records += 1;
      } else return;
    }
  }

  private startField(step: Step.Key | Step.Value, length: number): void {
    this.step = step;
    this.fieldLength = length;
    this.fieldLeft = Math.max(length, 0);
    this.keptBytes = 0;
    // The key kept for this record counts too: it is written with the value.
    const room = Math.max(this.limits.maxBatchBytes - this.written - (this.key?.length ?? 0), 0);
    this.kept = length < 0 ? null : Buffer.alloc(Math.min(length, this.limits.maxFieldBytes, room));
  }

  /** Writes the record: its head as it came, the kept key and value, and the truncation headers it needs. */
  private emit(value: Buffer | null, valueLength: number): void {
    const headers: Buffer[] = [];
    const cut = (name: string, data: Buffer | null, length: number) => {
      if (data === null || data.length === length) return;
      const text = Buffer.from(String(length));
      headers.push(varint(name.length), Buffer.from(name), varint(text.length), text);
    };
    cut(TRUNCATION_HEADERS.key, this.key, this.keyLength);
    cut(TRUNCATION_HEADERS.value, value, valueLength);
    const body = [
      this.head.subarray(0, this.keyLengthAt),
      ...bytesField(this.key),
      ...bytesField(value),
      varint(headers.length / 4),
      ...headers,
    ];
    const bodyBytes = body.reduce((sum, part) => sum + part.length, 0);
    for (const part of [varint(bodyBytes), ...body]) {
      // The head is reused for the next record: copy it.
      this.parts.push(part === body[0] ? Buffer.from(part) : part);
      this.written += part.length;
    }
    this.headBytes = 0;
    this.varintsEnded = 0;
    this.key = null;
  }
}
