// Work that follows an ack (look-ups, respond(), starting workflows) runs through this small queue with a
// concurrency cap. Why: the database driver for SQLite is synchronous, so 200 slow listeners at once would
// starve the event loop and delay the acks of the requests still arriving; acks come first.
export class BackgroundQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly all = new Set<Promise<unknown>>();

  constructor(private readonly concurrency = 4) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const p = (async () => {
      if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.running++;
      try {
        return await work();
      } finally {
        this.running--;
        this.waiting.shift()?.();
      }
    })();
    this.all.add(p);
    void p.finally(() => this.all.delete(p)).catch(() => undefined);
    return p;
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.all.size) await Promise.allSettled([...this.all]);
  }
}
