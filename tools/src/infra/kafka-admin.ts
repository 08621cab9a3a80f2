import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { deadLetterTopicConfig } from '@metrics-store/metrics-contract';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /**
   * The source topic whose records this topic dead-letters: made with room for them and their headers, and
   * kept DEAD_LETTER_RETENTION_MS (raw events, visitor ids included).
   */
  deadLettersOf?: string;
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

/** A topic's effective max.message.bytes (its own, else the broker's message.max.bytes). */
async function maxMessageBytesOf(admin: Admin, topic: string): Promise<number> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
  });
  const value = Number(resources[0]?.configEntries[0]?.configValue);
  if (!Number.isSafeInteger(value)) throw new Error(`no max.message.bytes for topic ${topic}`);
  return value;
}

/**
 * Creates the topics that do not exist yet and waits for their leaders; dead-letter topics come after their
 * sources, with a max.message.bytes above theirs and a retention of 7 days. Topics that exist are left as
 * they are.
 */
export async function ensureTopics(brokers: string, topics: TopicSpec[]): Promise<void> {
  const admin = adminFor(brokers);
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    const create = async (specs: TopicSpec[]) => {
      if (specs.length === 0) return;
      const configs = await Promise.all(
        specs.map(async ({ deadLettersOf }) =>
          deadLettersOf === undefined
            ? []
            : deadLetterTopicConfig(await maxMessageBytesOf(admin, deadLettersOf)),
        ),
      );
      await admin.createTopics({
        waitForLeaders: true,
        topics: specs.map(({ topic, numPartitions }, i) => ({
          topic,
          numPartitions,
          replicationFactor: 1,
          configEntries: configs[i],
        })),
      });
    };
    await create(missing.filter((spec) => spec.deadLettersOf === undefined));
    await create(missing.filter((spec) => spec.deadLettersOf !== undefined));
  } finally {
    await admin.disconnect();
  }
}
