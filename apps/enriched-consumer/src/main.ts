import { ConfigError, createLogger, loadLocalEnvFiles, onShutdownSignals } from '@metrics-store/runtime';
import { loadConsumerConfig, type ConsumerConfig } from './consumer.config';
import { startConsumer } from './kafka/enriched-consumer.service';

const SERVICE = 'enriched-consumer';

async function main(): Promise<void> {
  loadLocalEnvFiles();
  let config: ConsumerConfig;
  try {
    config = loadConsumerConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ name: SERVICE, level: 'info' }).fatal({ problems: error.problems }, error.message);
    process.exit(2);
  }
  const logger = createLogger({ name: SERVICE, level: config.LOG_LEVEL });
  const fatal = (error: unknown) => {
    logger.fatal({ err: error }, 'consumer_fatal');
    process.exit(1);
  };
  try {
    const consumer = await startConsumer(config, { logger, onFatal: fatal });
    onShutdownSignals(() => consumer.stop(), logger);
  } catch (error) {
    fatal(error);
  }
}

void main();
