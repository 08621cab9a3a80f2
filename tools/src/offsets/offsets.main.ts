/**
 * `npm run offsets -- show|reset`: the next offsets stored in PostgreSQL with the counts (the consumer's
 * source of truth, docs/events.md), against the logs' start and end in Kafka, and an explicit reset of
 * them, as `kafka-consumer-groups --reset-offsets` does for Kafka's own. DATABASE_URL and KAFKA_BROKERS come
 * from the environment, else .env, else .local/infra.env. Exit codes: 0 done, 1 a failure, 2 a usage error.
 */
import { createMetricsStore, type MetricsStore } from '@metrics-store/metrics-db';
import {
  CLI_EXIT,
  ignoreKafkajsNegativeTimeouts,
  loadLocalEnvFiles,
  parseCliArgs,
  runCli,
  UsageError,
} from '@metrics-store/runtime';
import { REPO_ROOT } from '../infra/local-paths';
import { LogWatermarksReader } from './log-watermarks.reader';
import { resetOffsets, showOffsets, type ResetRequest } from './offsets.commands';

const DEFAULT_BROKERS = '127.0.0.1:9092';

const HELP = [
  'The offsets the consumer stores in PostgreSQL with its counts, per group, topic and partition.',
  '',
  'Usage:',
  '  npm run offsets -- show [--group <g>] [--topic <t>]',
  '      stored offset, log start and end, lag; flags partitions beyond the log end or below its start',
  '  npm run offsets -- reset --group <g> --topic <t> [--partition <n>]',
  '                          (--to-earliest | --to-latest | --to-offset <n>) [--dry-run]',
  '      sets the stored offsets (every partition of the topic, or one); a running consumer continues',
  '      from them without a restart. --dry-run prints the plan and changes nothing.',
  '',
  'DATABASE_URL and KAFKA_BROKERS (default 127.0.0.1:9092) come from the environment, .env or .local/infra.env.',
  'Exit codes: 0 done, 1 a failure, 2 a usage error.',
];

function parse(argv: string[]) {
  return parseCliArgs({
    args: argv,
    options: {
      group: { type: 'string' },
      topic: { type: 'string' },
      partition: { type: 'string' },
      'to-earliest': { type: 'boolean' },
      'to-latest': { type: 'boolean' },
      'to-offset': { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

const nonNegative = (value: string, option: string) => {
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} takes a non-negative integer, got "${value}"`);
  return BigInt(value);
};

function resetRequest(values: ReturnType<typeof parse>['values']): ResetRequest {
  if (!values.group || !values.topic) throw new UsageError('reset needs --group <g> and --topic <t>');
  const targets = [values['to-earliest'], values['to-latest'], values['to-offset'] !== undefined].filter(
    Boolean,
  );
  if (targets.length !== 1)
    throw new UsageError('reset needs exactly one of --to-earliest, --to-latest, --to-offset <n>');
  const partition =
    values.partition === undefined ? undefined : Number(nonNegative(values.partition, '--partition'));
  return {
    groupId: values.group,
    topic: values.topic,
    partition,
    target: values['to-earliest']
      ? { kind: 'earliest' }
      : values['to-latest']
        ? { kind: 'latest' }
        : { kind: 'offset', offset: nonNegative(values['to-offset'] ?? '', '--to-offset') },
    dryRun: values['dry-run'] ?? false,
  };
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(`${HELP.join('\n')}\n`);
    return CLI_EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (command !== 'show' && command !== 'reset')
    throw new UsageError(
      command ? `Unknown command "${command}"; the commands are show and reset` : 'No command',
    );
  if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}"`);
  const request = command === 'reset' ? resetRequest(values) : undefined;
  if (command === 'show' && (values.partition || values['to-offset'] || values['dry-run']))
    throw new UsageError('show takes only --group and --topic');
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError('DATABASE_URL is not set (environment, .env or .local/infra.env)');
  const brokers = (process.env.KAFKA_BROKERS || DEFAULT_BROKERS).split(',').map((broker) => broker.trim());

  let store: MetricsStore | undefined;
  const logs = new LogWatermarksReader(brokers);
  try {
    store = await createMetricsStore({ databaseUrl, poolSize: 1, applicationName: 'metrics-store-offsets' });
    const lines = request
      ? await resetOffsets(store, logs, request)
      : await showOffsets(store, logs, { groupId: values.group, topic: values.topic });
    process.stdout.write(`${lines.join('\n')}\n`);
    return CLI_EXIT.ok;
  } finally {
    await Promise.allSettled([store?.close(), logs.close()]);
  }
}

async function main(): Promise<number> {
  ignoreKafkajsNegativeTimeouts();
  loadLocalEnvFiles(REPO_ROOT);
  return run(process.argv.slice(2));
}

runCli(main, { name: 'offsets', usageHint: 'Run `npm run offsets -- --help` for the usage.' });
