// The pace of chat.postMessage: one message per SLACK_POST_INTERVAL_MS per channel (Slack: about one per second per
// channel, short bursts allowed), for every bot process together when given the shared budgets (`slack:<channel>`
// rate budgets, src/db/budgets). Edits have a pace of their own (./update-pace.ts).
//
// Decision (docs/limits.md): the gap counts from the START of each call, as the shared budget does. Counted from
// its end, the bot's own cost per message (claim, shared budget, HTTP, mark sent: 40–90 ms measured) and Slack's
// answer time were added to every gap; now they overlap it. The 10 % margin of the default (1,100 ms for Slack's
// one second) is what guards against travel-time jitter: two calls that start 1.1 s apart reach Slack about
// 1.1 s apart, give or take the difference of their travel times.
//
// Decision (issue 16): a 429 says that margin was not enough — the event loop stalled between taking a slot and the
// request leaving (a busy process, a loaded machine), so two posts reached Slack closer than the pace. Honouring
// Retry-After alone leaves the pace as it was and the next stall gets another 429. So a 429 also widens that
// channel's interval by WIDEN_STEP (stacking up to WIDEN_MAX) for about a minute, after which the widening fades
// out over another minute. Both spans are counted in intervals (WIDEN_INTERVALS), so they scale with the pace
// (the bulk benchmark's TIME_SCALE). A widened slot is also taken that much longer in the shared budget, so the
// other processes' next post waits for it too.
import type { SharedBudgets } from '../../http/limits';

/** how much one 429 widens the channel's interval (a fraction of SLACK_POST_INTERVAL_MS) */
export const WIDEN_STEP = 0.25;
/** the most the widenings of repeated 429s add up to: twice the interval */
export const WIDEN_MAX = 1;
/** how long the widening stays whole, then how long it takes to fade, in intervals: about a minute each at 1.1 s */
export const WIDEN_INTERVALS = 55;

interface Widening {
  /** the fraction added to the interval at its whole */
  extra: number;
  /** when the last 429 came (ms) */
  at: number;
}

export class PostPace {
  /** per channel: when the next post may start (this process) */
  private readonly nextSlot = new Map<string, number>();
  /** per channel: the interval's widening after a 429 (none: the plain interval) */
  private readonly widened = new Map<string, Widening>();

  constructor(
    private readonly intervalMs: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly shared?: SharedBudgets,
    private readonly now: () => number = Date.now,
  ) {}

  /** The channel's interval now: SLACK_POST_INTERVAL_MS, widened for a while after a 429. */
  intervalOf(channel: string): number {
    const extra = this.extraOf(channel);
    return extra > 0 ? Math.round(this.intervalMs * (1 + extra)) : this.intervalMs;
  }

  /** The widening's fraction now: whole for WIDEN_INTERVALS after the last 429, then fading linearly to none. */
  private extraOf(channel: string): number {
    const w = this.widened.get(channel);
    if (!w || this.intervalMs <= 0) return 0;
    const span = this.intervalMs * WIDEN_INTERVALS;
    const fading = (this.now() - w.at - span) / span;
    if (fading >= 1) {
      this.widened.delete(channel);
      return 0;
    }
    return w.extra * Math.min(1, 1 - fading);
  }

  /** Waits until one more post to `channel` may start, and takes that slot (from now: the call's start). */
  async acquire(channel: string): Promise<void> {
    // looked at again after each sleep: another post of this process (sendNow beside the dispatcher) may have taken
    // the slot meanwhile, and it is taken without an await in between
    for (;;) {
      const wait = (this.nextSlot.get(channel) ?? 0) - this.now();
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    const interval = this.intervalOf(channel);
    this.nextSlot.set(channel, this.now() + interval);
    if (!this.shared || interval <= 0) return;
    await this.shared.rate(`slack:${channel}`, 1, interval).acquire();
    // the shared slot may have come later (another process posted): the call starts now; a 429's hold stands
    this.nextSlot.set(channel, Math.max(this.nextSlot.get(channel) ?? 0, this.now() + interval));
  }

  /** Slack said 429 to a post in `channel`: no post there before Retry-After has passed, and the channel's interval
   *  is widened for a while (see the decision above). */
  holdFor(channel: string, ms: number): void {
    this.nextSlot.set(channel, Math.max(this.nextSlot.get(channel) ?? 0, this.now() + ms));
    if (this.intervalMs <= 0) return;
    const extra = Math.min(WIDEN_MAX, this.extraOf(channel) + WIDEN_STEP);
    this.widened.set(channel, { extra, at: this.now() });
  }
}
