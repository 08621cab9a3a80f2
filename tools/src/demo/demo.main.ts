/**
 * `npm run demo [-- --rate N]`: realistic traffic into a running system (`npm start`) until Ctrl-C. Sets the
 * demo projects' zones and makes a project key through the admin API, then prints a curl for today's numbers.
 */
import { parseArgs } from 'node:util';
import { CompressionTypes, Kafka, Partitioners, logLevel } from 'kafkajs';
import { ignoreKafkajsNegativeTimeouts, loadLocalEnvFiles } from '@metrics-store/runtime';
import { REPO_ROOT } from '../infra/local-paths';
import { AdminApiClient } from '../admin/admin-api.client';
import { findAdminToken, metricsApiUrl, NO_ADMIN_TOKEN } from '../admin/admin-connection';
import { TrafficGenerator } from '../traffic/traffic.generator';

const DEMO_PROJECTS = [
  { id: '6f1c2a7e-0000-4000-8000-000000000001', timezone: 'Europe/Berlin', weight: 5 },
  { id: '6f1c2a7e-0000-4000-8000-000000000002', timezone: 'America/New_York', weight: 3 },
  { id: '6f1c2a7e-0000-4000-8000-000000000003', timezone: 'Asia/Kathmandu', weight: 2 },
  { id: '6f1c2a7e-0000-4000-8000-000000000004', timezone: 'Australia/Lord_Howe', weight: 1 },
];
const TICK_MS = 100;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rate: { type: 'string', default: '200' }, seed: { type: 'string' } },
  });
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0)
    throw new Error(`--rate must be a positive number of events per second, got ${values.rate}`);
  ignoreKafkajsNegativeTimeouts();
  loadLocalEnvFiles(REPO_ROOT);
  const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:19092';
  const topic = process.env.KAFKA_TOPIC || 'events.enriched';
  const api = metricsApiUrl();
  const token = findAdminToken();
  if (!token) throw new Error(NO_ADMIN_TOKEN);

  const admin = new AdminApiClient(api, token);
  for (const project of DEMO_PROJECTS) await admin.setTimezone(project.id, project.timezone);
  const shown = DEMO_PROJECTS[0];
  const { key } = await admin.createApiKey(shown.id, `demo ${new Date().toISOString()}`);

  const kafka = new Kafka({
    clientId: 'metrics-store-demo',
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const generator = new TrafficGenerator({
    seed: values.seed ? Number(values.seed) : Date.now(),
    projects: DEMO_PROJECTS,
    historyDays: 0,
    lateShare: 0.03,
    lateHours: [1, 72],
    invalidShare: 0.01,
    concurrentSessions: 60,
  });

  const today = `$(TZ=${shown.timezone} date +%F)`;
  say(
    `Producing about ${rate} events/s to ${topic} on ${brokers} for ${DEMO_PROJECTS.length} projects (Ctrl-C stops).`,
  );
  say(`Today's numbers for ${shown.id} (${shown.timezone}), with a project key made just now:`);
  say(
    `  curl -s "${api}/v1/projects/${shown.id}/metrics?from=${today}&to=${today}` +
      `&metrics=total_events,page_view,click,signup,purchase,unique_users,sessions" -H "Authorization: Bearer ${key}"`,
  );
  say(`The same project in the explore page (paste the key above as its token):`);
  say(`  ${api}/explore?project=${shown.id}`);

  let stopping = false;
  let sent = 0;
  let invalid = 0;
  process.on('SIGINT', () => (stopping = true));
  process.on('SIGTERM', () => (stopping = true));
  const started = Date.now();
  let lastReport = started;
  while (!stopping) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate) - sent;
    if (due > 0) {
      const now = Date.now();
      const records = Array.from({ length: due }, () => generator.next(now));
      invalid += records.filter((record) => !record.outcome.valid).length;
      await producer.send({
        topic,
        compression: CompressionTypes.None,
        messages: records.map((record) => ({ key: record.key, value: record.value })),
      });
      sent += due;
    }
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      say(`sent ${sent} records (${invalid} invalid) in ${Math.round((lastReport - started) / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await producer.disconnect();
  say(`Stopped after ${sent} records (${invalid} invalid).`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
