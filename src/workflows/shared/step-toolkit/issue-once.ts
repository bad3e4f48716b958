// One destructive vendor command per device per operator round (issue 12), across retries, 429s, timeouts,
// crashes and several bot processes. A step never calls a destructive port method directly; it calls issueOnce:
//
//   1. A CommandIntent row (prisma/schema.prisma) is written BEFORE the vendor call, keyed by the call's round key
//      (the step's idempotency key, the call, the round), and completed with the vendor's handle AFTER it.
//   2. A run that finds the row with a handle follows that handle: nothing is sent.
//   3. A run that finds it without one — the process died between the call and the update, or the call ended in a
//      timeout, 5xx or 429 (the HTTP client never repeats a POST: src/http/client.ts) — first asks the vendor
//      (`find`: Graph deviceActionResults, Jamf's command list, AMAPI operations, the ABM device) and sends again
//      only when the vendor shows it never arrived. A vendor that cannot tell stops the step for a person; their
//      Retry (an operator round, counted from the audit trail) is what allows the next send.
//   4. Every change of the row is a compare-and-set on its version, so two runs of a step can never both send.
//
// When "never arrived" is believed: only once the last send is older than the engine lease (ENGINE_LEASE_MS).
// A run of a step is taken over only after its lease lapsed, but a run that lost its lease without dying may
// still be inside its vendor call; that call ends within the vendor's HTTP timeout, which is kept below the
// lease (defaults: 30 s against 60 s). Before that, a run that finds no trace waits (an answer "found" is
// believed at once). After a crash the takeover itself comes a lease later, so this costs nothing there.
// What no lease can cover: a process stalled (not dead) for longer than the lease between stamping its send and
// making it, while another run finds no trace and sends. The stamp is taken right before the adapter is
// called, so that gap is the adapter's own preparation (a read or two).
//
// Every write of the row is its own transaction (committed()): on SQLite, Prisma's driver adapter runs a plain
// query on the one connection even while another task's interactive transaction is open there, so a plain insert
// could join that transaction — and vanish with it if the process dies before it commits. A transaction of our own
// waits for the other one to finish and is committed before the vendor is called.
import { DeviceBotError, errorMessage, PermanentError, TransientError } from '../../../errors';
import { scrub } from '../../../log/scrub';
import type { CommandIntent, Prisma } from '../../../generated/sqlite/client';
import type { Ctx } from './context';

/** What the vendor says when asked whether the call arrived (CommandLookup, ActivityLookup of the ports). */
export type Lookup<H> =
  | { state: 'found'; handle: H }
  | { state: 'applied' }
  | { state: 'absent' }
  | { state: 'settling'; retryAfterMs: number; detail: string }
  | { state: 'unknown'; detail: string };

export interface OnceCall<H> {
  /** the vendor idempotency key of this call in this round; also the intent's key */
  key: string;
  /** the MDM source, or the ABM source */
  source: string;
  /** the vendor's device id (ABM: the serials) */
  device: string;
  /** the port action (wipe, delete, …, UNASSIGN_DEVICES) */
  action: string;
  /** makes the call */
  send(key: string): Promise<H>;
  /** asks the vendor whether a call made at or after `since` arrived */
  find(since: Date): Promise<Lookup<H>>;
}

/** handle: follow it · applied: the vendor already shows the change, nothing to follow · wait: ask again then */
export type Once<H> = { kind: 'handle'; handle: H; via: 'answer' | 'lookup' | 'stored' } | { kind: 'applied' } | { kind: 'wait'; until: Date; detail: string };

export type IntentStatus = 'intent' | 'accepted' | 'unknown' | 'refused' | 'done' | 'failed';

/** Makes the call at most once per round: see the header. */
export async function issueOnce<H>(ctx: Ctx, call: OnceCall<H>): Promise<Once<H>> {
  const db = ctx.services.db;
  const existing = await db.commandIntent.findUnique({ where: { roundKey: call.key } });
  if (existing) return resume(ctx, call, existing);
  let row: CommandIntent;
  try {
    const operatorRoundNow = await operatorRound(ctx);
    row = await committed(ctx, (tx) =>
      tx.commandIntent.create({
        data: {
          roundKey: call.key,
          workflowId: ctx.workflow.id,
          stepKey: ctx.step.key,
          source: call.source,
          device: call.device,
          action: call.action,
          operatorRound: operatorRoundNow,
          status: 'intent',
          sends: 1,
          version: 1,
          createdAt: clock(ctx),
          sentAt: clock(ctx),
        },
      }),
    );
  } catch (error) {
    // Another run of the step wrote it first (P2002): what it did decides.
    const raced = await db.commandIntent.findUnique({ where: { roundKey: call.key } });
    if (!raced) throw error;
    return resume(ctx, call, raced);
  }
  return send(ctx, call, row);
}

/** Records how the command the intent stands for ended (the step saw it done or failed at the vendor). */
export async function settleIntent(ctx: Ctx, key: string, status: 'done' | 'failed', detail?: string): Promise<void> {
  await committed(ctx, (tx) =>
    tx.commandIntent.updateMany({
      where: { roundKey: key, status: { in: ['accepted', 'intent', 'unknown'] } },
      data: { status, lastError: detail === undefined ? null : scrub(detail) },
    }),
  );
}

async function resume<H>(ctx: Ctx, call: OnceCall<H>, row: CommandIntent): Promise<Once<H>> {
  if (row.handleJson) return { kind: 'handle', handle: JSON.parse(row.handleJson) as H, via: 'stored' };
  if (row.status === 'done') return { kind: 'applied' };
  // The vendor refused the last call (a 4xx): nothing arrived, so sending again is safe.
  if (row.status === 'refused') return send(ctx, call, await claim(ctx, row));
  const lookup = await call.find(row.sentAt ?? row.createdAt);
  switch (lookup.state) {
    case 'found':
      await update(ctx, row, { status: 'accepted', handleJson: JSON.stringify(lookup.handle), resolvedBy: 'lookup' });
      ctx.logger.warn('found at the vendor a command whose answer was lost: following it, not sending it again', { key: call.key, action: call.action });
      return { kind: 'handle', handle: lookup.handle, via: 'lookup' };
    case 'applied':
      await update(ctx, row, { status: 'done', resolvedBy: 'lookup' });
      return { kind: 'applied' };
    case 'settling':
      return { kind: 'wait', until: new Date(ctx.now.getTime() + lookup.retryAfterMs), detail: lookup.detail };
    case 'absent': {
      const inFlightUntil = (row.sentAt ?? row.createdAt).getTime() + ctx.services.config.ENGINE_LEASE_MS;
      if (clock(ctx).getTime() < inFlightUntil) return { kind: 'wait', until: new Date(inFlightUntil), detail: 'the last call may still be on its way' };
      ctx.logger.warn('the vendor shows no trace of a command whose answer was lost: sending it again', {
        key: call.key,
        action: call.action,
        sends: row.sends,
      });
      return send(ctx, call, await claim(ctx, row));
    }
    case 'unknown': {
      // An operator's Retry since the row was written is their answer to the message below.
      const round = await operatorRound(ctx);
      if (round > row.operatorRound) return send(ctx, call, await claim(ctx, row, { operatorRound: round }));
      await update(ctx, row, { status: 'unknown', lastError: lookup.detail });
      throw new PermanentError(
        `${call.source} cannot tell whether the ${call.action} sent at ${(row.sentAt ?? row.createdAt).toISOString()} reached ${call.device} (${lookup.detail}). ` +
          'Check the console: if it arrived, Skip this step; if it did not, Retry sends it again.',
        { system: call.source, code: 'outcome_unknown' },
      );
    }
  }
}

/** Sends the call for the row this run owns (its version), then records the handle or what went wrong. */
async function send<H>(ctx: Ctx, call: OnceCall<H>, row: CommandIntent): Promise<Once<H>> {
  let handle: H;
  try {
    handle = await call.send(call.key);
  } catch (error) {
    // A definite refusal (4xx, a blocker) means nothing arrived; anything else may have.
    const refused = error instanceof DeviceBotError && !error.retryable;
    await update(ctx, row, { status: refused ? 'refused' : 'unknown', lastError: errorMessage(error).slice(0, 500) }).catch(() => undefined);
    throw error;
  }
  await update(ctx, row, { status: 'accepted', handleJson: JSON.stringify(handle), resolvedBy: 'answer', lastError: null });
  return { kind: 'handle', handle, via: 'answer' };
}

/** Takes the row for one more send: a compare-and-set on its version, so only one run can. */
async function claim(ctx: Ctx, row: CommandIntent, extra: Partial<Pick<CommandIntent, 'operatorRound'>> = {}): Promise<CommandIntent> {
  const data = { ...extra, status: 'intent', sends: row.sends + 1, version: row.version + 1, sentAt: clock(ctx), lastError: null };
  const res = await committed(ctx, (tx) => tx.commandIntent.updateMany({ where: { id: row.id, version: row.version }, data }));
  if (res.count !== 1) throw new TransientError(`another run of step ${ctx.step.key} is handling ${row.action} on ${row.device}; looking again shortly`);
  return { ...row, ...data };
}

/** Writes the outcome of this run's call; the version guards against a run that took the row over meanwhile. */
async function update(
  ctx: Ctx,
  row: CommandIntent,
  data: { status: IntentStatus; handleJson?: string; resolvedBy?: string; lastError?: string | null },
): Promise<void> {
  const stored = data.lastError ? { ...data, lastError: scrub(data.lastError) } : data;
  await committed(ctx, (tx) => tx.commandIntent.updateMany({ where: { id: row.id, version: row.version }, data: stored }));
}

/** A write committed when this resolves (see the header). */
function committed<T>(ctx: Ctx, write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return ctx.services.db.$transaction(write);
}

/** The time now, not the run's start (ctx.now): a send is stamped when it goes out. */
function clock(ctx: Ctx): Date {
  return ctx.services.now();
}

/** How many times an operator pressed Retry on this step (the engine audits each). */
async function operatorRound(ctx: Ctx): Promise<number> {
  return ctx.services.db.auditEvent.count({ where: { workflowId: ctx.workflow.id, stepKey: ctx.step.key, action: 'step.retry' } });
}
