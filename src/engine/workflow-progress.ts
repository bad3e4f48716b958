// What follows a change to a workflow's steps, inside the transaction that made it: steps a plan adds are
// inserted, steps whose dependencies are now satisfied are released, and the workflow's status follows its
// steps (advanceWorkflow); or a step or an operator ends the workflow and every unfinished step is cancelled
// (endWorkflow). Used by the recording of a step's outcome and by the operator actions alike.
import type { Db } from '../db/client';
import { deriveWorkflowStatus, insertAfter, newlyReady, type GraphStep } from './graph';
import { newStepRow, parseJson } from './rows';
import type { AuditInsert, EngineSql, GraphRow } from './sql';
import type { StepSpec, StepStatus, TransitionEvent, WorkflowStatus } from './types';

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** One change to one workflow, inside one transaction. */
export interface WorkflowChange {
  tx: Tx;
  workflowId: string;
  /** the workflow's kind, named in every event */
  kind: string;
  /** who made the change: the engine (`engine:<instance>`) or an operator */
  actor: string;
  now: Date;
  /** transitions to tell observers once the transaction has committed */
  events: TransitionEvent[];
}

const UNFINISHED: StepStatus[] = ['blocked', 'pending', 'waiting', 'running', 'failed'];

/** Adds planned steps, releases steps whose dependencies are now satisfied, and updates the workflow status.
 *  Audit rows go into `audit` (the caller writes them in one statement). */
export async function advanceWorkflow(
  change: WorkflowChange,
  sql: EngineSql,
  audit: AuditInsert[],
  workflowStatus: string,
  options: {
    /** steps that the step `parentKey` planned; they run after it and before what waited for it */
    planned?: { parentKey: string; steps: StepSpec[]; defaultMaxAttempts: number };
    /** the workflow's step graph, when the caller has just read it */
    graph?: GraphRow[];
  } = {},
): Promise<void> {
  const { tx, workflowId, kind, actor, now, events } = change;
  let steps = options.graph ?? (await sql.graph(tx, workflowId));
  const planned = options.planned;
  if (planned && planned.steps.length > 0) {
    const existing = steps.map((s) => ({ key: s.key, dependsOn: parseJson<string[]>(s.dependsOnJson, []) }));
    const plan = insertAfter(existing, planned.parentKey, planned.steps);
    const base = Math.max(...steps.map((s) => s.position)) + 1;
    await tx.workflowStep.createMany({ data: plan.added.map((s, i) => newStepRow(workflowId, s, base + i, null, planned.defaultMaxAttempts)) });
    for (const r of plan.rewired) await tx.workflowStep.updateMany({ where: { workflowId, key: r.key }, data: { dependsOnJson: JSON.stringify(r.dependsOn) } });
    audit.push({
      workflowId,
      stepKey: planned.parentKey,
      actor,
      action: 'workflow.planned',
      message: `${plan.added.length} steps added`,
      dataJson: JSON.stringify(plan.added.map((s) => s.key)),
    });
    steps = await sql.graph(tx, workflowId);
  }
  const graph: GraphStep[] = steps.map((s) => ({
    key: s.key,
    status: s.status as StepStatus,
    dependsOn: parseJson<string[]>(s.dependsOnJson, []),
    nextRunAt: s.nextRunAt,
  }));
  const ready = newlyReady(graph);
  if (ready.length > 0) {
    await sql.release(tx, workflowId, ready, now);
    for (const g of graph) if (ready.includes(g.key)) Object.assign(g, { status: 'pending', nextRunAt: now });
    for (const key of ready) {
      audit.push({ workflowId, stepKey: key, actor, action: 'step.transition', fromStatus: 'blocked', toStatus: 'pending' });
      events.push({ type: 'step', workflowId, workflowKind: kind, stepKey: key, from: 'blocked', to: 'pending', actor, at: now });
    }
  }
  if (workflowStatus === 'cancelled') return;
  const next = deriveWorkflowStatus(
    graph,
    now,
    steps.some((s) => s.startedAt !== null),
  );
  if (next === workflowStatus) return;
  await sql.setWorkflowStatus(tx, workflowId, next, next === 'succeeded' ? now : null, now);
  audit.push({ workflowId, actor, action: 'workflow.transition', fromStatus: workflowStatus, toStatus: next });
  events.push({ type: 'workflow', workflowId, workflowKind: kind, from: workflowStatus, to: next, actor, at: now });
}

/** Ends the workflow with `outcome` (a step's `stop`, e.g. rejected; or an operator's cancel): every unfinished
 *  step is cancelled. Writes its audit rows at once. */
export async function endWorkflow(change: WorkflowChange, outcome: WorkflowStatus, reason: string): Promise<void> {
  const { tx, workflowId, kind, actor, now, events } = change;
  const open = await tx.workflowStep.findMany({ where: { workflowId, status: { in: UNFINISHED } }, select: { key: true, status: true } });
  await tx.workflowStep.updateMany({
    where: { workflowId, status: { in: UNFINISHED } },
    data: { status: 'cancelled', leaseOwner: null, leaseExpiresAt: null, nextRunAt: null, finishedAt: now },
  });
  if (open.length > 0)
    await tx.auditEvent.createMany({
      data: open.map((s) => ({ workflowId, stepKey: s.key, actor, action: 'step.transition', fromStatus: s.status, toStatus: 'cancelled', message: reason })),
    });
  for (const s of open)
    events.push({ type: 'step', workflowId, workflowKind: kind, stepKey: s.key, from: s.status, to: 'cancelled', actor, at: now, detail: reason });
  const wf = await tx.workflow.findUnique({ where: { id: workflowId }, select: { status: true } });
  await tx.workflow.update({ where: { id: workflowId }, data: { status: outcome, finishedAt: now } });
  await tx.auditEvent.create({
    data: { workflowId, actor, action: 'workflow.transition', fromStatus: wf?.status ?? null, toStatus: outcome, message: reason },
  });
  events.push({ type: 'workflow', workflowId, workflowKind: kind, from: wf?.status ?? null, to: outcome, actor, at: now, detail: reason });
}
