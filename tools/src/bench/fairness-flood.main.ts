import { setTimeout as sleep } from 'node:timers/promises';
import { fromDayNumber } from '@metrics-store/metrics-contract';
import { BenchHttpClient, closedLoop } from './bench-http.client';

/**
 * What the fairness benchmark hands its flood, which runs in a process of its own (forked with an IPC channel)
 * until told to stop, then sends back its answers.
 */
export interface FloodOrder {
  baseUrl: string;
  authorization: string;
  projectId: string;
  connections: number;
  honourRetryAfter: boolean;
  /** Day numbers: each read starts on another day of [firstDay, lastStartDay] and spans a year. */
  firstDay: number;
  lastStartDay: number;
}

// Its own process: the flood's thousands of answers a second must not delay the victim's measurements.
async function flood(order: FloodOrder): Promise<void> {
  const client = new BenchHttpClient(order.baseUrl, order.authorization, order.connections);
  let next = 0;
  const path = () => {
    const from = order.firstDay + (next++ % (order.lastStartDay - order.firstDay + 1));
    return `/v1/projects/${order.projectId}/metrics?from=${fromDayNumber(from)}&to=${fromDayNumber(from + 364)}&metrics=unique_users&granularity=week`;
  };
  const stopped = new Promise<void>((resolve) => process.once('message', () => resolve()));
  const answers = await closedLoop(
    order.connections,
    () => client.get(path()),
    stopped,
    async (answer) => {
      if (order.honourRetryAfter && answer.retryAfterSeconds !== undefined) {
        await sleep(answer.retryAfterSeconds * 1000);
      }
    },
  );
  client.close();
  process.send?.(answers, () => process.exit(0));
}

// Without the benchmark there is nobody to stop the flood or take its answers.
process.once('disconnect', () => process.exit(1));
flood(JSON.parse(process.argv[2]) as FloodOrder).catch((error: unknown) => {
  process.stderr.write(`flood failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
