import type { DeadLetter } from '../events/dead-letter';

/**
 * What the flush needs from the Kafka side, declared here so that `flush/` does not import `kafka/` (imports
 * between the app's folders go one way: kafka/ -> flush/ -> events/). kafka/partition.positions.ts and
 * kafka/dead-letter.publisher.ts provide them.
 */

/** Each partition's position: what this process confirmed, and what PostgreSQL stores. */
export interface FlushPositions {
  /** The position stored in PostgreSQL as far as this process knows (undefined while unknown). */
  confirmedOf(partition: number): bigint | undefined;
  /** The stored offset a flush of `partition` continues from (null: never flushed), undefined while unknown. */
  storedOf(partition: number): string | null | undefined;
  /** After a successful flush: `next` is now stored in PostgreSQL. */
  confirm(partition: number, next: bigint): void;
  /** Records were accepted but will never be flushed: continue from the stored position again. */
  rewind(partition: number): void;
  /** PostgreSQL does not hold what this process thought it stored: load the positions and seek there again. */
  reload(partitions: number[]): Promise<void>;
}

/** Writes dead letters to the dead-letter topic; gives up once `isActive` turns false. */
export interface DeadLetterSink {
  publish(deadLetters: DeadLetter[], isActive: () => boolean): Promise<void>;
}
