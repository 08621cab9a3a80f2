import { promisify } from 'node:util';
import { createUnzip, gzip, unzip } from 'node:zlib';
import { collectInflated, type InflateLimits } from './inflated-batch.collector';
import type { KafkaCodec } from './kafka-codec';

const gzipAsync = promisify(gzip);
const unzipAsync = promisify(unzip);

/** zlib's streaming inflater, for the batch that inflates beyond what is held whole. */
function inflateStream(compressed: Buffer, sink: (chunk: Uint8Array) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const unzipper = createUnzip();
    unzipper.on('data', sink).once('end', resolve).once('error', reject);
    unzipper.end(compressed);
  });
}

/**
 * GZIP with node's zlib, as kafkajs does it, but bounded: the common batch is inflated in one call on the thread
 * pool (as fast as before); one that would pass `maxBatchBytes` is inflated again as a stream and shrunk.
 */
export const gzipCodec: KafkaCodec = {
  compress: (data) => gzipAsync(data),
  async decompress(compressed: Buffer, limits: InflateLimits): Promise<Buffer> {
    try {
      return await unzipAsync(compressed, { maxOutputLength: limits.maxBatchBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw error;
      return collectInflated(inflateStream, compressed, limits);
    }
  },
};
