/** `npm run infra:up | infra:down | infra:status | infra:install`: local PostgreSQL 16 and Kafka 4.1 in the background. */
import { ignoreKafkajsNegativeTimeouts } from '@metrics-store/runtime';
import { ensureKafkaClasspath } from './kafka-classpath';
import { INFRA_ENV_FILE, KAFKA_LIBS_DIR, LOGS_DIR } from './local-paths';
import { infraAnswers, infraDown, infraUp, readInfraState } from './local-infra';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(command: string | undefined): Promise<number> {
  ignoreKafkajsNegativeTimeouts();
  switch (command) {
    case 'up': {
      const started = Date.now();
      const { ready } = await infraUp(say);
      say(`DATABASE_URL=${ready.databaseUrl}`);
      say(`KAFKA_BROKERS=${ready.kafkaBrokers}`);
      say(
        `Written to ${INFRA_ENV_FILE}; logs in ${LOGS_DIR}. Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      return 0;
    }
    case 'install':
      ensureKafkaClasspath(say);
      say(`Kafka jars ready in ${KAFKA_LIBS_DIR}`);
      return 0;
    case 'down':
      await infraDown(say);
      return 0;
    case 'status': {
      const state = readInfraState();
      if (!state) {
        say('Local services: not running.');
        return 1;
      }
      const answers = await infraAnswers(state);
      say(`Local services: ${answers ? 'running' : 'NOT answering'} (service host pid ${state.hostPid})`);
      say(`DATABASE_URL=${state.databaseUrl}`);
      say(`KAFKA_BROKERS=${state.kafkaBrokers}`);
      return answers ? 0 : 1;
    }
    default:
      say('usage: infra.main.ts up | down | status | install');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
