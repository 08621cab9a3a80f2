import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { explainKafkaFailure, findKafkaAccessFailure, KafkaAccessError } from './kafka-access.error';

// The typings of these constructors are narrower than kafkajs's own code, which builds them like this.
const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
const NonRetriableError = KafkaJSNonRetriableError as unknown as new (
  error: Error,
  options: { cause: Error },
) => Error;
const protocolError = (type: string, code: number) =>
  new KafkaJSProtocolError({
    type,
    code,
    retriable: false,
    message: `broker says ${type}`,
  } as unknown as Error);
/** What kafkajs's retrier hands on after it gave up on a retriable error, or met a non-retriable one. */
const afterRetries = (error: Error) =>
  new KafkaJSNumberOfRetriesExceeded(error, { retryCount: 8, retryTime: 30_000 });
const nonRetriable = (error: Error) => new NonRetriableError(error, { cause: error });
const tlsRefused = (code: string, message: string) =>
  new KafkaJSConnectionError(`Connection error: ${message}`, { broker: '10.0.0.7:9096', code });

const SECRET = 'pa55-w0rd-never-logged';
const config = {
  KAFKA_BROKERS: ['b-1.kafka.example:9096', 'b-2.kafka.example:9096'],
  KAFKA_SSL_CA_FILE: undefined,
  KAFKA_SASL_MECHANISM: 'scram-sha-512' as const,
  KAFKA_SASL_USERNAME: 'metrics',
};

describe('findKafkaAccessFailure', () => {
  it('finds a refused password or SASL exchange below any number of kafkajs wrappers', () => {
    const refused = new SaslError('SASL SCRAM SHA512 authentication failed: invalid credentials');
    expect(findKafkaAccessFailure(refused)?.reason).toBe('authentication');
    expect(findKafkaAccessFailure(nonRetriable(refused))?.error).toBe(refused);
    for (const [type, code] of [
      ['SASL_AUTHENTICATION_FAILED', 58],
      ['UNSUPPORTED_SASL_MECHANISM', 33],
      ['ILLEGAL_SASL_STATE', 34],
    ] as const) {
      expect(findKafkaAccessFailure(nonRetriable(protocolError(type, code)))?.reason).toBe('authentication');
    }
  });

  it('finds a refused certificate, even after kafkajs retried it', () => {
    for (const code of [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'CERT_HAS_EXPIRED',
    ]) {
      expect(findKafkaAccessFailure(afterRetries(tlsRefused(code, 'refused')))?.reason).toBe('certificate');
    }
  });

  it('finds nothing in an outage, another protocol error, or a certificate the database driver refused', () => {
    expect(
      findKafkaAccessFailure(afterRetries(tlsRefused('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9092'))),
    ).toBeUndefined();
    expect(findKafkaAccessFailure(protocolError('NOT_COORDINATOR', 16))).toBeUndefined();
    expect(
      findKafkaAccessFailure(
        Object.assign(new Error('self-signed certificate in certificate chain'), {
          code: 'SELF_SIGNED_CERT_IN_CHAIN',
        }),
      ),
    ).toBeUndefined();
    expect(findKafkaAccessFailure(new TypeError('x is undefined'))).toBeUndefined();
  });
});

describe('explainKafkaFailure', () => {
  it('says which user and mechanism the brokers refused, and never the password', () => {
    const explained = explainKafkaFailure(
      nonRetriable(new SaslError('SASL SCRAM SHA512 authentication failed: invalid credentials')),
      config,
    );
    expect(explained).toBeInstanceOf(KafkaAccessError);
    const { message } = explained as KafkaAccessError;
    expect(message).toMatch(
      /^Kafka authentication failed for user "metrics" with mechanism SCRAM-SHA-512 at b-1\.kafka\.example:9096,b-2\.kafka\.example:9096: SASL SCRAM SHA512 authentication failed: invalid credentials/,
    );
    expect(message).toContain('check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM');
    expect(message).not.toContain(SECRET);
  });

  it('says when the listener does not take SASL at all', () => {
    const { message } = explainKafkaFailure(
      protocolError('ILLEGAL_SASL_STATE', 34),
      config,
    ) as KafkaAccessError;
    expect(message).toContain('the listener does not take SASL');
  });

  it('says what is wrong with the certificate, at which broker, and which CAs were trusted', () => {
    const untrusted = explainKafkaFailure(
      afterRetries(tlsRefused('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')),
      config,
    );
    expect((untrusted as KafkaAccessError).reason).toBe('certificate');
    expect((untrusted as KafkaAccessError).message).toBe(
      "Kafka TLS failed at 10.0.0.7:9096: the broker's certificate is signed by a CA the consumer does not trust " +
        "(UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate); KAFKA_SSL_CA_FILE is unset, so the consumer trusts the system's CAs",
    );
    const wrongName = explainKafkaFailure(
      tlsRefused('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      {
        ...config,
        KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem',
      },
    );
    expect((wrongName as KafkaAccessError).message).toContain(
      "the broker's certificate does not name the host connected to",
    );
    expect((wrongName as KafkaAccessError).message).toContain(
      'trusts only the CA in KAFKA_SSL_CA_FILE (/etc/kafka/ca.pem)',
    );
  });

  it('leaves every other error as it is, and does not wrap twice', () => {
    const outage = afterRetries(tlsRefused('ECONNREFUSED', 'connect ECONNREFUSED'));
    expect(explainKafkaFailure(outage, config)).toBe(outage);
    const explained = explainKafkaFailure(new SaslError('refused'), config);
    expect(explainKafkaFailure(explained, config)).toBe(explained);
  });
});
