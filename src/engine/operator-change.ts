// An operator's change of one step (Retry, Skip): the step moves from one of the allowed statuses to another, in
// one transaction with its audit row and the workflow's advance, under the workflow's lock — so two people pressing
// buttons at once, or an operator racing a running step, can never both win.
import type { Db } from '../db/client';
import { ValidationError } from '../errors';
import type { EngineSql, AuditInsert } from './sql';
import type { StepStatus, TransitionEvent } from './types';
import { advanceWorkflow, type WorkflowChange } from './workflow-progress';

export interface OperatorChange {
  workflowId: string;
  stepKey: string;
  actor: string;
  /** the audit action (step.retry, step.skip) */
  action: string;
  allowed: StepStatus[];
  to: StepStatus;
  reason: string | null;
  data: (now: Date) => Record<string, unknown>;
  /** a refusal that depends on the step itself (an approval is never skipped) */
  refuse?: (step: { decision: boolean }) => Error | null;
  /** steps to run again when the changed step was failed (WorkflowDefinition.reopenAfterFailure) */
  reopen?: readonly string[];
}

/** A summary that already spoke about a failure runs again once the failure is dealt with. Only a step that
 *  succeeded is reopened: one still waiting will see the change by itself. */
async function reopenFinished(change: WorkflowChange, keys: readonly string[]): Promise<void> {
  const { tx, workflowId, kind, actor, now, events } = change;
  for (const key of keys) {
    const res = await tx.workflowStep.updateMany({
      where: { workflowId, key, status: 'succeeded' },
      data: { status: 'pending', nextRunAt: now, finishedAt: null },
    });
    if (res.count !== 1) continue;
    await tx.auditEvent.create({ data: { workflowId, stepKey: key, actor, action: 'step.reopen', fromStatus: 'succeeded', toStatus: 'pending' } });
    events.push({ type: 'step', workflowId, workflowKind: kind, stepKey: key, from: 'succeeded', to: 'pending', actor, at: now, detail: null });
  }
}

/** Applies the change; returns the transitions to announce once it committed. */
export async function applyOperatorChange(db: Db, sql: EngineSql, kind: string, now: Date, change: OperatorChange): Promise<TransitionEvent[]> {
  const { workflowId, stepKey, actor, action, allowed, to, reason } = change;
  const events: TransitionEvent[] = [];
  await db.$transaction(async (tx) => {
    await sql.lockWorkflow(tx, workflowId);
    const step = await tx.workflowStep.findUnique({ where: { workflowId_key: { workflowId, key: stepKey } } });
    if (!step) throw new ValidationError(`no step "${stepKey}" in workflow ${workflowId}`);
    const refusal = change.refuse?.(step);
    if (refusal) throw refusal;
    const wf = await tx.workflow.findUnique({ where: { id: workflowId }, select: { status: true } });
    if (wf?.status === 'cancelled') throw new ValidationError('the workflow was cancelled');
    if (!allowed.includes(step.status as StepStatus))
      throw new ValidationError(`step "${stepKey}" is ${step.status}; only ${allowed.join('/')} steps can be changed this way`);
    const res = await tx.workflowStep.updateMany({ where: { id: step.id, status: step.status, attempts: step.attempts }, data: change.data(now) });
    if (res.count !== 1) throw new ValidationError(`step "${stepKey}" changed meanwhile; try again`);
    await tx.auditEvent.create({ data: { workflowId, stepKey, actor, action, fromStatus: step.status, toStatus: to, message: reason } });
    events.push({ type: 'step', workflowId, workflowKind: kind, stepKey, from: step.status, to, actor, at: now, detail: reason });
    if (step.status === 'failed')
      await reopenFinished(
        { tx, workflowId, kind, actor, now, events },
        (change.reopen ?? []).filter((k) => k !== stepKey),
      );
    const audit: AuditInsert[] = [];
    const progress: WorkflowChange = { tx, workflowId, kind, actor, now, events };
    await advanceWorkflow(progress, sql, audit, wf?.status ?? 'running');
    await sql.insertAudit(tx, audit, now);
  });
  return events;
}
