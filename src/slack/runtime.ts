// Everything a listener may use, assembled once by createSlackApp.
import type { BackgroundQueue } from './background';
import type { SlackChat } from './chat';
import type { SlackAppDeps } from './deps';
import type { LocaleResolver } from './locale';
import type { ManagerResolver } from './managers';
import type { Outbox } from './outbox';
import type { ProgressReporter } from './progress';
import type { Threads } from './threads';

export interface SlackRuntime extends SlackAppDeps {
  chat: SlackChat;
  outbox: Outbox;
  threads: Threads;
  locales: LocaleResolver;
  managers: ManagerResolver;
  progress: ProgressReporter;
  /** post-ack work, with a concurrency cap so acks are never starved */
  background: BackgroundQueue;
  /** modal opening after an ack: its own, wider cap (a trigger_id expires 3 s after the click, so modals must
   *  not wait behind slow answers), still bounded so a burst of clicks cannot starve the acks */
  modals: BackgroundQueue;
}

/**
 * True the first time a delivery key is seen (ProcessedEvent). Slack re-sends an event it thinks we missed
 * (X-Slack-Retry-Num); the retry carries the same event_id / trigger_id, so the second handling is skipped.
 */
export async function firstDelivery(rt: Pick<SlackRuntime, 'db'>, key: string): Promise<boolean> {
  try {
    await rt.db.processedEvent.create({ data: { key } });
    return true;
  } catch {
    return false;
  }
}
