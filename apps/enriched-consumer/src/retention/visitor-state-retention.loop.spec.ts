import pino from 'pino';
import { Registry } from 'prom-client';
import type { RetentionStep, RetentionStepResult } from '@metrics-store/metrics-db';
import { prometheusSample } from '@metrics-store/testing';
import { VisitorStateRetentionLoop } from './visitor-state-retention.loop';

const AFTER = { projectId: '6f1c2a7e-0000-4000-8000-00000000000a', date: '2025-10-01' };

describe('VisitorStateRetentionLoop', () => {
  const lines: { msg: string; keys?: number; sessions?: number; before?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  afterEach(() => (lines.length = 0));

  /** A store answering the steps in `script` order, then `done` with nothing removed. */
  function scriptedStore(script: (RetentionStepResult | Error)[]) {
    const steps: RetentionStep[] = [];
    return {
      steps,
      removeExpiredVisitorState: async (step: RetentionStep) => {
        steps.push(step);
        const next = script.shift() ?? { status: 'done', keysRemoved: 0, sessionsRemoved: 0 };
        if (next instanceof Error) throw next;
        return next;
      },
    };
  }

  const waitForSteps = async (store: { steps: unknown[] }, count: number) => {
    while (store.steps.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('runs steps until done, passing each one where the last stopped, from the first kept date less a day', async () => {
    const store = scriptedStore([
      { status: 'more', keysRemoved: 0, sessionsRemoved: 5, after: undefined },
      { status: 'more', keysRemoved: 7, sessionsRemoved: 0, after: AFTER },
      { status: 'done', keysRemoved: 3, sessionsRemoved: 0 },
    ]);
    const registry = new Registry();
    const loop = new VisitorStateRetentionLoop({
      store,
      logger,
      registry,
      retentionDays: 401,
      intervalMs: 600_000,
      stepPauseMs: 1,
      firstRunAfterMs: 1,
      today: () => '2026-12-07',
    });
    loop.start();
    await waitForSteps(store, 3);
    await loop.stop();
    // 2026-12-07 - 401 days = 2025-11-01, less the day of margin.
    expect(store.steps).toEqual([
      { before: '2025-10-31', after: undefined },
      { before: '2025-10-31', after: undefined },
      { before: '2025-10-31', after: AFTER },
    ]);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'visitor_state_removed', before: '2025-10-31', keys: 10, sessions: 5 }),
    ]);
    const text = await registry.metrics();
    expect(prometheusSample(text, 'enriched_consumer_visitor_state_removed_total{what="keys"}')).toBe(10);
    expect(prometheusSample(text, 'enriched_consumer_visitor_state_removed_total{what="sessions"}')).toBe(5);
  });

  it('leaves a run to the process that holds the lock, and a failed step to the next run, with a warning', async () => {
    const store = scriptedStore([{ status: 'busy' }, new Error('connection terminated')]);
    const loop = new VisitorStateRetentionLoop({
      store,
      logger,
      registry: new Registry(),
      retentionDays: 7,
      intervalMs: 5,
      firstRunAfterMs: 1,
      today: () => '2026-12-07',
    });
    loop.start();
    await waitForSteps(store, 3);
    await loop.stop();
    expect(store.steps.slice(0, 3).map((step) => step.after)).toEqual([undefined, undefined, undefined]);
    expect(lines.map((line) => line.msg)).toEqual(['visitor_state_removal_failed']);
  });
});
