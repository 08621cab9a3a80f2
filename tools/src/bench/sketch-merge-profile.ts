/**
 * Where a sketch merge round spends its time: seeds `projects` x `days` project-days of distinct keys through
 * the real applyBatch (every day marked), then runs merge rounds until no mark is left, timing each SQL
 * statement and the sketch work (fromKeys, union, encode) on the side, and the longest stretch for which the
 * merge held the event loop (what a merger on the consumer's own loop would hold its flushes back by).
 *
 *   DATABASE_URL=postgres://... npx nx run tools:bench-sketch-merge -- [projects] [days] [visitors/day] [projects|days]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { createMetricsStore, runMigrations, type CountedEvent } from '@metrics-store/metrics-db';
import { createScratchDatabase } from '@metrics-store/testing';

const PROJECTS = Number(process.argv[2] ?? 200);
const DAYS = Number(process.argv[3] ?? 30);
const VISITORS = Number(process.argv[4] ?? 20);
// `projects`: one flush per project, all its days (marks of one age belong to one project). `days`: one flush
// per day with every project's visitors of it (marks of one age span every project, as spread live traffic).
const SEED_ORDER = process.argv[5] ?? 'projects';
if (SEED_ORDER !== 'projects' && SEED_ORDER !== 'days')
  throw new Error(`seed order must be projects or days, not ${SEED_ORDER}`);

const spent = new Map<string, { ms: number; calls: number }>();
function timed<A extends unknown[], R>(label: string, fn: (...args: A) => R): (...args: A) => R {
  return function (this: unknown, ...args: A): R {
    const started = performance.now();
    const add = () => {
      const entry = spent.get(label) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - started;
      entry.calls += 1;
      spent.set(label, entry);
    };
    const result = fn.apply(this, args);
    if (result instanceof Promise) return result.finally(add) as R;
    add();
    return result;
  };
}
const labelOf = (sql: unknown) => {
  const text = typeof sql === 'string' ? sql : String((sql as { text?: string })?.text ?? '');
  const words = text.replace(/\s+/g, ' ').trim();
  return `sql: ${words.slice(0, 70)}`;
};

async function main(): Promise<void> {
  const database = await createScratchDatabase(process.env.DATABASE_URL ?? '', 'bench_merge_profile');
  await runMigrations(database.url);
  const store = await createMetricsStore({
    databaseUrl: database.url,
    poolSize: 4,
    applicationName: 'profile',
  });
  try {
    const today = Date.UTC(2026, 10, 30);
    let offset = 0;
    const projectDays = (p: number, d: number) =>
      Array.from({ length: VISITORS }, (_, v): Omit<CountedEvent, 'offset'> => ({
        projectId: `6f1c2a7e-0000-4000-8000-${p.toString(16).padStart(12, '0')}`,
        date: new Date(today - d * 86_400_000).toISOString().slice(0, 10),
        type: 'page_view',
        visitorKey: BigInt(p * 1_000_003 + d * 1_009 + v) * 2_654_435_761n,
        sessionKey: BigInt(p * 1_000_003 + d * 1_009 + v) * 40_503n + 1n,
      }));
    const [outer, inner] = SEED_ORDER === 'days' ? [DAYS, PROJECTS] : [PROJECTS, DAYS];
    for (let o = 0; o < outer; o += 1) {
      const events: CountedEvent[] = [];
      for (let i = 0; i < inner; i += 1)
        for (const event of SEED_ORDER === 'days' ? projectDays(i, o) : projectDays(o, i))
          events.push({ ...event, offset: String(offset + events.length) });
      await store.applyBatch({
        groupId: 'profile',
        topic: 'profile',
        segments: [
          { partition: 0, firstOffset: String(offset), nextOffset: String(offset + events.length), events },
        ],
      });
      offset += events.length;
    }
    const marks = await store.sketchMarkStats();
    const clientQuery = Client.prototype.query as (...args: unknown[]) => unknown;
    (Client.prototype as unknown as { query: unknown }).query = function (this: Client, ...args: unknown[]) {
      return timed(labelOf(args[0]), clientQuery).apply(this, args);
    };
    const statics = DistinctSketch as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ['fromKeys', 'unionOfEncoded', 'decode']) statics[name] = timed(name, statics[name]);
    const proto = DistinctSketch.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    proto.encode = timed('encode', proto.encode);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const started = performance.now();
    let rounds = 0;
    for (;;) {
      const round = await store.mergeSketches();
      rounds += 1;
      if (round.status !== 'merged' || !round.more) break;
    }
    const total = performance.now() - started;
    loopDelay.disable();
    const lines = [
      `${marks.pending} marks merged in ${rounds} rounds, ${total.toFixed(0)} ms`,
      `event loop held: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, longest ${(loopDelay.max / 1e6).toFixed(0)} ms`,
    ];
    for (const [label, { ms, calls }] of [...spent].sort((a, b) => b[1].ms - a[1].ms))
      lines.push(`${ms.toFixed(0).padStart(7)} ms ${String(calls).padStart(6)}x  ${label}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await store.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
