import { isUuid } from '@metrics-store/metrics-contract';

export interface RebuildSketchesArgs {
  /** Lower-case UUID; undefined: every project. */
  projectId?: string;
}

/** `[--project <id>]` (or `--project=<id>`); anything else is a usage error with one line to show. */
export function parseRebuildSketchesArgs(
  argv: readonly string[],
): { ok: true; args: RebuildSketchesArgs } | { ok: false; error: string } {
  const args: RebuildSketchesArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag !== '--project')
      return {
        ok: false,
        error: `unknown option ${JSON.stringify(argv[i])}; usage: rebuild-sketches [--project <id>]`,
      };
    const value = inline ?? argv[++i];
    if (value === undefined || !isUuid(value)) {
      return {
        ok: false,
        error: `--project takes a project id (a UUID), got ${JSON.stringify(value ?? '')}`,
      };
    }
    if (args.projectId !== undefined) return { ok: false, error: '--project is given twice' };
    args.projectId = value.toLowerCase();
  }
  return { ok: true, args };
}
