/**
 * `npm start`: everything on one machine. PostgreSQL and Kafka from the environment, else containers via
 * docker compose where a Docker engine answers, else local processes; then topics, migrations and both apps.
 * Ctrl-C stops what it started.
 */
import { ignoreKafkajsNegativeTimeouts, loadLocalEnvFiles } from '@metrics-store/runtime';
import { runMigrations } from '@metrics-store/metrics-db';
import { dockerEngineAnswers } from '../infra/docker-engine';
import { ensureTopics } from '../infra/kafka-admin';
import { infraUp, type InfraHandle } from '../infra/local-infra';
import { REPO_ROOT } from '../infra/local-paths';
import { ensureAdminToken } from './admin-token';
import { ensureVisitorKeySecret } from './visitor-key-secret';
import { appLogSettings } from './app-log.settings';
import { startApp, type AppProcess } from './app-process';
import { startWithCompose } from './compose-start';
import { startBanner } from './start.banner';
import { writeStdout } from './stdout.writer';

const say = (line: string) => writeStdout(`${line}\n`);

async function main(): Promise<number> {
  ignoreKafkajsNegativeTimeouts();
  // Only the variables the shell sets decide where services come from; .env may add more (ports, tokens).
  const givenDatabase = process.env.DATABASE_URL;
  const givenBrokers = process.env.KAFKA_BROKERS;
  if (!givenDatabase && !givenBrokers && dockerEngineAnswers()) return startWithCompose(say);

  let infra: InfraHandle | undefined;
  if (!givenDatabase || !givenBrokers) infra = await infraUp(say, false);
  loadLocalEnvFiles(REPO_ROOT);
  const databaseUrl = givenDatabase ?? infra?.ready.databaseUrl ?? '';
  const kafkaBrokers = givenBrokers ?? infra?.ready.kafkaBrokers ?? '';
  const topic = process.env.KAFKA_TOPIC || 'events.enriched';
  const dlqTopic = process.env.KAFKA_DLQ_TOPIC || 'events.enriched.dlq';
  const apps: AppProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      say('Stopping ...');
      await Promise.all(apps.map((app) => app.stop()));
      await infra?.stop();
      say('Stopped.');
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  try {
    await ensureTopics(kafkaBrokers, [
      { topic, numPartitions: 6 },
      { topic: dlqTopic, numPartitions: 1, deadLettersOf: topic },
    ]);
    const applied = await runMigrations(databaseUrl);
    say(`Migrations: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);

    const admin = ensureAdminToken(process.env.ADMIN_TOKEN);
    const port = process.env.PORT || '3000';
    const apiOpsPort = process.env.API_OPS_PORT || '9465';
    const consumerPort = process.env.CONSUMER_HTTP_PORT || '9464';
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafkaBrokers,
      ADMIN_TOKEN: admin.token,
      VISITOR_KEY_SECRET: ensureVisitorKeySecret(process.env.VISITOR_KEY_SECRET),
      PORT: port,
      API_OPS_PORT: apiOpsPort,
      CONSUMER_HTTP_PORT: consumerPort,
      ...appLogSettings(process.env, process.stdout.isTTY === true),
    };
    apps.push(startApp('enriched-consumer', env), startApp('metrics-api', env));

    for (const line of startBanner({
      apiPort: port,
      apiOpsPort,
      consumerPort,
      topic,
      kafkaBrokers,
      databaseUrl,
      admin,
    }))
      say(line);

    const first = await Promise.race(apps.map((app) => app.exited.then((code) => ({ app, code }))));
    if (stopping) {
      // A signal is stopping everything: the first app to finish must not end this process early.
      await stopping;
      return 0;
    }
    say(`${first.app.name} exited with code ${first.code}; stopping the rest.`);
    await stopAll();
    return 1;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
