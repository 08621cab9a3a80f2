import { readFileSync } from 'node:fs';

/**
 * The `ENV` settings of a Dockerfile's last stage (the image that runs), as `KEY=value` pairs: the benchmarks
 * start the app with them, so that what they measure (memory above all) is what the image runs.
 */
export function imageEnv(dockerfileText: string): Record<string, string> {
  const stages = dockerfileText.split(/^FROM\s/m);
  const env: Record<string, string> = {};
  for (const line of stages[stages.length - 1].split('\n')) {
    const match = /^ENV\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)\s*$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/** imageEnv of the Dockerfile at `path`. */
export const imageEnvOf = (path: string) => imageEnv(readFileSync(path, 'utf8'));
