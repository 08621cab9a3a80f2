import { createLogger, loadLocalEnvFiles, onShutdownSignals, readConfigOrExit } from '@metrics-store/runtime';
import { loadConsumerConfig } from './consumer.config';
import { startConsumer } from './kafka/enriched-consumer.service';

const SERVICE = 'enriched-consumer';

async function main(): Promise<void> {
  loadLocalEnvFiles();
  const config = readConfigOrExit(SERVICE, loadConsumerConfig);
  const logger = createLogger({ name: SERVICE, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
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
