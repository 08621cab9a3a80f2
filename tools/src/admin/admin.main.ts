/**
 * `npm run admin -- <command>`: project time zones, API keys and erasing projects through the admin routes of
 * a running metrics-api (docs/api.md), with the admin token of ADMIN_TOKEN or .local/admin-token. Exit codes:
 * 0 done, 1 the API refused (with its message), 2 a usage error (or a question answered no), 3 the API
 * cannot be reached.
 */
import { createInterface } from 'node:readline/promises';
import { CLI_EXIT, loadLocalEnvFiles, parseCliArgs, runCli, UsageError } from '@metrics-store/runtime';
import { REPO_ROOT } from '../infra/local-paths';
import { AdminApiClient, AdminApiRefusal, AdminApiUnreachable } from './admin-api.client';
import { ADMIN_COMMANDS, usageOf, type AdminCommand } from './admin.commands';
import { findAdminToken, metricsApiUrl, NO_ADMIN_TOKEN } from './admin-connection';

const EXIT = { ...CLI_EXIT, refused: 1, unreachable: 3 } as const;

const out = (lines: string[]) => process.stdout.write(lines.map((line) => `${line}\n`).join(''));
const err = (lines: string[]) => process.stderr.write(lines.map((line) => `${line}\n`).join(''));

const OPTIONS = [
  '  --api <url>   the metrics API (default: METRICS_API_URL, else http://127.0.0.1:$PORT, PORT 3000)',
  '  --json        print the API answer as JSON',
  '  --yes         go on with a command that cannot be undone without asking (projects delete)',
  '  -h, --help    this help, or a command help: npm run admin -- keys create --help',
];

function generalHelp(): string[] {
  const width = Math.max(...ADMIN_COMMANDS.map((command) => usageOf(command).length));
  return [
    'Time zones, API keys and erasing projects of a running metrics-api, through its admin routes.',
    '',
    'Commands:',
    ...ADMIN_COMMANDS.map((command) => `  ${usageOf(command).padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    ...OPTIONS,
    '',
    'The admin token is ADMIN_TOKEN, else the one `npm start` keeps in .local/admin-token.',
    'Exit codes: 0 done, 1 the API refused, 2 a usage error, 3 the API cannot be reached.',
  ];
}

function commandHelp(command: AdminCommand): string[] {
  return [
    `Usage: ${usageOf(command)} [--api <url>] [--json]${command.confirm ? ' [--yes]' : ''}`,
    '',
    `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`,
    ...command.details,
  ];
}

function parse(argv: string[]) {
  return parseCliArgs({
    args: argv,
    options: {
      api: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

/**
 * Asks on a terminal; anywhere else (a script, a pipe) nobody can answer, so a command that cannot be undone
 * needs `--yes` there.
 */
async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new UsageError('This cannot be undone and nobody can be asked here: add --yes to go on.');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

/** The hint that goes with a refusal, for the statuses whose cause is on this side. */
function refusalHint(refusal: AdminApiRefusal): string[] {
  if (refusal.status === 401)
    return [
      "Check the token: it must be the API's ADMIN_TOKEN (npm start keeps its own in .local/admin-token).",
    ];
  if (refusal.status === 403) return ['That token is a project key; these commands need the admin token.'];
  if (refusal.status === 404 && refusal.message.startsWith('No route '))
    return ['The API serves no admin routes: it runs without ADMIN_TOKEN, or --api is not the metrics API.'];
  return [];
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const command = ADMIN_COMMANDS.find((candidate) => candidate.name === positionals.slice(0, 2).join(' '));
  if (values.help) {
    out(command ? commandHelp(command) : generalHelp());
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    err(generalHelp());
    return EXIT.usage;
  }
  if (!command)
    throw new UsageError(
      `Unknown command "${positionals.slice(0, 2).join(' ')}"; the commands are listed by --help.`,
    );
  const args = positionals.slice(2);
  if (args.length !== command.args.length) {
    const got = `${args.length} argument${args.length === 1 ? '' : 's'}`;
    throw new UsageError(
      `${command.name} takes ${command.args.map((arg) => `<${arg}>`).join(' ')}; got ${got}.`,
    );
  }
  const token = findAdminToken();
  if (!token) throw new UsageError(NO_ADMIN_TOKEN);
  if (command.confirm && !values.yes && !(await confirmed(command.confirm(args)))) {
    err(['Nothing was done.']);
    return EXIT.usage;
  }

  const client = new AdminApiClient(metricsApiUrl(values.api), token);
  const result = await command.run(client, args);
  out(values.json ? [JSON.stringify(result.json, null, 2)] : result.lines);
  return EXIT.ok;
}

/** The API's refusals and its absence, told with what to do about them. */
function explain(error: unknown): { lines: string[]; code: number } | undefined {
  if (error instanceof AdminApiRefusal) {
    const issues = error.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    return {
      lines: [
        `The API refused (HTTP ${error.status} ${error.code}): ${error.message}`,
        ...issues,
        ...refusalHint(error),
      ],
      code: EXIT.refused,
    };
  }
  if (error instanceof AdminApiUnreachable)
    return {
      lines: [
        `${error.message}.`,
        'Is it running? Start it with `npm start` (or `npx nx serve metrics-api`), or give its address with',
        '--api <url> or METRICS_API_URL.',
      ],
      code: EXIT.unreachable,
    };
  return undefined;
}

runCli(
  async () => {
    loadLocalEnvFiles(REPO_ROOT);
    return run(process.argv.slice(2));
  },
  { name: 'admin', usageHint: 'Run `npm run admin -- --help` for the commands.', explain },
);
