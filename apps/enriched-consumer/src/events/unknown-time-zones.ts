import type { Gauge, Registry } from 'prom-client';
import { declareMetrics, type Logger } from '@metrics-store/runtime';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';

const LOG_EVERY_MS = 60_000;

/**
 * Projects whose stored time zone this process cannot resolve (a zone the API's ICU took that this Node's
 * does not know, after an upgrade or on another version, or a row written by hand). Their events count on UTC
 * dates meanwhile (docs/troubleshooting.md): an error line `unknown_time_zone` at most once a minute per
 * project, and a gauge of how many projects are in that state.
 */
export class UnknownTimeZones {
  private readonly loggedAt = new Map<string, number>();
  private readonly projects = new Set<string>();
  private readonly gauge: Gauge;

  constructor(
    private readonly logger: Logger,
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    this.gauge = declareMetrics(registry, CONSUMER_METRICS_PREFIX).gauge({
      name: 'projects_unknown_time_zone',
      help: 'Projects whose stored time zone this process cannot resolve; their events count on UTC dates.',
    });
  }

  /** The project's stored zone cannot be resolved: its events go on UTC dates. */
  unknown(projectId: string, timeZone: string): void {
    this.projects.add(projectId);
    this.gauge.set(this.projects.size);
    const now = this.now();
    if (now - (this.loggedAt.get(projectId) ?? -Infinity) < LOG_EVERY_MS) return;
    this.loggedAt.set(projectId, now);
    this.logger.error({ project_id: projectId, time_zone: timeZone, counted_in: 'UTC' }, 'unknown_time_zone');
  }

  /** The project's zone resolves (again). */
  resolved(projectId: string): void {
    if (!this.projects.delete(projectId)) return;
    this.loggedAt.delete(projectId);
    this.gauge.set(this.projects.size);
  }
}
