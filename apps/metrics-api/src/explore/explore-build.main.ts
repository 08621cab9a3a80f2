/**
 * `nx run metrics-api:build-explore`: writes the page's files to a folder, which the API's production build
 * copies next to main.js (see README.md in this folder).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildExplorePage } from './explore-page.build';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: explore-build.main.ts <output folder>');
  const outDir = resolve(target);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const files = await buildExplorePage();
  for (const file of files) {
    await writeFile(join(outDir, file.name), file.contents);
    process.stdout.write(`${join(target, file.name)}  ${(file.contents.byteLength / 1024).toFixed(1)} KiB\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`explore build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
