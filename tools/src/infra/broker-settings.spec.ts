import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  IMAGE_SERVER_PROPERTIES,
  parseProperties,
  propertyOfImageVariable,
  sharedBrokerSettings,
} from './broker-settings';
import { KAFKA_IMAGE, kafkaContainerConfig } from './container-services';
import { serverProperties } from './local-kafka';
import { BROKER_PROPERTIES, REPO_ROOT } from './local-paths';

interface ComposeService {
  image?: string;
  volumes?: string[];
  environment?: Record<string, string | number>;
}

const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const shared = sharedBrokerSettings();

/** The shared keys an image environment sets again (it would override the file, being appended after it). */
const overridden = (environment: Record<string, unknown>) =>
  Object.keys(environment).filter((variable) => shared.has(propertyOfImageVariable(variable) ?? ''));

describe('one broker configuration', () => {
  it('holds the settings every broker needs for one node', () => {
    for (const key of [
      'controller.listener.names',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
      'auto.create.topics.enable',
      'group.initial.rebalance.delay.ms',
    ]) {
      expect(shared.has(key)).toBe(true);
    }
  });

  it('is what docker compose gives its broker, with no shared setting set again in its environment', () => {
    const kafka = compose.services.kafka;
    expect(kafka.volumes).toContain(`./tools/kafka/broker.properties:${IMAGE_SERVER_PROPERTIES}:ro`);
    expect(overridden(kafka.environment ?? {})).toEqual([]);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  });

  it('is what the Testcontainers broker gets, at the same place, with the same image as compose', () => {
    const config = kafkaContainerConfig(19_092);
    expect(config.files).toEqual([{ source: BROKER_PROPERTIES, target: IMAGE_SERVER_PROPERTIES }]);
    expect(overridden(config.environment)).toEqual([]);
    expect(compose.services.kafka.image).toBe(KAFKA_IMAGE);
  });

  it('is what the local broker starts from, each shared setting with the same value in the end', () => {
    const local = parseProperties(
      serverProperties({ dir: '/tmp/kafka', port: 19_092, controllerPort: 19_093 }),
    );
    for (const [key, value] of shared) expect([key, local.get(key)]).toEqual([key, value]);
    expect(local.get('process.roles')).toBe('broker,controller');
    expect(local.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
  });

  it('reads image variables the way the apache/kafka image writes them', () => {
    expect(propertyOfImageVariable('KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR')).toBe(
      'offsets.topic.replication.factor',
    );
    expect(propertyOfImageVariable('KAFKA_ABC__DEF___GHI')).toBe('abc_def-ghi');
    expect(propertyOfImageVariable('CLUSTER_ID')).toBeUndefined();
  });
});
