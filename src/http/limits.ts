// Per-vendor concurrency and rate caps. Vendors publish them (Jamf: 5 connections; Graph: 200 writes per
// 20 s per tenant; Snipe-IT: 120 requests a minute): staying under them is cheaper than being throttled.

/** At most `max` tasks at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** At most `limit` starts in any sliding window of `windowMs`. */
export class SlidingWindowLimiter {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}
  /** Resolves when one more request may start. Calls are served in order. */
  acquire(): Promise<void> {
    const next = this.chain.then(async () => {
      for (;;) {
        const t = this.now();
        while (this.starts.length > 0 && this.starts[0]! <= t - this.windowMs) this.starts.shift();
        if (this.starts.length < this.limit) {
          this.starts.push(t);
          return;
        }
        await this.sleep(this.starts[0]! + this.windowMs - t + 1);
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
