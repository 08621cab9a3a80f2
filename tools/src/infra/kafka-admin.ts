import { Kafka, logLevel } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

function adminFor(brokers: string) {
  return new Kafka({
    clientId: 'metrics-store-tools',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 2000,
  }).admin();
}

/** A real metadata request: an open port alone does not mean the broker serves requests yet. */
export async function kafkaAnswers(brokers: string): Promise<boolean> {
  const admin = adminFor(brokers);
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Creates the topics that do not exist yet and waits for their leaders. */
export async function ensureTopics(brokers: string, topics: TopicSpec[]): Promise<void> {
  const admin = adminFor(brokers);
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(({ topic, numPartitions }) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
