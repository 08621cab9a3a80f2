/**
 * A step the consumer repeats beside the counting (the sketch merger, the removal of expired visitor state):
 * `step` runs, then the loop pauses for the milliseconds it returns, until `stop`, which cuts a pause short and
 * waits for the step in flight. A step must not throw: it says what failed itself and the loop goes on.
 */
export class BackgroundLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly step: () => Promise<number>) {}

  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ends the loop after the step in flight; idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const pauseMs = await this.step();
      if (!this.running) break;
      await this.pause(pauseMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
