import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_LIBS_DIR, KAFKA_POM } from './local-paths';

const STAMP_FILE = join(KAFKA_LIBS_DIR, '.pom-sha256');

function commandWorks(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Fails with a message that says what to install, instead of a bare ENOENT from spawn. */
export function requireJava(): void {
  if (!commandWorks('java', ['-version'])) {
    throw new Error(
      'Java was not found. The local Kafka broker runs on a JDK 17+: install one (e.g. `apt-get install openjdk-17-jdk-headless`), ' +
        'or point KAFKA_BROKERS at a running Kafka, or run a Docker engine.',
    );
  }
}

/**
 * The Kafka broker's jars, resolved by Maven from tools/kafka/pom.xml into .local/kafka/libs. Resolved again
 * only when the pom changes, so a warm machine starts Kafka without touching the network.
 */
export function ensureKafkaClasspath(log: (line: string) => void = () => undefined): string {
  const pomHash = createHash('sha256').update(readFileSync(KAFKA_POM)).digest('hex');
  if (existsSync(STAMP_FILE) && readFileSync(STAMP_FILE, 'utf8') === pomHash)
    return join(KAFKA_LIBS_DIR, '*');
  requireJava();
  if (!commandWorks('mvn', ['--version'])) {
    throw new Error(
      'Maven was not found. It resolves the Kafka jars from Maven Central: install it (e.g. `apt-get install maven`), ' +
        'or point KAFKA_BROKERS at a running Kafka, or run a Docker engine.',
    );
  }
  log(`Resolving the Kafka jars with Maven into ${KAFKA_LIBS_DIR} ...`);
  rmSync(KAFKA_LIBS_DIR, { recursive: true, force: true });
  mkdirSync(KAFKA_LIBS_DIR, { recursive: true });
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', KAFKA_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${KAFKA_LIBS_DIR}`],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`Maven could not resolve the Kafka jars:\n${result.stdout}${result.stderr}`);
  }
  if (!readdirSync(KAFKA_LIBS_DIR).some((file) => file.startsWith('kafka_2.13-'))) {
    throw new Error(`Maven finished but ${KAFKA_LIBS_DIR} has no kafka_2.13 jar`);
  }
  writeFileSync(STAMP_FILE, pomHash);
  return join(KAFKA_LIBS_DIR, '*');
}
