import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';
import { createLogger } from '@metrics-store/runtime';
import { errorHandler, notFoundHandler } from '../http/error.middleware';
import { requestLogger } from '../http/request-logger.middleware';
import { loadExploreAssets, type ExploreAssets } from './explore-assets.loader';
import { EXPLORE_CONTENT_SECURITY_POLICY, createExploreRouter } from './explore.routes';

const P = '6f1c2a7e-0000-4000-8000-000000000001';

function appServing(load: () => Promise<ExploreAssets>): express.Express {
  const app = express();
  app.use(requestLogger(createLogger({ name: 'explore-test', level: 'silent' })));
  app.use(createExploreRouter(load));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

describe('GET /explore and its assets', () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());

  it('serves the page under a strict CSP, with no inline script or style', async () => {
    const res = await request(fx.app).get('/explore');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const html = res.text;
    expect(html).toContain('<script defer src="/explore/assets/explore.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/explore/assets/explore.css" />');
    // Every script has a src and is empty, there is no <style> and no style attribute, nothing absolute.
    expect(html.match(/<script\b[^>]*>([\s\S]*?)<\/script>/g)).toEqual([
      '<script defer src="/explore/assets/explore.js"></script>',
    ]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('bundles the script (uPlot inside) and the stylesheet, each with the same headers', async () => {
    const js = await request(fx.app).get('/explore/assets/explore.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(EXPLORE_CONTENT_SECURITY_POLICY);
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.text).toContain('"u-legend"');
    expect(js.text).not.toMatch(/\bimport\s*\(|\brequire\(/);
    const css = await request(fx.app).get('/explore/assets/explore.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('.u-legend');
    expect(css.text).toContain('prefers-color-scheme:dark');
    expect(css.text).not.toMatch(/@import|url\((['"]?)(https?:)?\/\//);
  });

  it('answers 304 to a matching ETag and asks browsers to revalidate', async () => {
    const first = await request(fx.app).get('/explore/assets/explore.js');
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await request(fx.app)
      .get('/explore/assets/explore.js')
      .set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
  });

  it('answers unknown assets with the API error shape, and the page only at /explore', async () => {
    for (const path of [
      '/explore/assets/nope.js',
      '/explore/assets/index.html',
      '/explore/assets/..%2Fmain.ts',
    ]) {
      const res = await request(fx.app).get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it("leaves the JSON API's own headers as they are", async () => {
    const res = await request(fx.app)
      .get(`/v1/projects/${P}/metric-names?from=2026-01-01&to=2026-01-02`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('private, max-age=0, must-revalidate');
  });
});

describe('explore assets in production', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'explore-prebuilt-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves the prebuilt folder beside main.js as it is, without building anything', async () => {
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>prebuilt</title>');
    await writeFile(join(dir, 'explore.js'), 'void "prebuilt";');
    await writeFile(join(dir, 'notes.txt'), 'not an asset type');
    const app = appServing(() => loadExploreAssets(dir));
    expect((await request(app).get('/explore')).text).toBe('<!doctype html><title>prebuilt</title>');
    expect((await request(app).get('/explore/assets/explore.js')).text).toBe('void "prebuilt";');
    expect((await request(app).get('/explore/assets/notes.txt')).status).toBe(404);
  });

  it('answers a failed load as internal and tries again on the next request', async () => {
    let calls = 0;
    const app = appServing(async () => {
      calls += 1;
      if (calls === 1) throw new Error('bundle missing');
      return loadExploreAssets(dir);
    });
    const failed = await request(app).get('/explore');
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('internal');
    expect((await request(app).get('/explore')).status).toBe(200);
    expect(calls).toBe(2);
  });
});
