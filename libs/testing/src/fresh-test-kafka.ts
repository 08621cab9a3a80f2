import { startTestServiceHost } from './test-service-host';

export interface FreshTestKafka {
  /** The PLAINTEXT listener of a Kafka 4.1 node that has only just started. */
  brokers: string;
  stop(): Promise<void>;
}

/**
 * A Kafka node of the test's own, just formatted and started: what `npm start` meets on a new machine, where
 * the group coordinator is still loading when the consumer first joins (the run's shared broker is long warm).
 */
export async function startFreshTestKafka(): Promise<FreshTestKafka> {
  const host = await startTestServiceHost<{ brokers: string }>('kafka', {});
  return { brokers: host.ready.brokers, stop: host.stop };
}
