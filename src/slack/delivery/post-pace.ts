// The pace of chat.postMessage: one message per SLACK_POST_INTERVAL_MS per channel (Slack: about one per second per
// channel, short bursts allowed), for every bot process together when given the shared budgets (`slack:<channel>`
// rate budgets, src/db/budgets). Edits have a pace of their own (./update-pace.ts).
//
// Decision (docs/limits.md): the gap counts from the START of each call, as the shared budget does. Counted from
// its end, the bot's own cost per message (claim, shared budget, HTTP, mark sent: 40–90 ms measured) and Slack's
// answer time were added to every gap; now they overlap it. The 10 % margin of the default (1,100 ms for Slack's
// one second) is what guards against travel-time jitter: two calls that start 1.1 s apart reach Slack about
// 1.1 s apart, give or take the difference of their travel times.
import type { SharedBudgets } from '../../http/limits';

export class PostPace {
  /** per channel: when the next post may start (this process) */
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly shared?: SharedBudgets,
  ) {}

  /** Waits until one more post to `channel` may start, and takes that slot (from now: the call's start). */
  async acquire(channel: string): Promise<void> {
    // looked at again after each sleep: another post of this process (sendNow beside the dispatcher) may have taken
    // the slot meanwhile, and it is taken without an await in between
    for (;;) {
      const wait = (this.nextSlot.get(channel) ?? 0) - Date.now();
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    this.nextSlot.set(channel, Date.now() + this.intervalMs);
    if (!this.shared || this.intervalMs <= 0) return;
    await this.shared.rate(`slack:${channel}`, 1, this.intervalMs).acquire();
    // the shared slot may have come later (another process posted): the call starts now; a 429's hold stands
    this.nextSlot.set(channel, Math.max(this.nextSlot.get(channel) ?? 0, Date.now() + this.intervalMs));
  }

  /** Slack said 429 to a post in `channel`: no post there before Retry-After has passed. */
  holdFor(channel: string, ms: number): void {
    this.nextSlot.set(channel, Math.max(this.nextSlot.get(channel) ?? 0, Date.now() + ms));
  }
}
