import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { buildOpenApiDocument } from './openapi.document';

/** `GET /v1/openapi.json` and the rendered reference at `GET /docs`. Public: they hold no data. */
export function createDocsRouter(): Router {
  const document = buildOpenApiDocument();
  const router = Router();
  router.get('/v1/openapi.json', (_req, res) => {
    res.json(document);
  });
  // The page loads its assets by relative URLs, which resolve under /docs/ only.
  router.get('/docs', (req, res, next) =>
    req.originalUrl.split('?')[0].endsWith('/') ? next() : res.redirect(301, '/docs/'),
  );
  router.use('/docs', swaggerUi.serve);
  router.get('/docs', swaggerUi.setup(document, { customSiteTitle: 'Metrics API' }));
  return router;
}
