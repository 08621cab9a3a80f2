import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

// As for every optional variable, `NAME=` in a .env file means unset.
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const optionalText = z.preprocess(unsetIfEmpty, z.string().optional());

/** Checked at start, so that a wrong path is a start-up error instead of a TLS failure much later. */
function caFileProblem(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return `cannot read ${path} (${code})`;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) return `${path} holds no PEM certificate`;
  return undefined;
}

/** docs/operations.md: TLS and SASL towards the brokers, for managed Kafka. */
export const kafkaAccessSettings = {
  KAFKA_SSL: z
    .enum(['true', 'false'], {
      error: (issue) => `must be true or false, not ${JSON.stringify(issue.input)}`,
    })
    .default('false')
    .transform((value) => value === 'true'),
  /** Unset: the system's CAs. */
  KAFKA_SSL_CA_FILE: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .superRefine((path, ctx) => {
        const problem = caFileProblem(path);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  ),
  // Kafka's own documentation writes them in capitals (SCRAM-SHA-512); both spellings are accepted.
  KAFKA_SASL_MECHANISM: z.preprocess(
    (value) => (typeof value === 'string' ? unsetIfEmpty(value.toLowerCase()) : value),
    z.enum(SASL_MECHANISMS, { error: () => `must be one of ${SASL_MECHANISMS.join(', ')}` }).optional(),
  ),
  KAFKA_SASL_USERNAME: optionalText,
  KAFKA_SASL_PASSWORD: optionalText,
};

type KafkaAccessInput = { [name in keyof typeof kafkaAccessSettings]?: unknown };

const given = (value: unknown) => value !== undefined && value !== '';

/**
 * The rules between the variables. It runs even when other variables are invalid (`when`), so that one
 * message still names every problem; the values are then not all parsed, hence `unknown`. No message
 * quotes a password.
 */
export const kafkaAccessRules = z.superRefine<KafkaAccessInput>(
  (value, ctx) => {
    const credentials = {
      KAFKA_SASL_USERNAME: value.KAFKA_SASL_USERNAME,
      KAFKA_SASL_PASSWORD: value.KAFKA_SASL_PASSWORD,
    };
    if (given(value.KAFKA_SASL_MECHANISM)) {
      for (const [name, credential] of Object.entries(credentials)) {
        if (given(credential)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message:
            'is required with KAFKA_SASL_MECHANISM: set both KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
        });
      }
    } else if (Object.values(credentials).some(given)) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_MECHANISM'],
        message: `is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set: one of ${SASL_MECHANISMS.join(', ')}`,
      });
    }
    if (given(value.KAFKA_SSL_CA_FILE) && value.KAFKA_SSL === false) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SSL_CA_FILE'],
        message: 'is set but KAFKA_SSL is false: set KAFKA_SSL=true to connect with TLS',
      });
    }
  },
  { when: () => true },
);
