// After a crash between chat.postMessage and marking the outbox row sent, the row is sent again — unless the
// message is already there. Every post carries its outbox row id in Slack's message metadata
// (https://api.slack.com/metadata, `metadata.event_payload`); before a row is posted a second time, the thread
// (conversations.replies) or the channel since the row was queued (conversations.history) is read with
// include_all_metadata, and a message carrying the id is taken as the one sent. Needs channels:history /
// groups:history; without them (or on any error) the row is posted again, as before: a duplicate beats a loss.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log/logger';

export const OUTBOX_EVENT_TYPE = 'devicebot_outbox';

/** The metadata a post carries: its outbox row id. */
export function outboxMetadata(rowId: string): { event_type: string; event_payload: { outbox_id: string } } {
  return { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: rowId } };
}

interface Found {
  ts: string;
}

type Message = { ts?: string; metadata?: { event_type?: string; event_payload?: { outbox_id?: unknown } } };

/** The ts of the message this row already posted, if Slack shows one. */
export async function findAlreadyPosted(
  client: webApi.WebClient,
  logger: Logger,
  row: { id: string; channel: string; threadTs: string | null; createdAt: Date },
): Promise<Found | null> {
  // a little before the row was queued: Slack's clock and ours may differ by a moment
  const oldest = String(Math.floor(row.createdAt.getTime() / 1000) - 60);
  try {
    const res = row.threadTs
      ? await client.conversations.replies({ channel: row.channel, ts: row.threadTs, oldest, include_all_metadata: true, limit: 200 })
      : await client.conversations.history({ channel: row.channel, oldest, include_all_metadata: true, limit: 200 });
    const messages = (res.messages ?? []) as Message[];
    const mine = messages.find((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && m.metadata.event_payload?.outbox_id === row.id);
    return mine?.ts ? { ts: mine.ts } : null;
  } catch (error) {
    logger.warn('could not look for an earlier send of an outbox message; sending it again', { channel: row.channel, error: (error as Error).message });
    return null;
  }
}
