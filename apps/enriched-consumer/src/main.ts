import { MetricsDbError } from '@metrics-store/metrics-db';
import {
  createLogger,
  ignoreKafkajsNegativeTimeouts,
  loadLocalEnvFiles,
  onShutdownSignals,
  readConfigOrExit,
} from '@metrics-store/runtime';
import { loadConsumerConfig } from './consumer.config';
import { startConsumer } from './enriched-consumer.service';

const SERVICE = 'enriched-consumer';

async function main(): Promise<void> {
  ignoreKafkajsNegativeTimeouts();
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
    // The database refused for good at start (its schema is not migrated, a wrong password): one line that
    // says what to do, as for a bad configuration, rather than a fatal log entry with a stack.
    if (error instanceof MetricsDbError && !error.retriable) {
      process.stderr.write(`${SERVICE}: failed to start: ${error.message}\n`);
      process.exit(1);
    }
    fatal(error);
  }
}

void main();
