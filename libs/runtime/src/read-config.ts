import { ConfigError } from './parse-config';

/**
 * Loads an app's configuration at start-up, or ends the process: one line on stderr naming every bad
 * variable, then exit code 2. No logger exists yet (LOG_LEVEL may be the bad variable), and a supervisor
 * that sees code 2 knows that restarting cannot help. Errors other than ConfigError are rethrown.
 */
export function readConfigOrExit<T>(name: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(2);
  }
}
