import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { PageFile } from './explore-page.build';

export interface ExploreAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** The page's files by name: index.html, explore.js, explore.css, favicon.svg. */
export type ExploreAssets = ReadonlyMap<string, ExploreAsset>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Where the production build puts the page: `explore/` beside the bundled main.js. From source (npm start
 * through tsx, the tests through ts-jest) this folder does not exist and the page is built on demand.
 */
export const PREBUILT_DIR = join(__dirname, 'explore');

async function readPrebuilt(dir: string): Promise<PageFile[]> {
  const names = await readdir(dir);
  return Promise.all(names.map(async (name) => ({ name, contents: await readFile(join(dir, name)) })));
}

async function buildFromSource(): Promise<PageFile[]> {
  const { buildExplorePage } = await import('./explore-page.build');
  return buildExplorePage();
}

/** The page's files, read once into memory with their ETags: a few tens of KiB. */
export async function loadExploreAssets(dir = PREBUILT_DIR): Promise<ExploreAssets> {
  const files = existsSync(join(dir, 'index.html')) ? await readPrebuilt(dir) : await buildFromSource();
  const assets = new Map<string, ExploreAsset>();
  for (const file of files) {
    const contentType = CONTENT_TYPES[extname(file.name)];
    if (!contentType) continue;
    const body = Buffer.from(file.contents);
    assets.set(file.name, {
      body,
      contentType,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    });
  }
  return assets;
}
