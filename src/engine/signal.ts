// Delivering a signal (a person's decision) to a step. Nothing is dropped:
// - a waiting step is woken (pending, now);
// - a running step (one that polls while it awaits a decision) or a pending one keeps the signal on its row; the
//   run in progress does not clear a signal it did not see (step-run.ts), and a step that then records `wait` is
//   woken at once to read it;
// - a step that already holds an unread signal refuses a second one: the first decision wins here too.
// The caller's own write (the Approval row) runs in the same transaction (`guard`), so a decision and its signal
// are stored together or not at all; a crash between them cannot happen.
import type { Db } from '../db/client';
import type { SignalRefusal, SignalRequest, SignalResult } from './api';
import type { AuditInsert, EngineSql } from './sql';
import type { StepStatus, TransitionEvent } from './types';

/** Statuses in which a step takes a signal. */
const TAKES_SIGNAL: readonly string[] = ['waiting', 'running', 'pending'];

/** Thrown inside the transaction to undo the signal when the caller's guard says no. */
class GuardRefused extends Error {}

export interface SignalContext {
  db: Db;
  now: Date;
  kind: string;
}

/** Stores the signal (and the caller's guarded write) in one transaction. Returns the result and, when a waiting
 *  step was woken, the event to tell observers after the commit. */
export async function deliverSignal(ctx: SignalContext, sql: EngineSql, request: SignalRequest): Promise<{ result: SignalResult; event?: TransitionEvent }> {
  const { workflowId, stepKey, actor } = request;
  const { now } = ctx;
  const signalJson = JSON.stringify(request.signal);
  try {
    return await ctx.db.$transaction(async (tx) => {
      // The workflow's row lock (PostgreSQL) orders this with the recording of the step's outcome (step-run.ts).
      const wf = await sql.lockWorkflow(tx, workflowId);
      if (!wf) return refused('not_found');
      if (wf.status === 'succeeded' || wf.status === 'cancelled') return refused('workflow_ended', wf.status);
      let from: StepStatus | undefined;
      // A claim does not take the workflow lock: a compare-and-set, read again if a claim moved the step meanwhile.
      for (let i = 0; i < 5 && !from; i++) {
        const step = await tx.workflowStep.findUnique({ where: { workflowId_key: { workflowId, key: stepKey } } });
        if (!step) return refused('not_found');
        if (!TAKES_SIGNAL.includes(step.status)) return refused('not_waiting', step.status);
        if (step.signalJson !== null) return refused('already_signalled', step.status);
        const waking = step.status === 'waiting';
        const res = await tx.workflowStep.updateMany({
          where: { id: step.id, status: step.status, attempts: step.attempts, signalJson: null },
          data: waking ? { status: 'pending', signalJson, nextRunAt: now } : { signalJson },
        });
        if (res.count === 1) from = step.status as StepStatus;
      }
      if (!from) return refused('already_signalled');
      if (request.guard && !(await request.guard(tx))) throw new GuardRefused();
      const to = from === 'waiting' ? 'pending' : from;
      const audit: AuditInsert = { workflowId, stepKey, actor, action: 'step.signal', fromStatus: from, toStatus: to, dataJson: signalJson };
      if (from !== 'waiting') audit.message = `kept for the step's next run (the step is ${from})`;
      await sql.insertAudit(tx, [audit], now);
      const result: SignalResult = { delivered: true, from };
      const event: TransitionEvent | undefined =
        from === 'waiting' ? { type: 'step', workflowId, workflowKind: ctx.kind, stepKey, from, to, actor, at: now, detail: request.signal } : undefined;
      return { result, event };
    });
  } catch (error) {
    if (error instanceof GuardRefused) return refused('guard');
    throw error;
  }
}

function refused(why: SignalRefusal, status?: string): { result: SignalResult } {
  return { result: { delivered: false, why, ...(status ? { status } : {}) } };
}
