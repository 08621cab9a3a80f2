import type { PoolClient } from 'pg';
import type { SketchPeriod } from '../domain/sketch-periods.util';
import { UPSERT_SKETCHES } from './sketch-merge.statements';

/** A sketch to store: where it goes (period_start as a day number) and its bytes. */
export interface SketchToWrite {
  projectId: string;
  metricName: string;
  period: SketchPeriod;
  start: number;
  sketch: Uint8Array;
}

/**
 * Stores the sketches (insert or replace) in one statement; the number of rows written. Their bytes travel
 * as one binary parameter and their lengths as an array: node-postgres sends a Buffer parameter as binary,
 * where a bytea[] parameter goes as a text array of hex, twice the bytes, which PostgreSQL then parses
 * (a merge round of 8,000 small sketches spent 170-350 ms binding it).
 */
export async function upsertSketches(client: PoolClient, sketches: SketchToWrite[]): Promise<number> {
  if (sketches.length === 0) return 0;
  const bytes = Buffer.concat(sketches.map((s) => s.sketch));
  const result = await client.query(UPSERT_SKETCHES, [
    sketches.map((s) => s.projectId),
    sketches.map((s) => s.metricName),
    sketches.map((s) => s.period),
    sketches.map((s) => s.start),
    sketches.map((s) => s.sketch.length),
    bytes,
  ]);
  return result.rowCount ?? 0;
}
