// What the Slack layer keeps, and for how long (RETENTION_DAYS, default 400 — a year and a review's slack):
// sent and failed outbox rows and processed Slack deliveries older than that are deleted by housekeeping, at most
// one batch per table per run: a first run on a large table never holds a long lock nor delays the reminders of
// the same tick; a backlog drains over the following runs (SLACK_HOUSEKEEPING_MS). Pending outbox rows are never
// deleted (they are messages still owed). Replay-guard rows live minutes, not days (receiver/replay-guard.ts prunes
// them); housekeeping removes any left behind by a stopped process. The audit trail (AuditEvent) is kept for ever:
// it is the record of who decided what, exported for reviews; a company that must delete it does so deliberately
// (docs/decisions.md, issue 14 point 7).
import type { Db } from '../../db/client';

const DAY_MS = 24 * 60 * 60 * 1000;
/** rows per table per run (bench/retention.ts times one run) */
const BATCH = 5_000;
/** Slack's request window is five minutes; a replay-guard row older than this can never match a request. */
const REPLAY_GUARD_KEEP_MS = 10 * 60 * 1000;

export interface Pruned {
  outbox: number;
  processedEvents: number;
  replayGuard: number;
}

/** One housekeeping run's deletions: at most `batch` rows per table (what is left goes in the next runs). */
export async function pruneOldRows(db: Db, config: { RETENTION_DAYS: number }, now: Date = new Date(), batch = BATCH): Promise<Pruned> {
  const before = new Date(now.getTime() - config.RETENTION_DAYS * DAY_MS);
  const oldOutbox = await db.outboxMessage.findMany({
    where: { status: { in: ['sent', 'failed'] }, createdAt: { lt: before } },
    select: { id: true },
    take: batch,
  });
  const outbox = oldOutbox.length ? (await db.outboxMessage.deleteMany({ where: { id: { in: oldOutbox.map((r) => r.id) } } })).count : 0;
  const oldEvents = await db.processedEvent.findMany({ where: { createdAt: { lt: before } }, select: { key: true }, take: batch });
  const processedEvents = oldEvents.length ? (await db.processedEvent.deleteMany({ where: { key: { in: oldEvents.map((r) => r.key) } } })).count : 0;
  const replayGuard = (await db.slackRequestSeen.deleteMany({ where: { timestamp: { lt: new Date(now.getTime() - REPLAY_GUARD_KEEP_MS) } } })).count;
  return { outbox, processedEvents, replayGuard };
}
