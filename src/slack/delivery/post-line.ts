// Which posts (and DMs) the outbox sends next. Decision (docs/limits.md, "A channel's posts go strictly in order"):
// a channel's posts — a DM's conversation is its channel — are sent in the order they were queued (createdAt, then
// id). Each channel has a line: only its first unsent post may go. When that post is not due — Slack's Retry-After
// after a 429, a backoff after a transient error, or the lease of a process sending it right now — the channel's
// later posts wait behind it, even when they are due themselves: before, they went first, and a thread's replies
// appeared out of order. A post leaves the line when it is sent or given up (status `failed`: a permanent error or
// its attempts spent); the next one goes then.
//
// Across processes: a post is claimed only while it is its channel's first unsent post (read here in one statement),
// and the claim is a compare-and-set with a lease (./outbox.ts). A leased post is pending and not due, so every other
// process sees the channel's line held by it; and a post leaves the line only for good (`sent` and `failed` rows of
// posts never become pending again: only coalesced edits do, ./coalesce.ts), so the post behind it cannot be read as
// first before it has gone. Edits are not in any line (the updates lane, ./outbox.ts).
//
// One statement per round for all channels, not a query per channel: the pending posts numbered per channel by a
// window function (SQLite ≥ 3.25 and PostgreSQL alike), keeping each channel's first when it is due. It reads the
// pending posts only (index on status): measured with 5,000 pending posts in 28 lines beside 50,000 sent rows, about
// 5–10 ms on either database, against 4–6 ms for the former "200 due rows" (an index on channel saved ~2 ms: not
// worth one more index to write on every insert). A round is one post per channel, so a busy channel costs one such
// statement per post (about one a second at Slack's pace).
import type { Db } from '../../db/client';

export type OutboxRow = Awaited<ReturnType<Db['outboxMessage']['findFirst']>> & {};

/** Each channel's first unsent post (or DM), when it is due now: at most `limit` channels, the oldest first. */
export async function firstDueInLine(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  // the window over the narrow columns only (the payloads are not carried through its sort), the heads' rows joined
  const rows = await db.$queryRaw<Record<string, unknown>[]>`SELECT o.* FROM (
      SELECT "id", "nextAttemptAt", ROW_NUMBER() OVER (PARTITION BY "channel" ORDER BY "createdAt", "id") AS "place"
      FROM "OutboxMessage" WHERE "status" = 'pending' AND "kind" <> 'update'
    ) AS "line"
    JOIN "OutboxMessage" o ON o."id" = "line"."id"
    WHERE "line"."place" = 1 AND "line"."nextAttemptAt" <= ${now}
    ORDER BY o."createdAt", o."id" LIMIT ${limit}`;
  return rows.map(toRow);
}

/** A raw row as Prisma's own queries return it: SQLite gives timestamps as text and may give integers as bigint. */
function toRow(raw: Record<string, unknown>): OutboxRow {
  const date = (v: unknown) =>
    v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === 'bigint' ? Number(v) : (v as string | number));
  const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(raw.id),
    workflowId: (raw.workflowId as string | null) ?? null,
    channel: String(raw.channel),
    threadTs: (raw.threadTs as string | null) ?? null,
    kind: String(raw.kind),
    coalesceKey: (raw.coalesceKey as string | null) ?? null,
    dedupeKey: (raw.dedupeKey as string | null) ?? null,
    payloadJson: String(raw.payloadJson),
    status: String(raw.status),
    attempts: int(raw.attempts) ?? 0,
    nextAttemptAt: date(raw.nextAttemptAt) ?? new Date(0),
    lastError: (raw.lastError as string | null) ?? null,
    ts: (raw.ts as string | null) ?? null,
    createdAt: date(raw.createdAt) ?? new Date(0),
    sentAt: date(raw.sentAt),
    gapMs: int(raw.gapMs),
  };
}
