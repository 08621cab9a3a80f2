import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the CLI cannot take: said in one line, exit code 2. */
export class UsageError extends Error {}

/** The exit codes every CLI shares; a CLI may add its own above them. */
export const CLI_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** `node:util` parseArgs, its refusals (an unknown option, a missing value) turned into usage errors. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface CliOptions {
  /** Starts every error line: `metrics-db`, `offsets`, `admin`. */
  name: string;
  /** Added to a usage error's line: where the usage is told. */
  usageHint?: string;
  /** What an unexpected error stopped, for its line `<name>: <failure> failed: <message>`. */
  failure?: string;
  /** Errors the CLI explains itself: the lines to print and the exit code, or undefined for the others. */
  explain?: (error: unknown) => { lines: string[]; code: number } | undefined;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs a CLI's `main` and exits with the code it returns. A UsageError is one line on stderr and exit 2;
 * what `explain` knows is its lines and its code; anything else is one line naming the failure, exit 1.
 */
export function runCli(main: () => Promise<number>, options: CliOptions): void {
  const say = (lines: string[]) => process.stderr.write(lines.map((line) => `${line}\n`).join(''));
  main()
    .catch((error: unknown) => {
      if (error instanceof UsageError) {
        const hint = options.usageHint ? `. ${options.usageHint}` : '';
        say([`${options.name}: ${error.message}${hint}`]);
        return CLI_EXIT.usage;
      }
      const explained = options.explain?.(error);
      if (explained) {
        say(explained.lines);
        return explained.code;
      }
      const failed = options.failure ? `${options.failure} failed: ` : '';
      say([`${options.name}: ${failed}${messageOf(error)}`]);
      return CLI_EXIT.failed;
    })
    .then((code) => process.exit(code));
}
