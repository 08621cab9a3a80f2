import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedAnswer {
  /** 0 when the request failed without an answer (the error is in `error`). */
  status: number;
  ms: number;
  /** `Retry-After` in seconds, when the answer had one. */
  retryAfterSeconds?: number;
  error?: string;
}

/**
 * GET requests over keep-alive connections of their own (at most `connections` at once), timed from the
 * request's start to the last byte of its answer.
 */
export class BenchHttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  get(path: string): Promise<TimedAnswer> {
    const url = new URL(path, this.baseUrl);
    const started = performance.now();
    return new Promise((resolve) => {
      const call = request(
        url,
        { agent: this.agent, headers: { authorization: this.authorization } },
        (res) => {
          res.resume();
          res.on('end', () => {
            const retryAfter = Number(res.headers['retry-after']);
            resolve({
              status: res.statusCode ?? 0,
              ms: performance.now() - started,
              retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
            });
          });
        },
      );
      call.on('error', (error) =>
        resolve({ status: 0, ms: performance.now() - started, error: error.message }),
      );
      call.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** `connections` loops sending one request after another until `until` resolves; the answers given before. */
export async function closedLoop(
  connections: number,
  send: () => Promise<TimedAnswer>,
  until: Promise<void>,
  afterAnswer: (answer: TimedAnswer) => Promise<void> = async () => undefined,
): Promise<TimedAnswer[]> {
  let done = false;
  void until.then(() => (done = true));
  const answers: TimedAnswer[] = [];
  const loop = async () => {
    while (!done) {
      const answer = await send();
      if (done) return; // answered after the end: not counted
      answers.push(answer);
      await afterAnswer(answer);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return answers;
}
