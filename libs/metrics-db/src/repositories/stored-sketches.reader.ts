import type { PoolClient } from 'pg';
import { arrayRows, bytesOfBase64 } from '../pg/array-rows';
import { READ_SKETCHES } from './sketch-merge.statements';

/** Where a sketch is stored: its project, metric, period, and period_start as a day number. */
export interface SketchPlace {
  projectId: string;
  metricName: string;
  period: string;
  start: number;
}

/** The stored bytes of each place, in the order given; undefined where nothing is stored. */
export async function storedSketches(
  client: PoolClient,
  places: readonly SketchPlace[],
): Promise<(Buffer | undefined)[]> {
  const stored = new Array<Buffer | undefined>(places.length);
  const rows = await arrayRows<[number, string]>(client, READ_SKETCHES, [
    places.map((p) => p.projectId),
    places.map((p) => p.metricName),
    places.map((p) => p.period),
    places.map((p) => p.start),
  ]);
  for (const [ord, sketch] of rows) stored[ord - 1] = bytesOfBase64(sketch);
  return stored;
}
