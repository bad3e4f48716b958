// Slack re-sends an event it thinks we missed (X-Slack-Retry-Num); the retry carries the same event_id /
// trigger_id. A ProcessedEvent row per delivery key makes the second handling a no-op, across bot processes.
import type { SlackCoreDeps } from '../deps';

/** True the first time a delivery key is seen. */
export async function firstDelivery(deps: Pick<SlackCoreDeps, 'db'>, key: string): Promise<boolean> {
  try {
    await deps.db.processedEvent.create({ data: { key } });
    return true;
  } catch {
    return false;
  }
}
