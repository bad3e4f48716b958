// A message the bot keeps editing with chat.update (a workflow's parent, a bulk run's status) has ONE outbox row,
// keyed by its coalesceKey (unique in the table, so this holds for every bot process sharing the database):
// - a newer state replaces the payload of the row while it waits: twenty changes in a second are one chat.update,
//   and the last state is the one sent (a change made while the row is being sent is sent after it);
// - a row already sent is made pending again, due no sooner than `minGapMs` after its last send: one edit of a
//   message per SLACK_UPDATE_INTERVAL_MS at most, whatever the number of processes (docs/limits.md);
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
  minGapMs: number;
  /** createdAt of a new row (strictly increasing within the process, see Outbox) */
  createdAt: () => Date;
}

/** Stores the newest state of a message; returns the row id. */
export async function enqueueCoalesced(db: Db, update: CoalescedUpdate, clock: CoalesceClock): Promise<string> {
  const { coalesceKey, payloadJson } = update;
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
            nextAttemptAt: clock.now(),
            createdAt: clock.createdAt(),
          },
        })
        // another process created the key's row a moment ago: look again
        .catch(() => null);
      if (created) return created.id;
      continue;
    }
    if (row.status === 'pending') {
      // waiting, or being sent (then the sender sees the payload changed and sends it again)
      const res = await db.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data: { payloadJson } });
      if (res.count === 1) return row.id;
      continue;
    }
    if (row.status === 'sent' && row.payloadJson === payloadJson) return row.id;
    const earliest = (row.sentAt?.getTime() ?? 0) + clock.minGapMs;
    const due = new Date(Math.max(clock.now().getTime(), earliest));
    const res = await db.outboxMessage.updateMany({
      where: { id: row.id, status: row.status, attempts: row.attempts, sentAt: row.sentAt },
      data: { payloadJson, channel: update.channel, status: 'pending', attempts: 0, nextAttemptAt: due, lastError: null },
    });
    if (res.count === 1) return row.id;
  }
  throw new Error(`could not queue the update ${coalesceKey}`);
}

/** When a row whose payload changed while it was being sent is due again. */
export function resendAt(now: Date, coalesced: boolean, minGapMs: number): Date {
  return new Date(now.getTime() + (coalesced ? minGapMs : 0));
}
