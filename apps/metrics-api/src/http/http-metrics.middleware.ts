import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { declareMetrics } from '@metrics-store/runtime';
import { API_METRICS_PREFIX } from '../api.metrics';

/**
 * Request count and latency by route pattern (never the raw path: ids would explode the label set),
 * method and status.
 */
export function httpMetrics(registry: Registry): RequestHandler {
  const metric = declareMetrics(registry, API_METRICS_PREFIX);
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = metric.counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered',
    labelNames,
  });
  const duration = metric.histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
