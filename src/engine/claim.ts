// Claiming a ready step. The claim is a compare-and-set on the step's `attempts` counter plus a lease
// (leaseOwner, leaseExpiresAt): two instances can never both win the same step, and a step whose process died
// is taken over once its lease has expired (audited as `step.takeover`).
import type { Db } from '../db/client';
import type { Workflow, WorkflowStep } from '../generated/sqlite/client';
import type { AuditInsert, EngineSql } from './sql';
import type { TransitionEvent } from './types';
import type { WorkflowKinds } from './workflow-kinds';

/** A ready step (pending or waiting and due, or running with an expired lease) with its workflow. */
export type Candidate = WorkflowStep & { workflow: Workflow };

/** A step this instance has claimed and is about to run. */
export interface Claimed {
  row: WorkflowStep;
  workflow: Workflow;
  /** the status the step had before we claimed it */
  from: string;
  /** a waiting step re-run on its timer with no signal: a poll, not worth an audit row or a Slack message */
  quiet: boolean;
  /** the attempts value our claim wrote: our proof of ownership */
  attempt: number;
}

export interface ClaimContext {
  db: Db;
  instanceId: string;
  /** `engine:<instanceId>`: the actor of the transitions the engine makes itself */
  actor: string;
  leaseMs: number;
  kinds: WorkflowKinds;
  /** steps of each workflow this instance is running now (the cheap half of the maxParallel check) */
  runningIn: ReadonlyMap<string, number>;
}

/** Up to `limit` ready steps, each with its workflow, in one round trip. */
export async function findCandidates(db: Db, sql: EngineSql, now: Date, limit: number): Promise<Candidate[]> {
  const rows = await sql.candidates(db, now, limit);
  return rows.map(({ step, workflow }) => ({ ...(step as unknown as WorkflowStep), workflow: workflow as unknown as Workflow }));
}

/** Claims one step; its audit rows and events are added to the poll's lists. Null when another instance was
 *  quicker, or when the workflow already runs as many steps at once as it may. */
export async function claimStep(
  ctx: ClaimContext,
  sql: EngineSql,
  candidate: Candidate,
  now: Date,
  audit: AuditInsert[],
  events: TransitionEvent[],
): Promise<Claimed | null> {
  const { workflow, ...step } = candidate;
  if (workflow.status === 'cancelled') return null;
  ctx.kinds.remember(workflow.id, workflow.kind);
  if (step.status !== 'running' && (ctx.runningIn.get(workflow.id) ?? 0) >= workflow.maxParallel) return null;
  if (workflow.maxParallel > 1 && step.status !== 'running') {
    // Other instances may run steps of this workflow too: ask the database.
    const running = await ctx.db.workflowStep.count({ where: { workflowId: workflow.id, status: 'running', leaseExpiresAt: { gte: now } } });
    if (running >= workflow.maxParallel) return null;
  }
  const attempt = step.attempts + 1;
  // Compare-and-set on `attempts`: if anyone claimed or changed the step since we read it, we lose.
  const won = await sql.claim(ctx.db, {
    id: step.id,
    attempts: step.attempts,
    status: step.status,
    owner: ctx.instanceId,
    leaseUntil: new Date(now.getTime() + ctx.leaseMs),
    now,
    takeover: step.status === 'running',
  });
  if (!won) return null;
  const row = { ...step, status: 'running', attempts: attempt, startedAt: step.startedAt ?? now };
  const takeover = step.status === 'running';
  const quiet = step.status === 'waiting' && step.signalJson === null;
  if (quiet) return { row, workflow, attempt, from: step.status, quiet };
  audit.push({
    workflowId: step.workflowId,
    stepKey: step.key,
    actor: ctx.actor,
    action: takeover ? 'step.takeover' : 'step.transition',
    fromStatus: step.status,
    toStatus: 'running',
    message: takeover ? `lease of ${step.leaseOwner} expired; attempt ${attempt}` : `attempt ${attempt}`,
  });
  let workflowStarted = false;
  if (workflow.status !== 'running') {
    const wf = await ctx.db.workflow.updateMany({ where: { id: workflow.id, status: { in: ['pending', 'waiting', 'failed'] } }, data: { status: 'running' } });
    workflowStarted = wf.count === 1;
    if (workflowStarted)
      audit.push({
        workflowId: workflow.id,
        stepKey: null,
        actor: ctx.actor,
        action: 'workflow.transition',
        fromStatus: workflow.status,
        toStatus: 'running',
        message: null,
      });
  }
  if (workflowStarted)
    events.push({ type: 'workflow', workflowId: workflow.id, workflowKind: workflow.kind, from: workflow.status, to: 'running', actor: ctx.actor, at: now });
  events.push({
    type: 'step',
    workflowId: workflow.id,
    workflowKind: workflow.kind,
    stepKey: step.key,
    from: step.status,
    to: 'running',
    actor: ctx.actor,
    at: now,
  });
  return { row, workflow, attempt, from: step.status, quiet };
}
