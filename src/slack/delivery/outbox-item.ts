// What one outbox row holds: the message (kind, channel, thread, payload) and how it is queued (coalesced per edited
// message, or once per key), and the payload as it is stored — scrubbed and cut to Slack's limits (./outbox.ts).
import type { KnownBlock } from '@slack/types';
import { scrubValue } from '../../log/scrub';
import { LIMITS, truncate } from '../blocks/limits';

export type OutboxKind = 'post' | 'update' | 'dm';

export interface OutboxPayload {
  text: string;
  blocks?: KnownBlock[];
  /** chat.update: the message to change */
  ts?: string;
  unfurl_links?: boolean;
  /** after sending, record the message ts on this row (so its buttons can be replaced later) */
  record?: { approvalId?: string; manualTaskId?: string };
}

export interface OutboxItem {
  kind: OutboxKind;
  channel: string;
  threadTs?: string | null;
  workflowId?: string | null;
  coalesceKey?: string | null;
  /** queued once per key, ever: a second enqueue with the key returns the first row */
  dedupeKey?: string | null;
  /** a coalesced edit: the least time between two edits of this message (default: `updateIntervalMs`) */
  minGapMs?: number | null;
  /** a coalesced edit sent without waiting for the gap (a workflow's end, a failed step, a bulk run's last state) */
  urgent?: boolean;
  payload: OutboxPayload;
}

/** The payload as a row stores it: no secret in a stored row or a sent message, whatever a step or a vendor put in
 *  it (src/log/scrub.ts). Also what a coalesced row's states are compared by. */
export function storedPayload(payload: OutboxPayload): string {
  return JSON.stringify(fitPayload(scrubValue(payload)));
}

/** A last guard: the notification text has its own limit, and at most 50 blocks go into a message. */
function fitPayload(payload: OutboxPayload): OutboxPayload {
  return {
    ...payload,
    text: truncate(payload.text || ' ', LIMITS.fallbackText),
    ...(payload.blocks ? { blocks: payload.blocks.slice(0, LIMITS.messageBlocks) } : {}),
  };
}
