// Acks first. Slack waits 3 s for an ack, but a response_url stays valid for 30 minutes and a modal's trigger_id
// for 3 s after the click; yet the work that follows an ack (look-ups, respond(), views.open) ran on the same event
// loop as the requests still arriving, and under a burst of 200 commands it pushed the last acks back. So the
// receiver counts the requests that have arrived and not yet been answered, and the post-ack caps
// (SlackRuntime.background / .modals) start a task only once that count has been zero for a moment — or after a
// bounded wait, so a steady stream of requests cannot starve them. Socket Mode does not count (nothing to wait for).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Semaphore } from '../../http/limits';

/** How long no request must have been waiting before post-ack work starts: a burst reaches the bot in waves (as its
 *  connections open), and the gaps between them are shorter than this. */
export const SETTLE_MS = 30;

export class PendingAcks {
  private count = 0;
  /** when the count last fell to zero */
  private quietSince = 0;
  private settle: NodeJS.Timeout | undefined;
  private readonly waiting = new Set<() => void>();

  /** Counts one request until its response is finished (or its connection closed). */
  track(_req: IncomingMessage, res: ServerResponse): void {
    this.count++;
    if (this.settle) clearTimeout(this.settle);
    this.settle = undefined;
    let done = false;
    const leave = () => {
      if (done) return;
      done = true;
      if (--this.count > 0) return;
      this.quietSince = Date.now();
      this.settle = setTimeout(() => {
        this.settle = undefined;
        for (const wake of [...this.waiting]) wake();
      }, SETTLE_MS);
    };
    res.once('finish', leave);
    res.once('close', leave);
  }

  /** Resolves once no request has been waiting for its answer for SETTLE_MS, or after `maxWaitMs` at most. */
  quiet(maxWaitMs: number): Promise<void> {
    if (this.count === 0 && !this.settle && Date.now() - this.quietSince >= SETTLE_MS) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, maxWaitMs);
      this.waiting.add(wake);
    });
  }
}

/** A post-ack cap whose tasks wait for the pending acks (above) before they start. */
export class AfterAcks extends Semaphore {
  constructor(
    max: number,
    private readonly acks: PendingAcks,
    private readonly maxWaitMs: number,
  ) {
    super(max);
  }

  override run<T>(task: () => Promise<T>): Promise<T> {
    return super.run(async () => {
      await this.acks.quiet(this.maxWaitMs);
      return task();
    });
  }
}
