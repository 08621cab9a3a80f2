import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../routes/openapi.document';

export const REPO_ROOT = join(__dirname, '../../../..');

/** A temporary folder holding the document as /v1/openapi.json serves it; `remove()` deletes the folder. */
export function writeOpenApiDocument(): { dir: string; file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-api-openapi-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 2));
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the command-line script of a package of node_modules (e.g. `@redocly/cli/bin/cli.js`) with this Node. */
export function runPackageCli(script: string, args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', script), ...args], {
    cwd: REPO_ROOT,
    // No telemetry or update check: the linter runs offline, in a test.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}
