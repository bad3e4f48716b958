// Concurrency and rate caps. Vendors publish theirs (Jamf: 5 connections; Graph: 200 writes per 20 s per
// tenant; Snipe-IT: 120 requests a minute): staying under them is cheaper than being throttled. The Semaphore is
// also the Slack layer's cap on work after an ack (src/slack/runtime.ts), so there is one limiter, not two.

/**
 * At most `max` tasks at once; the rest wait in order. The one concurrency limiter of the code base: vendor
 * calls (HttpClient) and the Slack layer's post-ack work (SlackRuntime.background / .modals) both use it.
 */
/** Runs tasks under a concurrency cap: a Semaphore in one process, a shared one across processes (src/db/budgets). */
export interface ConcurrencyCap {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Admits starts under a rate cap: a SlidingWindowLimiter in one process, a shared one across processes. */
export interface RateCap {
  /** resolves when one more request may start */
  acquire(): Promise<void>;
}

/**
 * Caps shared by every bot process (through the database), keyed by what they protect ("jamf:connections"). The
 * HTTP client applies them on top of its own per-process caps, so a process never holds more than its share
 * locally while it waits for a shared slot.
 */
export interface SharedBudgets {
  concurrency(key: string, max: number, holdForMs: number): ConcurrencyCap;
  rate(key: string, limit: number, windowMs: number): RateCap;
}

export class Semaphore implements ConcurrencyCap {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** every task queued or running, so idle() can wait for them */
  private readonly inFlight = new Set<Promise<unknown>>();
  constructor(private readonly max: number) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    const p = this.limited(task);
    this.inFlight.add(p);
    // the caller handles the task's own rejection; this branch only forgets the promise
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Resolves when nothing is queued or running, including tasks started meanwhile (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
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
export class SlidingWindowLimiter implements RateCap {
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
