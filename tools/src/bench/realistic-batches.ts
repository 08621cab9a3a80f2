import type { CountedEvent, MetricsBatch } from '@metrics-store/metrics-db';
import { SeededRandom } from '@metrics-store/testing';
import { TrafficGenerator } from '../traffic/traffic.generator';

const HOUR_MS = 3_600_000;
const PARTITIONS = 4;

/** A 64-bit FNV-1a of a visitor or session id, standing in for the consumer's hash (signed, as BIGINT). */
function hash64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++)
    h = BigInt.asUintN(64, (h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return BigInt.asIntN(64, h);
}

/** Zipf-like project sizes: the project of rank r weighs 1 / r. */
export function zipfProjects(count: number, seed: number): { id: string; weight: number }[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, rank) => ({ id: random.uuid(), weight: 1 / (rank + 1) }));
}

/**
 * Batches of the realistic scenario: `projects` projects of Zipf-like sizes, sessions of 1 to 5 events,
 * visitors coming back, a few late events; the clock moves `hoursPerBatch` per batch, so visitors return on
 * later days. Deterministic for a seed.
 */
export function realisticBatches(options: {
  projects: number;
  eventsPerBatch: number;
  hoursPerBatch: number;
  seed: number;
  startMs: number;
}): (iteration: number) => MetricsBatch {
  const generator = new TrafficGenerator({
    seed: options.seed,
    projects: zipfProjects(options.projects, options.seed),
    historyDays: 0,
    lateShare: 0.02,
    lateHours: [1, 30],
    invalidShare: 0,
    concurrentSessions: 2_000,
    sessionEvents: [1, 5],
  });
  const hashes = new Map<string, bigint>();
  const keyOf = (id: string | null) => {
    if (id === null) return null;
    let key = hashes.get(id);
    if (key === undefined) hashes.set(id, (key = hash64(id)));
    return key;
  };
  let offset = 0;
  return (iteration) => {
    const nowMs = options.startMs + iteration * options.hoursPerBatch * HOUR_MS;
    const byPartition: CountedEvent[][] = Array.from({ length: PARTITIONS }, () => []);
    for (let i = 0; i < options.eventsPerBatch; i++) {
      const step = nowMs + (i * options.hoursPerBatch * HOUR_MS) / options.eventsPerBatch;
      const record = generator.next(step);
      const outcome = record.outcome;
      if (!outcome.valid) continue;
      const events = byPartition[(record.key.charCodeAt(0) + record.key.charCodeAt(1)) % PARTITIONS];
      events.push({
        offset: String(offset + events.length),
        projectId: outcome.projectId,
        date: new Date(outcome.instantMs).toISOString().slice(0, 10),
        type: outcome.type,
        instantMs: outcome.instantMs,
        visitorKey: keyOf(outcome.visitor),
        sessionKey: keyOf(outcome.session),
      });
    }
    const segments = byPartition.map((events, partition) => ({
      partition,
      firstOffset: String(offset),
      nextOffset: String(offset + events.length),
      events,
    }));
    offset += options.eventsPerBatch;
    return { groupId: 'bench-realistic', topic: 'events.enriched', segments };
  };
}
