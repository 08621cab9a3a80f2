import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The page's sources: HTML, CSS and the browser TypeScript. */
export const PAGE_SOURCE_DIR = join(__dirname, 'page');
const COPIED_FILES = ['index.html', 'favicon.svg'];

export interface PageFile {
  name: string;
  contents: Uint8Array;
}

/**
 * The files the browser loads: index.html and favicon.svg as they are, explore.js and explore.css bundled
 * by esbuild with uPlot inside. Everything comes from this server, nothing from a CDN. The same build
 * serves development (in memory, on the first request) and production (`nx run metrics-api:build-explore`).
 */
export async function buildExplorePage(): Promise<PageFile[]> {
  // Imported here so that the API bundle, which serves the prebuilt files in production, never loads esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { explore: join(PAGE_SOURCE_DIR, 'explore.main.ts') },
    outdir: join(PAGE_SOURCE_DIR, 'out'),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    charset: 'utf8',
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  });
  const bundled = result.outputFiles.map((file) => ({ name: basename(file.path), contents: file.contents }));
  const copied = await Promise.all(
    COPIED_FILES.map(async (name) => ({ name, contents: await readFile(join(PAGE_SOURCE_DIR, name)) })),
  );
  return [...copied, ...bundled];
}
