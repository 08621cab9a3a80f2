import { Router, type Response } from 'express';
import { loadExploreAssets, type ExploreAsset, type ExploreAssets } from './explore-assets.loader';

/**
 * No inline script or style, nothing from another origin: the page, its bundle and the API calls all come
 * from this server, and the page cannot be framed or submit its form elsewhere.
 */
export const EXPLORE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_FILE = 'index.html';

function send(res: Response, asset: ExploreAsset): void {
  res.set({
    'Content-Security-Policy': EXPLORE_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Fixed names: a browser keeps a copy but asks each time, and gets 304 while the ETag matches.
    'Cache-Control': 'no-cache',
    'Content-Type': asset.contentType,
    ETag: asset.etag,
  });
  res.send(asset.body);
}

/**
 * `GET /explore` (the page) and `GET /explore/assets/{file}` (its script, stylesheet and icon). Public,
 * like the docs: they hold no data; the page reads the metrics with the token the person pastes.
 */
export function createExploreRouter(load: () => Promise<ExploreAssets> = loadExploreAssets): Router {
  let loading: Promise<ExploreAssets> | undefined;
  // Loaded on the first request, once; a failed build is tried again by the next request.
  const assets = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));

  const router = Router();
  router.get('/explore', async (_req, res) => {
    const page = (await assets()).get(PAGE_FILE);
    if (!page) throw new Error('The explore page was built without index.html');
    send(res, page);
  });
  router.get('/explore/assets/:file', async (req, res, next) => {
    const asset = req.params.file === PAGE_FILE ? undefined : (await assets()).get(req.params.file);
    if (!asset) return next();
    send(res, asset);
  });
  return router;
}
