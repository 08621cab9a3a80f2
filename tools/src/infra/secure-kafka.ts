import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureKafkaClasspath } from './kafka-classpath';
import { startLocalKafka, type LocalKafka } from './local-kafka';
import { createCertificateAuthority, issueServerCertificate, writePkcs12Keystore } from './test-certificates';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface KafkaUser {
  name: string;
  password: string;
}

export interface SecureKafkaOptions {
  dir: string;
  /** The PLAINTEXT listener, for setting the broker up (topics, users) without credentials. */
  port: number;
  /** The SASL_SSL listener: TLS with a certificate for 127.0.0.1 and localhost, then SASL. */
  saslSslPort: number;
  controllerPort: number;
  logFile: string;
  /** Users with SCRAM-SHA-256 and SCRAM-SHA-512 credentials, stored in the cluster metadata when it is formatted. */
  scramUsers: KafkaUser[];
  /** Users of the PLAIN mechanism, listed in the listener's JAAS configuration. */
  plainUsers: KafkaUser[];
  /** connections.max.reauth.ms: how long a SASL session lasts before the client must authenticate again. */
  sessionLifetimeMs?: number;
  log?: (line: string) => void;
}

export interface SecureKafka extends LocalKafka {
  /** host:port of the SASL_SSL listener. */
  saslSslBrokers: string;
  /** The PEM certificate of the throw-away CA that signed the broker's certificate. */
  caFile: string;
  /** Deletes one SCRAM credential of a user with Kafka's own kafka-configs tool, as revoking access does. */
  removeScramCredential(name: string, mechanism: ScramMechanism): Promise<void>;
}

const SCRAM_MECHANISMS: ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

// Names and passwords go into JAAS strings and `--add-scram` arguments unquoted; keep them to safe characters.
const SAFE_CREDENTIAL = /^[A-Za-z0-9._-]+$/;

function checkUsers(users: KafkaUser[]): void {
  for (const { name, password } of users) {
    if (!SAFE_CREDENTIAL.test(name) || !SAFE_CREDENTIAL.test(password)) {
      throw new Error(
        `Kafka test user "${name}": names and passwords may only hold letters, digits, '.', '_' and '-'`,
      );
    }
  }
}

/**
 * A local Kafka 4.1 node (the same jars as the plaintext one) with a SASL_SSL listener beside PLAINTEXT: a
 * throw-away CA signs the broker's certificate, PLAIN and SCRAM-SHA-256/512 are enabled, and the SCRAM users
 * are created by Kafka's own storage tool when the node is formatted (KIP-900), so they exist from the first start.
 */
export async function startSecureKafka(options: SecureKafkaOptions): Promise<SecureKafka> {
  checkUsers([...options.scramUsers, ...options.plainUsers]);
  const tlsDir = join(options.dir, 'tls');
  const ca = createCertificateAuthority(tlsDir, 'metrics-store test CA');
  const broker = issueServerCertificate(ca, tlsDir, 'broker', ['127.0.0.1', 'localhost']);
  const keystorePassword = randomBytes(12).toString('hex');
  const keystore = writePkcs12Keystore(broker, join(tlsDir, 'broker.p12'), keystorePassword);

  const plainUsers = options.plainUsers.map(({ name, password }) => ` user_${name}="${password}"`).join('');
  const listener = 'listener.name.sasl_ssl';
  const properties = [
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    `${listener}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required${plainUsers};`,
    `${listener}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `${listener}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `${listener}.ssl.keystore.type=PKCS12`,
    `${listener}.ssl.keystore.location=${keystore}`,
    `${listener}.ssl.keystore.password=${keystorePassword}`,
    ...(options.sessionLifetimeMs ? [`connections.max.reauth.ms=${options.sessionLifetimeMs}`] : []),
  ];
  const formatArgs = options.scramUsers.flatMap(({ name, password }) =>
    SCRAM_MECHANISMS.flatMap((mechanism) => [
      '--add-scram',
      `${mechanism}=[name=${name},password=${password}]`,
    ]),
  );

  const kafka = await startLocalKafka({
    dir: options.dir,
    port: options.port,
    controllerPort: options.controllerPort,
    logFile: options.logFile,
    log: options.log,
    extraListener: { name: 'SASL_SSL', port: options.saslSslPort, properties },
    formatArgs,
  });
  // kafka-configs alters one credential of a user per request.
  const removeScramCredential = (name: string, mechanism: ScramMechanism) =>
    runConfigCommand(kafka.brokers, [
      '--entity-type',
      'users',
      '--entity-name',
      name,
      '--alter',
      '--delete-config',
      mechanism,
    ]);
  return {
    ...kafka,
    saslSslBrokers: `127.0.0.1:${options.saslSslPort}`,
    caFile: ca.certFile,
    removeScramCredential,
  };
}

/** kafka-configs (kafka.admin.ConfigCommand) through the PLAINTEXT listener. */
function runConfigCommand(brokers: string, args: string[]): Promise<void> {
  const classpath = ensureKafkaClasspath();
  const child = spawn(
    'java',
    ['-Xmx256m', '-cp', classpath, 'kafka.admin.ConfigCommand', '--bootstrap-server', brokers, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`kafka-configs ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}
