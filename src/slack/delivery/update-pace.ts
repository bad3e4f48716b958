// The pace of chat.update, apart from the pace of posting. Slack limits the two differently: chat.postMessage about
// one message per second per channel, chat.update as a Tier 3 method — 50+ calls a minute per method, per app, per
// workspace, sporadic bursts welcome (docs/limits.md). So edits do not queue behind a channel's posts: they have
// their own budget, `limit` calls in any `windowMs`, counted
// - in this process (a sliding window in memory), and
// - for every bot process together when given the shared budgets (the `slack:updates` rate budget, src/db/budgets).
// A 429 on an edit holds every edit back for its Retry-After (the limit is the workspace's, not one channel's).
import type { SharedBudgets } from '../../http/limits';

export interface UpdateRate {
  /** calls allowed in any window (SLACK_UPDATE_RATE_LIMIT) */
  limit: number;
  /** the window (SLACK_UPDATE_RATE_WINDOW_MS) */
  windowMs: number;
}

/** Tier 3 is "50+ per minute"; the window has the same 10 % margin for travel time as SLACK_POST_INTERVAL_MS. */
export const DEFAULT_UPDATE_RATE: UpdateRate = { limit: 50, windowMs: 66_000 };

export const SHARED_UPDATE_BUDGET = 'slack:updates';

export class UpdatePace {
  /** when the last `limit` edits of this process were sent, oldest first */
  private readonly sent: number[] = [];
  private heldUntil = 0;

  constructor(
    private readonly rate: UpdateRate,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly shared?: SharedBudgets,
  ) {}

  /** The budget's window: the longest an edit may wait for its turn. */
  get windowMs(): number {
    return Math.max(0, this.rate.windowMs);
  }

  /** Waits until one more chat.update may go. */
  async acquire(): Promise<void> {
    const { limit, windowMs } = this.rate;
    if (limit <= 0 || windowMs <= 0) return;
    for (;;) {
      const held = this.heldUntil - Date.now();
      const full = this.sent.length >= limit ? this.sent[0]! + windowMs - Date.now() : 0;
      const wait = Math.max(held, full);
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    if (this.shared) await this.shared.rate(SHARED_UPDATE_BUDGET, limit, windowMs).acquire();
    this.sent.push(Date.now());
    while (this.sent.length > limit) this.sent.shift();
  }

  /** Slack said 429 to an edit: no edit goes before Retry-After has passed. */
  holdFor(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, Date.now() + ms);
  }
}
