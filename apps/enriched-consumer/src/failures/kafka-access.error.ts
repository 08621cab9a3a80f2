import { KafkaJSError, KafkaJSProtocolError, KafkaJSSASLAuthenticationError } from 'kafkajs';
import type { ConsumerConfig } from '../consumer.config';

export type KafkaAccessReason = 'authentication' | 'certificate';

/**
 * The brokers refused the consumer's credentials, or the consumer refused a broker's certificate: waiting
 * cannot fix either, so these end the process with a message that says what to change. The message holds
 * what kafkajs said; the kafkajs error is not kept as `cause`, which pino would append to the message again.
 */
export class KafkaAccessError extends Error {
  override readonly name = 'KafkaAccessError';

  constructor(
    message: string,
    readonly reason: KafkaAccessReason,
  ) {
    super(message);
  }
}

// What Node's TLS client reports (OpenSSL's X509_V_ERR_* names, and Node's own host name check) when it
// refuses a certificate, in the words of the message.
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is signed by a CA the consumer does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'is signed by a CA the consumer does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is signed by a CA the consumer does not trust',
  SELF_SIGNED_CERT_IN_CHAIN: 'chains to a self-signed CA the consumer does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed, and the consumer does not trust it',
  CERT_UNTRUSTED: 'is not trusted',
  CERT_REJECTED: 'is rejected',
  CERT_REVOKED: 'is revoked',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'has an invalid validity period',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'has an invalid validity period',
  CERT_SIGNATURE_FAILURE: 'has an invalid signature',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'has an invalid signature',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'has an issuer key that cannot be read',
  INVALID_CA: 'chains through a certificate that is not a CA',
  INVALID_PURPOSE: 'is not meant for a TLS server',
  PATH_LENGTH_EXCEEDED: 'has too long a chain',
  CERT_CHAIN_TOO_LONG: 'has too long a chain',
  HOSTNAME_MISMATCH: 'does not name the host connected to',
  ERR_TLS_CERT_ALTNAME_INVALID: 'does not name the host connected to',
};

// Protocol errors of the SASL exchange itself; kafkajs marks them non-retriable too.
const SASL_PROTOCOL_ERRORS = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
]);

interface AccessFailure {
  reason: KafkaAccessReason;
  /** The kafkajs error that says so, below its wrappers. */
  error: KafkaJSError & { code?: unknown; type?: unknown; broker?: unknown };
}

/**
 * Finds, below kafkajs's wrappers (`cause`: KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded), the
 * error that says a password or a certificate was refused. Only kafkajs errors count: a certificate refused
 * by the PostgreSQL driver is the database's business.
 */
export function findKafkaAccessFailure(error: unknown): AccessFailure | undefined {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof KafkaJSSASLAuthenticationError)
      return { reason: 'authentication', error: current };
    if (current instanceof KafkaJSProtocolError && SASL_PROTOCOL_ERRORS.has(current.type)) {
      return { reason: 'authentication', error: current };
    }
    const code = (current as { code?: unknown }).code;
    if (current instanceof KafkaJSError && typeof code === 'string' && code in CERTIFICATE_PROBLEMS) {
      return { reason: 'certificate', error: current };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

type KafkaAccessConfig = Pick<
  ConsumerConfig,
  'KAFKA_BROKERS' | 'KAFKA_SSL_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME'
>;

function authenticationMessage(failure: AccessFailure, config: KafkaAccessConfig): string {
  const mechanism = config.KAFKA_SASL_MECHANISM?.toUpperCase() ?? 'none';
  const hint =
    failure.error.type === 'ILLEGAL_SASL_STATE'
      ? ' (the listener does not take SASL: is it a PLAINTEXT or SSL listener?)'
      : '; check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM';
  return (
    `Kafka authentication failed for user ${JSON.stringify(config.KAFKA_SASL_USERNAME ?? '')} with mechanism ` +
    `${mechanism} at ${config.KAFKA_BROKERS.join(',')}: ${failure.error.message}${hint}`
  );
}

function certificateMessage(failure: AccessFailure, config: KafkaAccessConfig): string {
  const code = String(failure.error.code);
  const broker =
    typeof failure.error.broker === 'string' ? failure.error.broker : config.KAFKA_BROKERS.join(',');
  const trusted = config.KAFKA_SSL_CA_FILE
    ? `the consumer trusts only the CA in KAFKA_SSL_CA_FILE (${config.KAFKA_SSL_CA_FILE})`
    : "KAFKA_SSL_CA_FILE is unset, so the consumer trusts the system's CAs";
  const detail = failure.error.message.replace(/^Connection error: /, '');
  return `Kafka TLS failed at ${broker}: the broker's certificate ${CERTIFICATE_PROBLEMS[code]} (${code}: ${detail}); ${trusted}`;
}

/** A refused password or certificate as a KafkaAccessError that says what to change; other errors unchanged. */
export function explainKafkaFailure(error: unknown, config: KafkaAccessConfig): unknown {
  if (error instanceof KafkaAccessError) return error;
  const failure = findKafkaAccessFailure(error);
  if (!failure) return error;
  const message =
    failure.reason === 'authentication'
      ? authenticationMessage(failure, config)
      : certificateMessage(failure, config);
  return new KafkaAccessError(message, failure.reason);
}
