import { parseArgs } from 'node:util';
import { isUuid } from '@metrics-store/metrics-contract';

export interface RebuildSketchesArgs {
  /** Lower-case UUID; undefined: every project. */
  projectId?: string;
}

const USAGE = 'usage: rebuild-sketches [--project <id>]';

/** `[--project <id>]` (or `--project=<id>`); anything else is a usage error with one line to show. */
export function parseRebuildSketchesArgs(
  argv: readonly string[],
): { ok: true; args: RebuildSketchesArgs } | { ok: false; error: string } {
  let values: { project?: string[] };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { project: { type: 'string', multiple: true } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, error: `${(error as Error).message}; ${USAGE}` };
  }
  const projects = values.project ?? [];
  if (projects.length > 1) return { ok: false, error: '--project is given twice' };
  const [projectId] = projects;
  if (projectId === undefined) return { ok: true, args: {} };
  if (!isUuid(projectId))
    return { ok: false, error: `--project takes a project id (a UUID), got ${JSON.stringify(projectId)}` };
  return { ok: true, args: { projectId: projectId.toLowerCase() } };
}
