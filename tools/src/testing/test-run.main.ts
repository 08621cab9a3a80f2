/**
 * `npm test`: first `prettier --check .` (unformatted files fail the run at once), then the whole suite,
 * unit and integration, against real PostgreSQL 16 and Kafka. Obtains the services once for all projects
 * (environment URLs, containers or local processes), runs every project's tests through Nx, prints one
 * closing line, and stops what it started. `npm test -- --unit` runs only the `*.spec.ts` files, which need
 * no services, and starts none. Other arguments go to `nx run-many` (`-p metrics-db`, ...).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { obtainServices } from '../infra/obtain-services';
import { LOCAL_DIR, REPO_ROOT } from '../infra/local-paths';

const say = (line: string) => process.stdout.write(`${line}\n`);
/** Read by summary-reporter.js (a Jest reporter, plain JavaScript). */
const SUMMARY_FILE_ENV = 'METRICS_TEST_SUMMARY_FILE';
const UNIT_FLAG = '--unit';
/** Read by global-setup.ts: a run of the unit specs alone needs no services. */
const UNIT_ONLY_ENV = 'METRICS_TEST_UNIT_ONLY';

/** Runs a Node script of node_modules with this Node, its output on ours; resolves with its exit code. */
function runScript(script: string[], args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', ...script), ...args], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env,
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const runNx = (args: string[], env: NodeJS.ProcessEnv) =>
  runScript(['nx', 'dist', 'bin', 'nx.js'], args, env);

function summarise(file: string): { passed: number; failed: number; skipped: number } {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(file)) return totals;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const run = JSON.parse(line) as typeof totals;
    totals.passed += run.passed;
    totals.failed += run.failed;
    totals.skipped += run.skipped;
  }
  return totals;
}

async function main(): Promise<number> {
  const started = Date.now();
  const args = process.argv.slice(2);
  const unitOnly = args.includes(UNIT_FLAG);
  say(
    `Node.js ${process.version}: ${unitOnly ? 'the unit specs (*.spec.ts)' : 'unit and integration tests'}`,
  );
  if ((await runScript(['prettier', 'bin', 'prettier.cjs'], ['--check', '.'])) !== 0) {
    say('Files above are not formatted: run `npm run format` to fix them, then `npm test` again.');
    return 1;
  }
  const services = unitOnly ? undefined : await obtainServices();
  if (services)
    say(
      `Test services (${services.source}): PostgreSQL ${services.databaseUrl.replace(/:[^:@/]*@/, ':***@')}, Kafka ${services.kafkaBrokers}`,
    );
  const summaryFile = join(LOCAL_DIR, 'test-results', `summary-${process.pid}.jsonl`);
  mkdirSync(join(LOCAL_DIR, 'test-results'), { recursive: true });
  rmSync(summaryFile, { force: true });
  const stopServices = async () => services?.stop().catch(() => undefined);
  process.once('SIGINT', () => void stopServices().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopServices().then(() => process.exit(143)));
  try {
    const jestArgs = unitOnly ? ['--testPathIgnorePatterns=integration-spec'] : [];
    const nxArgs = args.filter((arg) => arg !== UNIT_FLAG);
    const code = await runNx(['run-many', '-t', 'test', '--output-style=static', ...jestArgs, ...nxArgs], {
      ...process.env,
      TZ: 'UTC',
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_SKIP_NX_CACHE: 'true',
      ...(services && { DATABASE_URL: services.databaseUrl, KAFKA_BROKERS: services.kafkaBrokers }),
      [UNIT_ONLY_ENV]: String(unitOnly),
      [SUMMARY_FILE_ENV]: summaryFile,
    });
    const totals = summarise(summaryFile);
    say(`Test run finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    say(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
    return code === 0 && totals.failed === 0 && totals.passed > 0 ? 0 : 1;
  } finally {
    await stopServices();
    rmSync(summaryFile, { force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
