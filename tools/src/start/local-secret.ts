import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// 24 random bytes: 32 characters of base64url after the prefix, above both minimums (32).
const SECRET_BYTES = 24;

export interface LocalSecret {
  /** The variable that overrides the file, e.g. ADMIN_TOKEN. */
  variable: string;
  /** Where it is kept once made (under .local/). */
  file: string;
  /** What the apps refuse below. */
  minLength: number;
  /** The start of a made one, so that a secret says what it is. */
  prefix: string;
}

/**
 * A secret of a local run: the variable from the environment, else the one kept in the file (made on first
 * use, readable by its owner only). One shorter than the apps take is refused here, with what to do, rather
 * than by an app after start-up.
 */
export function ensureLocalSecret(
  secret: LocalSecret,
  fromEnv: string | undefined,
): { value: string; file?: string } {
  const checked = (value: string, where: string) => {
    if (value.length < secret.minLength) {
      throw new Error(
        `${secret.variable} from ${where} has ${value.length} characters; the apps take ${secret.minLength} or more. ` +
          `Set a longer ${secret.variable}, or unset it and delete ${secret.file}: npm start then makes one.`,
      );
    }
    return value;
  };
  if (fromEnv) return { value: checked(fromEnv, 'the environment') };
  if (existsSync(secret.file))
    return { value: checked(readFileSync(secret.file, 'utf8').trim(), secret.file), file: secret.file };
  mkdirSync(dirname(secret.file), { recursive: true });
  const value = `${secret.prefix}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  writeFileSync(secret.file, `${value}\n`, { mode: 0o600 });
  return { value, file: secret.file };
}
