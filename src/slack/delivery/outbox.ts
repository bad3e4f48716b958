// The durable outbox: every message the bot must not lose (thread replies, parent updates, DMs) is first written
// to the OutboxMessage table, then sent by a dispatcher that
// - paces chat.postMessage to one message per SLACK_POST_INTERVAL_MS per channel (Slack: ~1/s/channel), counted
//   from the start of each call, across every bot process when given the shared budgets (./post-pace.ts),
// - sends edits (chat.update) in a lane of their own, paced by their own limit (Tier 3, ./update-pace.ts): an edit
//   never waits behind a channel's queued posts, and never holds them up,
// - honours a 429's Retry-After for that channel without counting it as a failure,
// - coalesces edits: an update with a coalesceKey (one row per edited message, ./coalesce.ts) carries the newest
//   state, sent at most once per `updateIntervalMs` per message (or the item's own `minGapMs`: a bulk run's
//   messages), an urgent state at once: twenty progress changes become a handful of chat.update calls, the last
//   with the final state (never dropped, also across a crash and across processes),
// - survives a crash: rows still pending when the process died are sent after the restart, and a row being sent
//   is leased (nextAttemptAt pushed ahead) so two bot processes do not send it twice,
// - never posts one message twice: a row with a dedupeKey is queued once per key, ever (an approval's or a manual
//   task's message, a step's note said again on a retry), and a post sent again after a crash is first looked for
//   in its thread (./already-posted.ts).
// A channel's posts and DMs go strictly in order (oldest first): the dispatcher sends only a channel's first unsent
// post, and one held back (a 429's Retry-After, a backoff, another process's lease) holds the channel's later posts
// behind it (./post-line.ts). A thread reply is only enqueued once its parent exists. The exception is sendNow: a new
// top-level message its caller waits for (a parent's ts), sent at once, paced like the rest but not queued behind
// the channel's line — no thread's order is at stake.
// An edit is only ever queued with the ts of a message already posted, and each edited message has one row (the
// newest state), so edits need no order with the posts nor among themselves.
import type { webApi } from '@slack/bolt';
import type { Db } from '../../db/client';
import type { SharedBudgets } from '../../http/limits';
import type { Logger } from '../../log/logger';
import { truncate } from '../blocks/limits';
import { findAlreadyPosted, outboxMetadata } from './already-posted';
import { enqueueCoalesced, recordPosted, resendChanged } from './coalesce';
import { type OutboxItem, type OutboxPayload, storedPayload } from './outbox-item';
import { firstDueInLine, type OutboxRow } from './post-line';
import { PostPace } from './post-pace';
import { DEFAULT_UPDATE_RATE, type UpdateRate, UpdatePace } from './update-pace';

export type { OutboxItem, OutboxKind, OutboxPayload } from './outbox-item';

export interface OutboxOptions {
  db: Db;
  client: webApi.WebClient;
  logger: Logger;
  intervalMs: number;
  /** the least time between two chat.update calls to one message (coalesced rows; SLACK_UPDATE_INTERVAL_MS) */
  updateIntervalMs?: number;
  /** the same for a bulk run's messages (SLACK_BULK_UPDATE_INTERVAL_MS; default: updateIntervalMs): their senders
   *  read it here (bulkUpdateIntervalMs) and pass it as the item's minGapMs */
  bulkUpdateIntervalMs?: number;
  /** chat.update calls allowed in any window, all messages together (SLACK_UPDATE_RATE_LIMIT / _WINDOW_MS) */
  updateRate?: UpdateRate;
  /** how often pending rows are looked for when nothing pokes the dispatcher */
  pollMs?: number;
  maxAttempts?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** when given, the pace per channel holds for every bot process together (src/db/budgets, docs/limits.md) */
  shared?: SharedBudgets;
}

const LEASE_MS = 60_000;
/** Slack errors worth trying again; everything else is a permanent answer about this message. */
const TRANSIENT_SLACK_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

type Row = OutboxRow;

/** Posts (and DMs) and edits are drained independently: a channel's long queue of posts never delays an edit. */
type Lane = 'posts' | 'updates';
const LANES: Lane[] = ['posts', 'updates'];

interface LaneState {
  draining?: Promise<void>;
  again: boolean;
  lock: Promise<void>;
}

export class Outbox {
  private readonly maxAttempts: number;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly updatePace: UpdatePace;
  private readonly postPace: PostPace;
  private timer?: NodeJS.Timeout;
  private readonly lanes: Record<Lane, LaneState> = {
    posts: { again: false, lock: Promise.resolve() },
    updates: { again: false, lock: Promise.resolve() },
  };
  private stopped = true;
  /** rows are sent oldest first per channel; createdAt must be strictly increasing for rows queued in the same
   *  millisecond (ids are not ordered), or two thread replies could swap places */
  private lastCreatedAt = 0;

  constructor(private readonly options: OutboxOptions) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.updatePace = new UpdatePace(options.updateRate ?? DEFAULT_UPDATE_RATE, this.sleep, options.shared);
    this.postPace = new PostPace(options.intervalMs, this.sleep, options.shared);
  }

  /** The least time between two edits of one of a bulk run's messages (SLACK_BULK_UPDATE_INTERVAL_MS). */
  get bulkUpdateIntervalMs(): number {
    return this.options.bulkUpdateIntervalMs ?? this.options.updateIntervalMs ?? 0;
  }

  /** Stores a message for sending; returns its row id. Coalesces with a pending row of the same key. */
  async enqueue(item: OutboxItem): Promise<string> {
    const payloadJson = storedPayload(item.payload);
    const db = this.options.db;
    if (item.dedupeKey) {
      const existing = await db.outboxMessage.findUnique({ where: { dedupeKey: item.dedupeKey } });
      if (existing) return existing.id;
    }
    if (item.coalesceKey) {
      const { id, dueAt } = await enqueueCoalesced(
        db,
        { coalesceKey: item.coalesceKey, channel: item.channel, workflowId: item.workflowId ?? null, payloadJson },
        { now: this.now, minGapMs: this.gapOf(item), urgent: item.urgent, createdAt: () => this.nextCreatedAt() },
      );
      // An edit waiting for its gap (most of them: a newer state replacing a waiting one) is found by the poll when
      // it is due; looking for due edits at every such change was a query per state change of every workflow.
      if (dueAt <= this.now()) this.pokeLane('updates');
      return id;
    }
    const data = {
      kind: item.kind,
      channel: item.channel,
      threadTs: item.threadTs ?? null,
      workflowId: item.workflowId ?? null,
      coalesceKey: item.coalesceKey ?? null,
      dedupeKey: item.dedupeKey ?? null,
      payloadJson,
      nextAttemptAt: this.now(),
      createdAt: this.nextCreatedAt(),
    };
    const row = await db.outboxMessage.create({ data }).catch(async (error: unknown) => {
      // another process queued the same key a moment ago: the key's row is the message
      const raced = item.dedupeKey ? await db.outboxMessage.findUnique({ where: { dedupeKey: item.dedupeKey } }) : null;
      if (raced) return raced;
      throw error;
    });
    this.pokeLane(item.kind === 'update' ? 'updates' : 'posts');
    return row.id;
  }

  /**
   * Stores and sends one message now (paced like the rest) and returns its ts: for messages whose ts the caller
   * needs at once, such as a workflow's parent message. Retries 429s; throws on a permanent Slack error. Only for
   * top-level messages: it does not wait behind the channel's line of posts (./post-line.ts).
   */
  async sendNow(item: OutboxItem): Promise<{ ts: string; channel: string }> {
    const id = await this.enqueue({ ...item, coalesceKey: null });
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const row = await this.options.db.outboxMessage.findUnique({ where: { id } });
      if (!row) break;
      if (row.status === 'sent' && row.ts) return { ts: row.ts, channel: row.channel };
      if (row.status === 'failed') throw new Error(`Slack refused the message: ${row.lastError}`);
      const wait = row.nextAttemptAt.getTime() - this.now().getTime();
      // not due: a 429's Retry-After, or the dispatcher is sending it right now (leased): look again shortly
      if (wait > 0) {
        await this.sleep(Math.min(wait, 100));
        continue;
      }
      const claimed = await this.claim(row);
      if (claimed) await this.send(claimed);
    }
    throw new Error('the message could not be sent in time');
  }

  /**
   * A message just posted (sendNow) that will be edited through `item.coalesceKey`: the post is its first sent state,
   * so its first edit waits for the gap (./coalesce.ts). Call it before the ts is known to other writers.
   */
  async recordPosted(item: OutboxItem & { coalesceKey: string }): Promise<void> {
    const ts = item.payload.ts;
    if (!ts) throw new Error('recordPosted: the payload names no message (ts)');
    await recordPosted(
      this.options.db,
      { coalesceKey: item.coalesceKey, channel: item.channel, workflowId: item.workflowId ?? null, payloadJson: storedPayload(item.payload), ts },
      { now: this.now, minGapMs: this.gapOf(item), createdAt: () => this.nextCreatedAt() },
    );
  }

  private gapOf(item: OutboxItem): number {
    return item.minGapMs ?? this.options.updateIntervalMs ?? 0;
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.poke();
      this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
      this.timer.unref?.();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all(LANES.map((lane) => this.lanes[lane].draining));
  }

  private nextCreatedAt(): Date {
    this.lastCreatedAt = Math.max(Date.now(), this.lastCreatedAt + 1);
    return new Date(this.lastCreatedAt);
  }

  /** Sends everything that is due now, posts and edits alike; resolves when nothing due is left (tests await it). */
  async drain(): Promise<void> {
    await Promise.all(LANES.map((lane) => this.drainLane(lane)));
  }

  /** One drain of a lane at a time per process: two concurrent drains could send a channel's posts out of order. */
  private drainLane(lane: Lane): Promise<void> {
    const state = this.lanes[lane];
    const run = state.lock.then(() => this.drainOnce(lane));
    state.lock = run.catch(() => undefined);
    return run;
  }

  private async drainOnce(lane: Lane): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      let progressed = false;
      if (lane === 'posts') {
        // each channel's first unsent post, when due (./post-line.ts): one per channel and round, the channels in
        // parallel; the channel's next post is the next round's, and a post not due holds its channel's line
        const due = await firstDueInLine(this.options.db, this.now(), 200);
        if (!due.length) return;
        await Promise.all(
          due.map(async (row) => {
            // not claimed: another process is sending it, and the channel's line is its until it has gone
            const claimed = await this.claim(row);
            if (!claimed) return;
            await this.send(claimed);
            progressed = true;
          }),
        );
      } else {
        // edits: one queue for the whole workspace, no order among them (each edited message has one row)
        const due = await this.options.db.outboxMessage.findMany({
          where: { status: 'pending', nextAttemptAt: { lte: this.now() }, kind: 'update' },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: 200,
        });
        if (!due.length) return;
        for (const row of due) {
          // another process is sending this one: go on with the others
          const claimed = await this.claim(row);
          if (!claimed) continue;
          await this.send(claimed);
          progressed = true;
        }
      }
      if (!progressed) return;
    }
  }

  /** Waits until no drain is running (tests). */
  async idle(): Promise<void> {
    for (const lane of LANES) while (this.lanes[lane].draining) await this.lanes[lane].draining;
  }

  private poke(): void {
    if (this.stopped) return;
    for (const lane of LANES) this.pokeLane(lane);
  }

  private pokeLane(lane: Lane): void {
    if (this.stopped) return;
    const state = this.lanes[lane];
    if (state.draining) {
      state.again = true;
      return;
    }
    state.draining = (async () => {
      do {
        state.again = false;
        await this.drainLane(lane).catch((error) => this.options.logger.error('outbox drain failed', { error, lane }));
      } while (state.again && !this.stopped);
    })().finally(() => {
      state.draining = undefined;
    });
  }

  /** Takes a row for sending: a compare-and-set on attempts, plus a lease in nextAttemptAt. An edit may wait up to
   *  a whole window of its budget after the claim (./update-pace.ts): its lease is longer by that much, so that no
   *  other process takes it meanwhile. */
  private async claim(row: Row): Promise<Row | null> {
    const now = this.now();
    const lease = LEASE_MS + (row.kind === 'update' ? this.updatePace.windowMs : 0);
    const res = await this.options.db.outboxMessage.updateMany({
      where: { id: row.id, status: 'pending', attempts: row.attempts, nextAttemptAt: { lte: now } },
      data: { attempts: row.attempts + 1, nextAttemptAt: new Date(now.getTime() + lease) },
    });
    if (res.count !== 1) return null;
    const claimed = { ...row, attempts: row.attempts + 1, nextAttemptAt: new Date(now.getTime() + lease) };
    // A post or DM is never changed after it is queued but by its sender: the row read is the row claimed, plus the
    // claim. An edit's payload may have been replaced since it was read (coalesce.ts): read its newest state.
    if (row.kind !== 'update') return claimed;
    return this.options.db.outboxMessage.findUnique({ where: { id: row.id } });
  }

  private async send(row: Row): Promise<void> {
    const db = this.options.db;
    const payload = JSON.parse(row.payloadJson) as OutboxPayload;
    if (row.kind === 'update') await this.updatePace.acquire();
    else await this.postPace.acquire(row.channel);
    try {
      let ts: string | undefined;
      let channel = row.channel;
      if (row.kind === 'update') {
        const res = await this.options.client.chat.update({ channel: row.channel, ts: payload.ts!, text: payload.text, blocks: payload.blocks });
        ts = res.ts;
      } else {
        // claimed before (attempts counts claims): the earlier send may have reached Slack before the process died
        const earlier = row.kind === 'post' && row.attempts > 1 ? await findAlreadyPosted(this.options.client, this.options.logger, row) : null;
        const res = earlier
          ? { ts: earlier.ts, channel: row.channel }
          : await this.options.client.chat.postMessage({
              channel: row.channel,
              text: payload.text,
              blocks: payload.blocks,
              ...(row.threadTs ? { thread_ts: row.threadTs } : {}),
              unfurl_links: payload.unfurl_links ?? false,
              metadata: outboxMetadata(row.id),
            });
        ts = res.ts;
        channel = res.channel ?? row.channel;
      }
      // Sent. If a coalesced update replaced the payload while we were sending, send again with the newer one.
      const done = await db.outboxMessage.updateMany({
        where: { id: row.id, payloadJson: row.payloadJson },
        data: { status: 'sent', ts: ts ?? null, sentAt: new Date(), lastError: null },
      });
      if (done.count === 0) await resendChanged(db, row.id, this.now(), this.options.updateIntervalMs ?? 0);
      if (payload.record?.approvalId && ts)
        await db.approval.update({ where: { id: payload.record.approvalId }, data: { slackChannel: channel, slackMessageTs: ts } });
      if (payload.record?.manualTaskId && ts)
        await db.manualTask.update({ where: { id: payload.record.manualTaskId }, data: { slackChannel: channel, slackMessageTs: ts } });
    } catch (error) {
      await this.failed(row, error);
    }
  }

  private async failed(row: Row, error: unknown): Promise<void> {
    const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
    const db = this.options.db;
    if (e.code === 'slack_webapi_rate_limited_error') {
      const ms = Math.max(1, e.retryAfter ?? 1) * 1000;
      if (row.kind === 'update') this.updatePace.holdFor(ms);
      else this.postPace.holdFor(row.channel, ms);
      const intervalMs = row.kind === 'update' ? undefined : this.postPace.intervalOf(row.channel);
      // a 429 is Slack saying "later", not a failure of this message: give the attempt back
      await db.outboxMessage.update({
        where: { id: row.id },
        data: { attempts: row.attempts - 1, nextAttemptAt: new Date(this.now().getTime() + ms), lastError: 'ratelimited' },
      });
      this.options.logger.warn('Slack rate limit; waiting', { channel: row.channel, retryAfterMs: ms, intervalMs });
      return;
    }
    const slackError = e.code === 'slack_webapi_platform_error' ? (e.data?.error ?? 'unknown') : undefined;
    const permanent = slackError !== undefined && !TRANSIENT_SLACK_ERRORS.has(slackError);
    if (permanent || row.attempts >= this.maxAttempts) {
      await db.outboxMessage.update({ where: { id: row.id }, data: { status: 'failed', lastError: truncate(slackError ?? e.message ?? 'error', 500) } });
      this.options.logger.error('Slack message could not be sent', { channel: row.channel, kind: row.kind, error: slackError ?? e.message });
      return;
    }
    const backoff = Math.min(60_000, 500 * 2 ** row.attempts) * (0.5 + Math.random() / 2);
    await db.outboxMessage.update({
      where: { id: row.id },
      data: { nextAttemptAt: new Date(this.now().getTime() + backoff), lastError: truncate(slackError ?? e.message ?? 'error', 500) },
    });
  }
}
