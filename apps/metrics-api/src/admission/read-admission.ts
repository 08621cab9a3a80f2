import type { Registry } from 'prom-client';
import { declareMetrics } from '@metrics-store/runtime';
import { API_METRICS_PREFIX } from '../api.metrics';
import { READ_REJECTIONS } from './read-rejected.error';
import { ReadScheduler, type ReadSchedulerOptions } from './read.scheduler';

/** The scheduler of the API's database reads, with its state exported as Prometheus metrics. */
export function createReadAdmission(options: ReadSchedulerOptions, registry: Registry): ReadScheduler {
  const metric = declareMetrics(registry, API_METRICS_PREFIX);
  const rejected = metric.counter({
    name: 'reads_rejected_total',
    help: 'Database reads refused before they started, by reason (queue_full: 429, queue_timeout: 503, client_gone)',
    labelNames: ['reason'],
  });
  for (const reason of READ_REJECTIONS) rejected.inc({ reason }, 0);
  const waited = metric.histogram({
    name: 'read_wait_seconds',
    help: 'Time database reads waited for their turn before they started',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
  });
  const scheduler = new ReadScheduler(options, {
    started: (waitedMs) => waited.observe(waitedMs / 1000),
    rejected: (reason) => rejected.inc({ reason }),
  });
  metric.gauge({
    name: 'read_queue_depth',
    help: 'Database reads waiting for their turn, all projects together',
    collect() {
      this.set(scheduler.waiting);
    },
  });
  metric.gauge({
    name: 'read_queue_projects',
    help: 'Projects (and the admin routes) with database reads waiting for their turn',
    collect() {
      this.set(scheduler.waitingLanes);
    },
  });
  metric.gauge({
    name: 'reads_running',
    help: 'Database reads running now',
    collect() {
      this.set(scheduler.running);
    },
  });
  return scheduler;
}
