import type { Pool } from 'pg';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';
import type { SketchMarkScope, SketchMarkStats, SketchRebuildMarks } from '../metrics-store.types';

// Marks of the rebuild carry `rebuild`: keys may be gone, so the weeks and months of these days are recomputed
// from their day sketches rather than grown by them (sketch-merge.repository.ts). A flush's re-mark keeps it.
// Every day with keys, in the order flushes lock day marks. Its own transaction: it holds no other mark.
const MARK_DAYS_WITH_KEYS = `
  WITH marked AS (
    INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start, rebuild)
    SELECT d.project_id,
           CASE d.kind WHEN ${DISTINCT_KINDS.user.kind} THEN '${DISTINCT_KINDS.user.metric}'
                       ELSE '${DISTINCT_KINDS.session.metric}' END,
           'day', d.date, true
    FROM daily_distinct d
    WHERE $1::uuid IS NULL OR d.project_id = $1::uuid
    GROUP BY d.project_id, d.kind, d.date
    ORDER BY 1, 2, 4
    ON CONFLICT (project_id, metric_name, period, period_start)
    DO UPDATE SET version = nextval('distinct_sketch_mark_version'), rebuild = true
    RETURNING version
  )
  SELECT count(*)::int AS marked FROM marked`;

// The period of every stored sketch: one whose keys were removed is rebuilt (and removed) too.
const MARK_STORED_SKETCHES = `
  WITH marked AS (
    INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start, rebuild)
    SELECT s.project_id, s.metric_name, s.period, s.period_start, true
    FROM distinct_sketches s
    WHERE $1::uuid IS NULL OR s.project_id = $1::uuid
    ORDER BY s.period, s.project_id, s.metric_name, s.period_start
    ON CONFLICT (project_id, metric_name, period, period_start)
    DO UPDATE SET version = nextval('distinct_sketch_mark_version'), rebuild = true
    RETURNING version
  )
  SELECT count(*)::int AS marked FROM marked`;

const CURRENT_VERSION = `SELECT last_value::text AS up_to FROM distinct_sketch_mark_version`;

const MARK_STATS = `
  SELECT count(*)::int AS pending, COALESCE(extract(epoch FROM now() - min(marked_at)), 0)::float8 AS age
  FROM distinct_sketch_marks
  WHERE ($1::uuid IS NULL OR project_id = $1::uuid) AND ($2::bigint IS NULL OR version <= $2::bigint)`;

/** The marks of distinct_sketches: how many wait, and marking everything for a rebuild. */
export class SketchMarksRepository {
  constructor(private readonly pool: Pool) {}

  async stats(scope: SketchMarkScope = {}): Promise<SketchMarkStats> {
    const { rows } = await this.pool.query<{ pending: number; age: number }>(MARK_STATS, [
      scope.projectId ?? null,
      scope.upToVersion ?? null,
    ]);
    return { pending: rows[0].pending, oldestAgeSeconds: rows[0].age };
  }

  /**
   * Marks every day with keys and the period of every stored sketch (of one project, or all). Each statement
   * commits on its own, so a flush never waits for the whole marking.
   */
  async markAll(projectId?: string): Promise<SketchRebuildMarks> {
    let marked = 0;
    for (const statement of [MARK_DAYS_WITH_KEYS, MARK_STORED_SKETCHES]) {
      const { rows } = await this.pool.query<{ marked: number }>(statement, [projectId ?? null]);
      marked += rows[0].marked;
    }
    return { marked, upToVersion: await this.currentVersion() };
  }

  /** The sequence's value now: every mark made so far has a version at most this. */
  async currentVersion(): Promise<string> {
    const { rows } = await this.pool.query<{ up_to: string }>(CURRENT_VERSION);
    return rows[0].up_to;
  }
}
