import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafkaClasspath, requireJava } from './kafka-classpath';
import { kafkaAnswers } from './kafka-admin';
import { BROKER_PROPERTIES } from './local-paths';
import { StopWaiting, waitUntil } from '@metrics-store/runtime';

export interface LocalKafka {
  brokers: string;
  pid: number;
  stop(): Promise<void>;
}

export interface LocalKafkaOptions {
  dir: string;
  port: number;
  controllerPort: number;
  logFile: string;
  log?: (line: string) => void;
  /** A second client listener beside PLAINTEXT, named by its security protocol (e.g. SASL_SSL), and its settings. */
  extraListener?: { name: string; port: number; properties: string[] };
  /** More arguments for the one-time storage format (e.g. `--add-scram` credentials). */
  formatArgs?: string[];
}

/**
 * The shared broker settings (tools/kafka/broker.properties), then what is this node's own: one combined
 * broker and controller (KRaft) with listeners on 127.0.0.1, a dynamic controller quorum of itself, its data
 * folder.
 */
export function serverProperties(
  options: Pick<LocalKafkaOptions, 'dir' | 'port' | 'controllerPort' | 'extraListener'>,
): string {
  const extra = options.extraListener;
  const clientListeners = [
    `PLAINTEXT://127.0.0.1:${options.port}`,
    ...(extra ? [`${extra.name}://127.0.0.1:${extra.port}`] : []),
  ];
  return [
    readFileSync(BROKER_PROPERTIES, 'utf8').trimEnd(),
    '',
    '# This node',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${options.controllerPort}`,
    `listeners=${[...clientListeners, `CONTROLLER://127.0.0.1:${options.controllerPort}`].join(',')}`,
    `advertised.listeners=${clientListeners.join(',')}`,
    `listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${extra ? `,${extra.name}:${extra.name}` : ''}`,
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(options.dir, 'data')}`,
    ...(extra?.properties ?? []),
    '',
  ].join('\n');
}

const LOG4J2 = `Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.server.KafkaRaftServer
        level: INFO
`;

function javaArgs(classpath: string, options: LocalKafkaOptions, main: string[]): string[] {
  return [
    '-Xms256m',
    '-Xmx1g',
    '-XX:+UseG1GC',
    `-Dlog4j2.configurationFile=${join(options.dir, 'log4j2.yaml')}`,
    '-cp',
    classpath,
    ...main,
  ];
}

/**
 * A KRaft cluster id: 16 random bytes in base64url, as Kafka makes them. One that starts with '-' would be read
 * as an option by the storage tool's argument parser (Kafka's own generator skips those for that reason).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url').slice(0, 22);
    if (!id.startsWith('-')) return id;
  }
}

/** Apache Kafka 4.1 on the JDK from the Maven-resolved jars: storage formatted once, then the broker. */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
  requireJava();
  const classpath = ensureKafkaClasspath(options.log);
  mkdirSync(options.dir, { recursive: true });
  const propertiesFile = join(options.dir, 'server.properties');
  writeFileSync(propertiesFile, serverProperties(options));
  writeFileSync(join(options.dir, 'log4j2.yaml'), LOG4J2);

  if (!existsSync(join(options.dir, 'data', 'meta.properties'))) {
    const clusterId = newClusterId();
    const format = spawnSync(
      'java',
      javaArgs(classpath, options, [
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        propertiesFile,
        '--standalone',
        '--ignore-formatted',
        ...(options.formatArgs ?? []),
      ]),
      { encoding: 'utf8' },
    );
    if (format.status !== 0)
      throw new Error(`Formatting Kafka storage failed:\n${format.stdout}${format.stderr}`);
  }

  const out = openSync(options.logFile, 'a');
  const child = spawn('java', javaArgs(classpath, options, ['kafka.Kafka', propertiesFile]), {
    stdio: ['ignore', out, out],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const brokers = `127.0.0.1:${options.port}`;
  try {
    await waitUntil(
      `Kafka on ${brokers} (log: ${options.logFile})`,
      async () => {
        if (exited) throw new StopWaiting(`Kafka exited during start-up; see ${options.logFile}`);
        return kafkaAnswers(brokers);
      },
      90_000,
      300,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
    if ((await Promise.race([exit, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await exit;
    }
  };
  return { brokers, pid: child.pid ?? -1, stop };
}
