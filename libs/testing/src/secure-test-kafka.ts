import { startTestServiceHost } from './test-service-host';

export interface KafkaUser {
  name: string;
  password: string;
}

export interface SecureTestKafka {
  /** The PLAINTEXT listener, for making topics without credentials. */
  brokers: string;
  /** The SASL_SSL listener: PLAIN and SCRAM-SHA-256/512 over TLS, with a certificate for 127.0.0.1 and localhost. */
  saslSslBrokers: string;
  /** The PEM certificate of the throw-away CA that signed the broker's certificate. */
  caFile: string;
  /** Deletes one SCRAM credential of a user with Kafka's kafka-configs tool, as revoking access does. */
  removeScramCredential(name: string, mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A Kafka 4.1 node of the test's own with a SASL_SSL listener beside PLAINTEXT (the run's shared broker is
 * plaintext). SCRAM users get SCRAM-SHA-256 and SCRAM-SHA-512 credentials; `sessionLifetimeMs` makes
 * clients authenticate again that often (connections.max.reauth.ms). Takes a few seconds to start.
 */
export async function startSecureTestKafka(options: {
  scramUsers: KafkaUser[];
  plainUsers: KafkaUser[];
  sessionLifetimeMs?: number;
}): Promise<SecureTestKafka> {
  const host = await startTestServiceHost<{ brokers: string; saslSslBrokers: string; caFile: string }>(
    'secure-kafka',
    options,
  );
  return {
    ...host.ready,
    removeScramCredential: (name, mechanism) => host.command('removeScramCredential', name, mechanism),
    stop: host.stop,
  };
}
