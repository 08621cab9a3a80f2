import { randomBytes } from 'node:crypto';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2');
import { DeadLetterPartitioner, murmur2 } from './dead-letter.partitioner';

describe('the dead-letter partitioner', () => {
  it("hashes every key as kafkajs's (and Java's) murmur2 does, bytes or text, of every length to 300", () => {
    for (let length = 0; length <= 300; length += 1) {
      const key = randomBytes(length);
      expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      expect(murmur2(key.toString('hex'))).toBe(kafkajsMurmur2(key.toString('hex')));
    }
    // The Java client's Utils.murmur2 of "21": a vector other clients check against.
    expect(murmur2('21')).toBe(-973932308);
  });

  it('puts keyed dead letters on the partitions kafkajs would', () => {
    const partitionMetadata = Array.from({ length: 6 }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    })) as PartitionerArgs['partitionMetadata'];
    const ours = DeadLetterPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (let i = 0; i < 200; i += 1) {
      const message = { key: randomBytes(1 + (i % 40)), value: null };
      const args = { topic: 'dlq', partitionMetadata, message };
      expect(ours(args)).toBe(theirs(args));
    }
  });
});
