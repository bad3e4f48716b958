// conversations.replies and conversations.history on the fake Slack's stored messages, as api.slack.com documents
// them: newest first for history, the parent then its replies oldest first for replies, `oldest` (exclusive) and
// `limit`, and a message's `metadata` only when include_all_metadata is true.
import type { StoredMessage } from './fake-slack-server';
import type { Obj } from './wire';

/** The answer to `method` for `channel` (null: not a channel the fake knows); messages keep chat.postMessage's
 *  `metadata` (event_type, event_payload). */
export function readConversation(
  messages: readonly StoredMessage[],
  method: 'conversations.replies' | 'conversations.history',
  channel: string | null | undefined,
  args: Obj,
): Obj {
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const oldest = Number(args.oldest ?? 0);
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
  const limit = Number(args.limit ?? 100);
  let found: StoredMessage[];
  if (method === 'conversations.replies') {
    const parent = messages.find((m) => m.channel === channel && m.ts === String(args.ts ?? ''));
    if (!parent) return { ok: false, error: 'thread_not_found' };
    found = [parent, ...messages.filter((m) => m.channel === channel && m.thread_ts === parent.ts && m.ts !== parent.ts)];
  } else {
    found = messages.filter((m) => m.channel === channel && !m.thread_ts).reverse();
  }
  const shown = found.filter((m) => Number(m.ts) > oldest).slice(0, limit);
  return {
    ok: true,
    has_more: false,
    messages: shown.map((m) => ({
      type: 'message',
      user: m.user,
      ts: m.ts,
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      text: m.text,
      blocks: m.blocks,
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    })),
  };
}
