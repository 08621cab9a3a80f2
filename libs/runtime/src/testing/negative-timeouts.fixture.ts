/**
 * Arms one negative timeout, then ends: kafkajs's own (its request queue's check before any throttling) when
 * argv[3] is `kafkajs`, else one of its own. With argv[2] `ignore`, ignoreKafkajsNegativeTimeouts is installed
 * first. Node prints on stderr whatever warning it emits.
 */
import { createRequire } from 'node:module';
import { ignoreKafkajsNegativeTimeouts } from '../process-warnings';

interface RequestQueue {
  scheduleCheckPendingRequests(): void;
  destroy(): void;
}

if (process.argv[2] === 'ignore') ignoreKafkajsNegativeTimeouts();
if (process.argv[3] === 'kafkajs') {
  // kafkajs's internals have no types; the queue is built as kafkajs builds one for each broker connection.
  const RequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as new (
    options: object,
  ) => RequestQueue;
  const silent = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const queue = new RequestQueue({ logger: silent, maxInFlightRequests: 1, requestTimeout: 1_000 });
  queue.scheduleCheckPendingRequests();
  // It checks again every millisecond until its connection ends.
  setTimeout(() => queue.destroy(), 20);
} else {
  setTimeout(() => undefined, -5);
}
