/**
 * Fairness of the metrics API under a flooding project, on the data of the api-read benchmark (its seed, in a
 * scratch database on the PostgreSQL of DATABASE_URL; the API runs as its own process from main.ts, with the
 * configuration of the environment, READ_* included):
 *   - the flood: project 1 (5,000 visitors a day) from 100 connections, each sending year-long weekly
 *     unique_users reads back to back, every one over another range so that none joins another's answer;
 *   - the victim: another project's 30-day daily reads (page_view, total_events, unique_users) from 2
 *     connections, also over shifting ranges.
 * Rounds of the victim alone, then under the flood: alternating, so that what else runs on the machine weighs
 * on both alike. Printed: the victim's p50/p99 alone and under the flood, per round and over all rounds, the
 * flood's answers by status, and the targets (victim p99 under the flood < 250 ms and < 5 x its p99 alone).
 *
 *   npx nx run tools:bench-fairness
 * Env: FAIRNESS_BENCH_ROUNDS (3), FAIRNESS_BENCH_SECONDS (5 per phase), FAIRNESS_BENCH_FLOOD (100 connections),
 * FAIRNESS_BENCH_VICTIM (2),
 * FAIRNESS_BENCH_PROJECTS (100; the seed's daily rows), FAIRNESS_BENCH_IGNORE_RETRY_AFTER=1 for a flood that
 * sends its next read at once after a 429/503 instead of waiting the Retry-After it was given,
 * FAIRNESS_BENCH_KEEP_DB=1 to keep the scratch database (its URL is printed), FAIRNESS_BENCH_REUSE_DB=<URL> to
 * run on a database seeded before (by this benchmark or api-read's) without seeding again.
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { createMetricsStore } from '@metrics-store/metrics-db';
import { findRepoRoot, loadLocalEnvFiles } from '@metrics-store/runtime';
import { freePort } from '../infra/free-port';
import { processCpuMs } from './bench-backend-cpu';
import { startApiChild } from './bench-api-server';
import { benchProjectId, SEEDED_METRIC_COUNT, seedBenchData } from './bench-api-seed';
import { BenchHttpClient, closedLoop, type TimedAnswer } from './bench-http.client';
import type { FloodOrder } from './fairness-flood.main';
import { envInt } from './bench-env';
import { openSeededDatabase } from './bench-seeded.database';
import { summarize } from './bench-stats';

const say = (line: string) => process.stdout.write(`${line}\n`);

const FLOODING = benchProjectId(1);
const VICTIM = benchProjectId(42);
// The seed covers 2025-01-01 to 2026-12-31.
const FIRST_DAY = toDayNumber('2025-01-01');
const LAST_DAY = toDayNumber('2026-12-31');
const P99_TARGET_MS = 250;
// After the flood starts, before the victim is measured; after it stops, before the next quiet phase.
const FLOOD_RAMP_MS = 1_000;
const FLOOD_DRAIN_MS = 3_000;
const RATIO_TARGET = 5;

function victimPaths(): () => string {
  let next = 0;
  return () => {
    const from = FIRST_DAY + ((next++ * 7) % (LAST_DAY - FIRST_DAY - 29));
    return `/v1/projects/${VICTIM}/metrics?from=${fromDayNumber(from)}&to=${fromDayNumber(from + 29)}&metrics=page_view,total_events,unique_users`;
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

const p99Of = (answers: TimedAnswer[]) =>
  summarize(answers.filter((answer) => answer.status === 200).map((answer) => answer.ms)).p99Ms;

function describe(answers: TimedAnswer[]): string {
  const ok = answers.filter((answer) => answer.status === 200);
  const stats = summarize(ok.map((answer) => answer.ms));
  const others = answers.length - ok.length;
  return (
    `${ok.length} answers, p50 ${ms(stats.medianMs)}, p99 ${ms(stats.p99Ms)}` +
    (others > 0 ? ` (other answers: ${statusCounts(answers, [200])})` : '')
  );
}

function statusCounts(answers: TimedAnswer[], skip: number[] = []): string {
  const counts = new Map<string, number>();
  for (const answer of answers) {
    if (skip.includes(answer.status)) continue;
    const key = answer.status === 0 ? `no answer (${answer.error ?? 'error'})` : String(answer.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

async function main(): Promise<void> {
  loadLocalEnvFiles();
  const seconds = envInt('FAIRNESS_BENCH_SECONDS', 5);
  const rounds = envInt('FAIRNESS_BENCH_ROUNDS', 3);
  const floodConnections = envInt('FAIRNESS_BENCH_FLOOD', 100);
  const victimConnections = envInt('FAIRNESS_BENCH_VICTIM', 2);
  const projects = envInt('FAIRNESS_BENCH_PROJECTS', 100);
  const honourRetryAfter = process.env.FAIRNESS_BENCH_IGNORE_RETRY_AFTER !== '1';

  const scratch = await openSeededDatabase({
    envPrefix: 'FAIRNESS_BENCH',
    namePrefix: 'bench_api_fairness',
    say,
    seed: async (url) => {
      say(
        `Seeding ${projects} projects x 730 days x ${SEEDED_METRIC_COUNT} metrics, and project 1's visitor sets (5,000 a day)`,
      );
      // The raw events table of api-read's seed plays no part here: a token number of rows.
      await seedBenchData(url, { projects, rawEvents: 1_000, log: say });
    },
  });
  try {
    const store = await createMetricsStore({ databaseUrl: scratch.url, poolSize: 1 });
    const floodKey = (await store.createApiKey(FLOODING, 'fairness-flood')).key;
    const victimKey = (await store.createApiKey(VICTIM, 'fairness-victim')).key;
    await store.close();

    const api = await startApiChild(
      findRepoRoot(),
      // error: not the access lines of every refused read of the flood.
      { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: 'error', ADMIN_TOKEN: '' },
      await freePort(),
    );
    const floodOrder: FloodOrder = {
      baseUrl: api.url,
      authorization: `Bearer ${floodKey}`,
      projectId: FLOODING,
      connections: floodConnections,
      honourRetryAfter,
      firstDay: FIRST_DAY,
      lastStartDay: LAST_DAY - 364,
    };
    const startFlood = () => {
      const child = fork(
        join(findRepoRoot(), 'tools/src/bench/fairness-flood.main.ts'),
        [JSON.stringify(floodOrder)],
        {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      );
      const answers = new Promise<TimedAnswer[]>((resolve, reject) => {
        child.once('message', (message) => resolve(message as TimedAnswer[]));
        child.once('exit', (code) =>
          reject(new Error(`the flood process ended (code ${code}) without its answers`)),
        );
      });
      answers.catch(() => undefined); // awaited in stop(); a failure must not go unhandled before then
      return {
        stop: async () => {
          child.send('stop');
          return answers;
        },
        kill: () => child.kill(),
        cpuMs: () => processCpuMs(child.pid as number),
      };
    };
    let flooding: ReturnType<typeof startFlood> | undefined;
    const victim = new BenchHttpClient(api.url, `Bearer ${victimKey}`, victimConnections);
    const nextVictim = victimPaths();
    const victimRead = () => victim.get(nextVictim());
    const victimPhase = (phaseSeconds: number) =>
      closedLoop(victimConnections, victimRead, sleep(phaseSeconds * 1000));
    try {
      const setting = (name: string) => `${name}=${process.env[name] ?? '(default)'}`;
      say(
        `\nAPI at ${api.url}: ${['DB_POOL_SIZE', 'READ_CONCURRENCY', 'READ_CONCURRENCY_PER_PROJECT', 'READ_QUEUE_PER_PROJECT', 'READ_QUEUE_TIMEOUT_MS', 'DB_STATEMENT_TIMEOUT_MS', 'READ_CACHE_MS'].map(setting).join(' ')}`,
      );
      say(
        `Machine: ${cpus().length} cores, load average (1/5/15 min) ${load()} before the run; every process of the` +
          ' run (API, PostgreSQL, this load) shares them with whatever else runs there',
      );
      say(
        `Victim: ${victimConnections} connections, 30-day daily reads of project 42; flood: ${floodConnections}` +
          ` connections, year-long weekly unique_users reads of project 1, ${honourRetryAfter ? 'each waiting the Retry-After of a 429/503 before its next read' : 'each sending its next read at once after a 429/503 (Retry-After ignored)'};` +
          ` ${rounds} rounds of ${seconds} s alone and ${seconds} s under the flood\n`,
      );
      // Warm-up: JIT, the pool's connections, the statements' plans.
      await closedLoop(victimConnections, victimRead, sleep(2_000));

      const alone: TimedAnswer[] = [];
      const underFlood: TimedAnswer[] = [];
      // CPU of the API process in each kind of phase, ms.
      const apiCpu = { alone: 0, underFlood: 0 };
      // The flood's own process shares the machine's cores with the API and PostgreSQL here, as an attacker's would not.
      let floodCpu = 0;
      const cpuDuring = async <T>(kind: keyof typeof apiCpu, work: Promise<T>): Promise<T> => {
        const before = processCpuMs(api.pid);
        const result = await work;
        apiCpu[kind] += processCpuMs(api.pid) - before;
        return result;
      };
      const floods: TimedAnswer[] = [];
      const rows: string[] = [];
      for (let round = 1; round <= rounds; round++) {
        const quiet = await cpuDuring('alone', victimPhase(seconds));
        flooding = startFlood();
        await sleep(FLOOD_RAMP_MS); // the flood reaches its steady state
        const floodCpuBefore = flooding.cpuMs();
        const flooded = await cpuDuring('underFlood', victimPhase(seconds));
        floodCpu += flooding.cpuMs() - floodCpuBefore;
        floods.push(...(await flooding.stop()));
        flooding = undefined;
        // The flood's reads that had started run to their end before the next quiet phase.
        await sleep(FLOOD_DRAIN_MS);
        alone.push(...quiet);
        underFlood.push(...flooded);
        rows.push(
          `  round ${round}: ${describe(quiet)}  |  ${describe(flooded)}  |  p99 ratio ${(p99Of(flooded) / p99Of(quiet)).toFixed(2)}`,
        );
      }

      say(`Victim, each round: alone  |  under the flood  (answers 200, p50, p99; other answers)`);
      for (const row of rows) say(row);
      const aloneP99 = p99Of(alone);
      const underP99 = p99Of(underFlood);
      say(`\nVictim, all rounds: alone ${describe(alone)}; under the flood ${describe(underFlood)}`);
      const floodOk = floods.filter((answer) => answer.status === 200);
      const refused = floods.filter((answer) => answer.status === 429 || answer.status === 503);
      const floodSeconds = rounds * (seconds + FLOOD_RAMP_MS / 1000);
      say(
        `Flood, all rounds (${floodSeconds} s): ${floods.length} answers (${(floods.length / floodSeconds).toFixed(0)}/s) by status: ${statusCounts(floods)}` +
          (floodOk.length > 0
            ? `; its 200s took p50 ${ms(summarize(floodOk.map((a) => a.ms)).medianMs)}`
            : '') +
          (refused.length > 0
            ? `; its 429/503s p50 ${ms(summarize(refused.map((a) => a.ms)).medianMs)}, p99 ${ms(summarize(refused.map((a) => a.ms)).p99Ms)}`
            : ''),
      );
      const share = (cpuMs: number) => `${((100 * cpuMs) / (rounds * seconds * 1000)).toFixed(0)}% of a core`;
      say(
        `API process CPU: ${share(apiCpu.alone)} while the victim ran alone, ${share(apiCpu.underFlood)} under the flood;` +
          ` the flood's own process (load generator, on the same cores) ${share(floodCpu)}`,
      );
      const metrics = await fetch(`${api.opsUrl}/metrics`).then((res) => res.text());
      for (const line of metrics.split('\n')) {
        if (/^metrics_api_reads_rejected_total|^metrics_api_read_wait_seconds_(count|sum)/.test(line))
          say(`  API ${line}`);
      }

      const victimRefused = underFlood.filter((answer) => answer.status !== 200).length;
      say(
        `\nTargets: victim p99 under the flood < ${P99_TARGET_MS} ms: ${ms(underP99)}, ${underP99 < P99_TARGET_MS ? 'met' : 'NOT met'};` +
          ` < ${RATIO_TARGET} x its p99 alone: ${(underP99 / aloneP99).toFixed(2)} x, ${underP99 < RATIO_TARGET * aloneP99 ? 'met' : 'NOT met'};` +
          ` victim answers other than 200 under the flood: ${victimRefused}`,
      );
      say(`Load average (1/5/15 min) after the run: ${load()}`);
    } finally {
      flooding?.kill();
      victim.close();
      await api.stop();
    }
  } finally {
    await scratch.release();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fairness bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
