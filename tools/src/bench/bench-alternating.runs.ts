import autocannon from 'autocannon';

export interface AlternatingRuns {
  /** Requests per second of each round, per URL, in the order given. */
  rps: [number[], number[]];
  /** Answers other than 2xx, errors and timeouts over every round. */
  failures: number;
}

/**
 * Two URLs measured in turns (first, second, first, ...), `rounds` times each: on a machine whose load drifts
 * (other work on the same cores), both sides of the comparison then see the same drift.
 */
export async function alternatingRuns(options: {
  urls: [string, string];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  rounds: number;
}): Promise<AlternatingRuns> {
  const { urls, headers, connections, seconds, rounds } = options;
  const rps: [number[], number[]] = [[], []];
  let failures = 0;
  for (let round = 0; round < rounds; round++) {
    for (const side of [0, 1] as const) {
      const run = await autocannon({ url: urls[side], headers, connections, duration: seconds });
      rps[side].push(run.requests.average);
      failures += run.non2xx + run.errors + run.timeouts;
    }
  }
  return { rps, failures };
}
