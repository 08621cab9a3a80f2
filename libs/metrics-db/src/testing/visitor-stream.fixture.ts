import { SeededRandom } from '@metrics-store/testing';
import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { Client } from 'pg';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';

/** How a project's visitors come and return: `newPerDay` first visits a day, and returns from a window. */
export interface StreamShape {
  projectId: string;
  from: string;
  days: number;
  /** New visitors a day (drawn from 0.5x to 1.5x). */
  newPerDay: number;
  /** Return visits a day (drawn from 0.5x to 1.5x), by visitors of the last `returnWindowDays` days. */
  returnsPerDay: number;
  returnWindowDays: number;
  /** At most this many visitors in all (returns only, once reached). */
  visitorLimit?: number;
  seed: number;
}

/** The known truth of a seeded stream: per day, the ids of its visitors and of its sessions. */
export interface SeededStream {
  shape: StreamShape;
  visitorsByDay: Uint32Array[];
  sessionsByDay: Uint32Array[];
  visitorCount: number;
  sessionCount: number;
}

const ROWS_PER_INSERT = 100_000;

const INSERT_KEYS = `
  INSERT INTO daily_distinct (project_id, date, kind, key)
  SELECT $1::uuid, $2::date + r.day, $3::smallint, r.key FROM unnest($4::int[], $5::bigint[]) AS r(day, key)`;

const INSERT_DAILY = `
  INSERT INTO daily_metrics (project_id, date, metric_name, metric_value)
  SELECT $1::uuid, $2::date + r.day, r.name, r.value FROM unnest($3::int[], $4::text[], $5::bigint[]) AS r(day, name, value)`;

function randomKeys(random: SeededRandom, count: number): BigInt64Array {
  const keys = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    const high = BigInt(Math.floor(random.next() * 2 ** 32));
    const low = BigInt(Math.floor(random.next() * 2 ** 32));
    keys[i] = BigInt.asIntN(64, (high << 32n) | low);
  }
  return keys;
}

/** The ids of the visitors of each day: first visits in order, returns drawn from the recent ones. */
function drawStream(shape: StreamShape, random: SeededRandom): SeededStream {
  const visitorsByDay: Uint32Array[] = [];
  const sessionsByDay: Uint32Array[] = [];
  const firstIdOfDay: number[] = [];
  let nextVisitor = 0;
  let nextSession = 0;
  let carried: number[] = [];
  const limit = shape.visitorLimit ?? Number.MAX_SAFE_INTEGER;
  for (let day = 0; day < shape.days; day++) {
    firstIdOfDay.push(nextVisitor);
    const visitors = new Set<number>();
    const fresh = Math.round(shape.newPerDay * (0.5 + random.next()));
    for (let i = 0; i < fresh && nextVisitor < limit; i++) visitors.add(nextVisitor++);
    const windowStart = firstIdOfDay[Math.max(0, day - shape.returnWindowDays)];
    const returns = Math.round(shape.returnsPerDay * (0.5 + random.next()));
    for (let i = 0; i < returns && nextVisitor > windowStart; i++)
      visitors.add(random.int(windowStart, nextVisitor - 1));
    // A session per visit, and now and then one that runs past midnight into the next day.
    const sessions = [...carried];
    carried = [];
    for (let i = 0; i < visitors.size; i++) {
      sessions.push(nextSession);
      if (random.chance(0.05)) carried.push(nextSession);
      nextSession++;
    }
    visitorsByDay.push(Uint32Array.from(visitors));
    sessionsByDay.push(Uint32Array.from(new Set(sessions)));
  }
  return { shape, visitorsByDay, sessionsByDay, visitorCount: nextVisitor, sessionCount: nextSession };
}

async function insertKeys(
  client: Client,
  shape: StreamShape,
  kind: number,
  byDay: Uint32Array[],
  keys: BigInt64Array,
) {
  let days: number[] = [];
  let values: string[] = [];
  const flush = async () => {
    if (days.length > 0) await client.query(INSERT_KEYS, [shape.projectId, shape.from, kind, days, values]);
    days = [];
    values = [];
  };
  for (let day = 0; day < byDay.length; day++) {
    for (const id of byDay[day]) {
      days.push(day);
      values.push(keys[id].toString());
      if (days.length === ROWS_PER_INSERT) await flush();
    }
  }
  await flush();
}

/**
 * Draws a stream of visitors and sessions with known truth and writes it as the consumer would have counted
 * it: the per-day keys (random 64-bit, as hashes are) in daily_distinct, and the exact daily values of
 * unique_users and sessions in daily_metrics. Big multi-row inserts: a year of a busy project in seconds.
 */
export async function seedVisitorStream(databaseUrl: string, shape: StreamShape): Promise<SeededStream> {
  const random = new SeededRandom(shape.seed);
  const stream = drawStream(shape, random);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    const sets = [
      [DISTINCT_KINDS.user.kind, stream.visitorsByDay, stream.visitorCount],
      [DISTINCT_KINDS.session.kind, stream.sessionsByDay, stream.sessionCount],
    ] as const;
    for (const [kind, byDay, count] of sets)
      await insertKeys(client, shape, kind, byDay, randomKeys(random, count));
    const days = stream.visitorsByDay.flatMap((_, day) => [day, day]);
    const names = stream.visitorsByDay.flatMap(() => ['unique_users', 'sessions']);
    const values = stream.visitorsByDay.flatMap((ids, day) => [ids.length, stream.sessionsByDay[day].length]);
    await client.query(INSERT_DAILY, [shape.projectId, shape.from, days, names, values]);
  } finally {
    await client.end();
  }
  return stream;
}

/** The ids seen on each day of [from, to] (none for a day outside the stream). */
function idsByDay(stream: SeededStream, metric: 'unique_users' | 'sessions', from: string, to: string) {
  const byDay = metric === 'unique_users' ? stream.visitorsByDay : stream.sessionsByDay;
  const first = toDayNumber(stream.shape.from);
  const days: Uint32Array[] = [];
  for (let day = toDayNumber(from); day <= toDayNumber(to); day++)
    days.push(byDay[day - first] ?? new Uint32Array(0));
  return days;
}

/** The true distinct count of a metric over [from, to]. */
export function trueDistinct(
  stream: SeededStream,
  metric: 'unique_users' | 'sessions',
  from: string,
  to: string,
) {
  const ids = new Set<number>();
  for (const day of idsByDay(stream, metric, from, to)) for (const id of day) ids.add(id);
  return ids.size;
}

/** The true daily values of a metric over [from, to], for the bounds a bucket must keep. */
export function trueDays(
  stream: SeededStream,
  metric: 'unique_users' | 'sessions',
  from: string,
  to: string,
) {
  return idsByDay(stream, metric, from, to).map((ids) => ids.length);
}

export const lastDayOf = (shape: StreamShape) => fromDayNumber(toDayNumber(shape.from) + shape.days - 1);
