import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { deadLetterMaxMessageBytes } from '@metrics-store/metrics-contract';
import type { Logger } from '@metrics-store/runtime';

/**
 * Warns when the DLQ topic could refuse the dead letter of a record its source topic accepts (its
 * max.message.bytes leaves no room for the x-* headers): such a record would end the process when it comes.
 * Topics made by this repository have the room; one made elsewhere, or before, may not. Only a warning: the
 * consumer counts everything else meanwhile, and a failed look is no reason not to start.
 */
export async function checkDeadLetterTopic(
  admin: Admin,
  topics: { source: string; dlq: string },
  logger: Logger,
): Promise<void> {
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [topics.source, topics.dlq].map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['max.message.bytes'],
      })),
    });
    const limitOf = (name: string) =>
      Number(resources.find((resource) => resource.resourceName === name)?.configEntries[0]?.configValue);
    const source = limitOf(topics.source);
    const dlq = limitOf(topics.dlq);
    if (dlq >= deadLetterMaxMessageBytes(source)) return;
    logger.warn(
      {
        topic: topics.source,
        dlq_topic: topics.dlq,
        source_max_message_bytes: source,
        dlq_max_message_bytes: dlq,
        wanted_dlq_max_message_bytes: deadLetterMaxMessageBytes(source),
      },
      'dlq_topic_limit_too_small',
    );
  } catch (error) {
    logger.warn({ err: error, topic: topics.source, dlq_topic: topics.dlq }, 'dlq_topic_check_failed');
  }
}
