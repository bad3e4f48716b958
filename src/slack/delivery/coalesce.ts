// A message the bot keeps editing with chat.update (a workflow's parent, a bulk run's status) has ONE outbox row,
// keyed by its coalesceKey (unique in the table, so this holds for every bot process sharing the database):
// - a newer state replaces the payload of the row while it waits: twenty changes in a second are one chat.update,
//   and the last state is the one sent (a change made while the row is being sent is sent after it);
// - a row already sent is made pending again, due no sooner than `minGapMs` after its last send: one edit of a
//   message per SLACK_UPDATE_INTERVAL_MS at most (per SLACK_BULK_UPDATE_INTERVAL_MS for a bulk run's messages),
//   whatever the number of processes (docs/limits.md);
// - an urgent state (a workflow's end, a failed step, a bulk run's last state) skips the gap: it is due at once, and
//   a row waiting for its gap is made due now — unless it is leased (being sent: attempts > 0) or held back by a
//   429, so that no two processes ever send one row at once and Slack's Retry-After is kept;
// - the message's post counts as its first sent state (recordPosted): its first edit waits for the gap too;
// - a state Slack already shows is not sent again.
// Every write is a compare-and-set on what was read, so two processes racing on one key never lose a state.
import type { Db } from '../../db/client';

export interface CoalescedUpdate {
  coalesceKey: string;
  channel: string;
  workflowId: string | null;
  payloadJson: string;
}

export interface CoalesceClock {
  now: () => Date;
  /** the least time between two edits of this message (the row keeps it for a resend, see resendAt) */
  minGapMs: number;
  /** send this state without waiting for the gap (still within the edits' budget) */
  urgent?: boolean;
  /** createdAt of a new row (strictly increasing within the process, see Outbox) */
  createdAt: () => Date;
}

/** Stores the newest state of a message; returns the row id, and when the row is due (the outbox looks for due rows
 *  at once only when it is due now; else its poll finds it). */
export async function enqueueCoalesced(db: Db, update: CoalescedUpdate, clock: CoalesceClock): Promise<{ id: string; dueAt: Date }> {
  const { coalesceKey, payloadJson } = update;
  // the gap this state waits for after the last send (also when it has to be sent again, see resendAt)
  const gapMs = clock.urgent ? 0 : clock.minGapMs;
  // The common case, a newer state for a row still waiting (a bulk run's parents wait a minute between edits and
  // change many times meanwhile): one statement, not a read and a write. What the loop below does for it too.
  if (!clock.urgent) {
    const replaced = await db.outboxMessage.updateManyAndReturn({
      where: { coalesceKey, status: 'pending' },
      data: { payloadJson, gapMs },
      select: { id: true, nextAttemptAt: true },
    });
    if (replaced.length === 1) return { id: replaced[0]!.id, dueAt: replaced[0]!.nextAttemptAt };
  }
  for (let round = 0; round < 10; round++) {
    const row = await db.outboxMessage.findUnique({ where: { coalesceKey } });
    if (!row) {
      const created = await db.outboxMessage
        .create({
          data: {
            kind: 'update',
            channel: update.channel,
            workflowId: update.workflowId,
            coalesceKey,
            payloadJson,
            gapMs,
            nextAttemptAt: clock.now(),
            createdAt: clock.createdAt(),
          },
        })
        // another process created the key's row a moment ago: look again
        .catch(() => null);
      if (created) return { id: created.id, dueAt: created.nextAttemptAt };
      continue;
    }
    if (row.status === 'pending') {
      const now = clock.now();
      // Waiting for its gap, and this state is urgent: due now. Only a row nobody has claimed (attempts is 0 until
      // a claim, which also pushes nextAttemptAt ahead as its lease): the compare-and-set on both means a row
      // claimed meanwhile is left to its sender, who sees the new payload and sends it again (resendAt, gap 0).
      // A row held back by Slack's 429 keeps its Retry-After.
      if (clock.urgent && row.attempts === 0 && row.nextAttemptAt > now && row.lastError !== 'ratelimited') {
        const res = await db.outboxMessage.updateMany({
          where: { id: row.id, status: 'pending', attempts: 0, nextAttemptAt: row.nextAttemptAt },
          data: { payloadJson, gapMs, nextAttemptAt: now },
        });
        if (res.count === 1) return { id: row.id, dueAt: now };
        continue;
      }
      // waiting, or being sent (then the sender sees the payload changed and sends it again)
      const res = await db.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data: { payloadJson, gapMs } });
      if (res.count === 1) return { id: row.id, dueAt: row.nextAttemptAt };
      continue;
    }
    // nothing to send: due never
    if (row.status === 'sent' && row.payloadJson === payloadJson) return { id: row.id, dueAt: new Date(8.64e15) };
    const earliest = (row.sentAt?.getTime() ?? 0) + gapMs;
    const due = new Date(Math.max(clock.now().getTime(), earliest));
    const res = await db.outboxMessage.updateMany({
      where: { id: row.id, status: row.status, attempts: row.attempts, sentAt: row.sentAt },
      data: { payloadJson, gapMs, channel: update.channel, status: 'pending', attempts: 0, nextAttemptAt: due, lastError: null },
    });
    if (res.count === 1) return { id: row.id, dueAt: due };
  }
  throw new Error(`could not queue the update ${coalesceKey}`);
}

/** When a row whose payload changed while it was being sent is due again: after the gap its newest state was
 *  queued with (`gapMs`: 0 when urgent), else the outbox's default gap. */
export function resendAt(now: Date, coalesced: boolean, gapMs: number | null, defaultGapMs: number): Date {
  return new Date(now.getTime() + (coalesced ? (gapMs ?? defaultGapMs) : 0));
}

/**
 * The row was sent, but a newer state replaced its payload meanwhile: pending again, due after that state's gap
 * (attempts 0: not leased, so an urgent state queued later may still make it due now). A compare-and-set on the
 * gap read, so an urgent state queued between the read and the write is not made to wait the longer gap.
 */
export async function resendChanged(db: Db, id: string, now: Date, defaultGapMs: number): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const row = await db.outboxMessage.findUnique({ where: { id } });
    if (!row) return;
    const nextAttemptAt = resendAt(now, Boolean(row.coalesceKey), row.gapMs, defaultGapMs);
    const res = await db.outboxMessage.updateMany({ where: { id, gapMs: row.gapMs }, data: { nextAttemptAt, attempts: 0, sentAt: now } });
    if (res.count === 1) return;
  }
  await db.outboxMessage.update({ where: { id }, data: { nextAttemptAt: now, attempts: 0, sentAt: now } });
}

/**
 * A message the bot has just posted and will edit (a workflow's parent): the post is its row's first sent state
 * (sentAt now, the posted payload with its ts), so that its first edit waits for the gap like every later one, and
 * an edit with the very state posted is not sent at all. Call it before the ts is known to anyone else (threads.ts
 * records it before the workflow row names the message): a row found then is left from an earlier post of the
 * message (a process that died between posting and recording it) and is replaced. Should a state of this very
 * message be waiting already, it is newer than the post and is kept.
 */
export async function recordPosted(
  db: Db,
  update: CoalescedUpdate & { ts: string },
  clock: Pick<CoalesceClock, 'now' | 'minGapMs' | 'createdAt'>,
): Promise<void> {
  const { coalesceKey } = update;
  for (let round = 0; round < 10; round++) {
    const now = clock.now();
    // as if chat.update had just sent the post's state (attempts 0: not leased)
    const sent = {
      payloadJson: update.payloadJson,
      channel: update.channel,
      status: 'sent',
      ts: update.ts,
      sentAt: now,
      gapMs: clock.minGapMs,
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
    };
    const row = await db.outboxMessage.findUnique({ where: { coalesceKey } });
    if (!row) {
      const created = await db.outboxMessage
        .create({ data: { kind: 'update', workflowId: update.workflowId, coalesceKey, createdAt: clock.createdAt(), ...sent } })
        // another process created the key's row a moment ago: look again
        .catch(() => null);
      if (created) return;
      continue;
    }
    if (row.status === 'pending' && payloadTs(row.payloadJson) === update.ts) return;
    const res = await db.outboxMessage.updateMany({
      where: { id: row.id, status: row.status, attempts: row.attempts, payloadJson: row.payloadJson, sentAt: row.sentAt },
      data: sent,
    });
    if (res.count === 1) return;
  }
  throw new Error(`could not record the post of ${coalesceKey}`);
}

function payloadTs(payloadJson: string): string | undefined {
  try {
    return (JSON.parse(payloadJson) as { ts?: string }).ts;
  } catch {
    return undefined;
  }
}
