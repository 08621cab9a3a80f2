/**
 * The signal of one read that several requests joined: it aborts once every request that joined with a
 * signal has aborted, and never if one joined without a signal.
 */
export class JoinedAbort {
  private readonly controller = new AbortController();
  private members = 0;
  private pinned = false;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  join(signal?: AbortSignal): void {
    if (!signal) {
      this.pinned = true;
      return;
    }
    this.members++;
    if (signal.aborted) this.leave();
    else signal.addEventListener('abort', () => this.leave(), { once: true });
  }

  private leave(): void {
    this.members--;
    if (this.members === 0 && !this.pinned) this.controller.abort();
  }
}
