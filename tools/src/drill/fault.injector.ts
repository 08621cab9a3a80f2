import type { SeededRandom } from '@metrics-store/testing';
import type { ConsumerFleet } from './consumer.fleet';
import type { DrillProducer } from './drill.producer';
import type { DrillServices } from './drill.services';

export type FaultKind =
  | 'consumer_killed'
  | 'kafka_restarted'
  | 'postgres_restarted'
  | 'postgres_killed'
  | 'consumer_added'
  | 'consumer_removed'
  | 'duplicates_resent';
export const FAULT_KINDS: readonly FaultKind[] = [
  'consumer_killed',
  'kafka_restarted',
  'postgres_restarted',
  'postgres_killed',
  'consumer_added',
  'consumer_removed',
  'duplicates_resent',
];

/** A fault and the share of the stream produced before it starts. */
export interface PlannedFault {
  at: number;
  kind: FaultKind;
}

const EXTRA_CONSUMER = 'consumer-3';
const RECOVERY_TIMEOUT_MS = 120_000;

/**
 * The full drill kills a consumer six times and PostgreSQL twice, and sends records again twice; the short one
 * does each kind once. All happen while producing.
 */
export function faultPlan(short: boolean): PlannedFault[] {
  const plan: [number, FaultKind][] = short
    ? [
        [0.1, 'consumer_killed'],
        [0.25, 'consumer_added'],
        [0.4, 'kafka_restarted'],
        [0.55, 'postgres_restarted'],
        [0.62, 'duplicates_resent'],
        [0.7, 'postgres_killed'],
        [0.85, 'consumer_removed'],
      ]
    : [
        [0.06, 'consumer_killed'],
        [0.12, 'consumer_added'],
        [0.2, 'consumer_killed'],
        [0.28, 'kafka_restarted'],
        [0.33, 'duplicates_resent'],
        [0.38, 'consumer_killed'],
        [0.44, 'postgres_restarted'],
        [0.5, 'postgres_killed'],
        [0.56, 'consumer_killed'],
        [0.64, 'consumer_removed'],
        [0.72, 'consumer_killed'],
        [0.78, 'postgres_killed'],
        [0.82, 'duplicates_resent'],
        [0.86, 'consumer_killed'],
      ];
  return plan.map(([at, kind]) => ({ at, kind }));
}

/** Carries out one fault at a time and counts what was done. */
export class FaultInjector {
  readonly injected = new Map<FaultKind, number>(FAULT_KINDS.map((kind) => [kind, 0]));

  constructor(
    private readonly services: DrillServices,
    private readonly fleet: ConsumerFleet,
    private readonly stream: DrillProducer,
    private readonly random: SeededRandom,
    private readonly log: (line: string) => void,
  ) {}

  async inject(kind: FaultKind): Promise<void> {
    const started = Date.now();
    let detail = '';
    switch (kind) {
      case 'consumer_killed': {
        const names = this.fleet.names();
        if (names.length === 0) throw new Error('No consumer is running to kill');
        const victim = this.random.pick(names);
        await this.fleet.kill(victim);
        await new Promise((resolve) => setTimeout(resolve, this.random.int(500, 3_000)));
        await this.fleet.start(victim);
        detail = victim;
        break;
      }
      case 'kafka_restarted':
        await this.services.restartKafka();
        break;
      case 'postgres_restarted':
        await this.services.restartPostgres(this.random.int(1_000, 3_000));
        break;
      case 'postgres_killed':
        // Every other crash waits for a commit to be acknowledged first: the commits most likely to be lost.
        detail = await this.services.killPostgres(
          this.random.int(500, 2_000),
          (this.injected.get(kind) ?? 0) % 2 === 0,
        );
        break;
      case 'consumer_added':
        await this.fleet.start(EXTRA_CONSUMER);
        break;
      case 'consumer_removed':
        await this.fleet.stop(EXTRA_CONSUMER);
        break;
      case 'duplicates_resent': {
        // An enricher crashed after producing its last records: they arrive again, as new records.
        const count = this.random.int(200, 2_000);
        await this.stream.resendRecent(count);
        detail = `${count} records`;
        break;
      }
    }
    this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
    const recovered = await this.fleet.waitReady(RECOVERY_TIMEOUT_MS).then(
      () => 'consumers ready again',
      () => `consumers not all ready after ${RECOVERY_TIMEOUT_MS / 1000} s`,
    );
    this.log(
      `fault ${kind}${detail ? ` (${detail})` : ''} done; ${recovered} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
