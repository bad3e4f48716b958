// Running one claimed step and recording what came of it.
// - While the action runs, the step's lease is renewed, so no other instance takes the step over.
// - The action gets its context: the workflow, the step's input, the outputs of the steps before it, its own
//   state from its last poll, a delivered signal (a human decision), and an idempotency key that never changes
//   for the step, so a step re-run after a crash makes its external call again safely.
// - The outcome is written in one transaction, holding the workflow's row lock, and only while the lease is
//   still ours: the step's new status, its audit rows, the release of the steps that depended on it, the
//   workflow's status. So a crash never loses a completed step nor repeats one.
import type { Db } from '../db/client';
import { ValidationError } from '../errors';
import type { Logger } from '../log/logger';
import type { Claimed } from './claim';
import { serialKeysFound } from './serial-index';
import type { EngineOptions } from './options';
import { parseJson, toWorkflowView, type StoredStepState } from './rows';
import type { AuditInsert, EngineSql } from './sql';
import { stepOutcome, type ColumnValue } from './step-outcome';
import type { Json, JsonObject, StepAction, StepResult, TransitionEvent } from './types';
import { advanceWorkflow, endWorkflow, type WorkflowChange } from './workflow-progress';

/** A step's end that a watching sibling wants to hear about (StepResult `wakeOnStepEnd`). */
const ENDED = new Set<string>(['succeeded', 'skipped', 'failed']);

export interface StepRunnerDeps<S> {
  db: Db;
  instanceId: string;
  /** `engine:<instanceId>`: the actor of the transitions the engine makes itself */
  actor: string;
  options: EngineOptions;
  logger: Logger;
  actions: Record<string, StepAction<S>>;
  services: S;
}

export class StepRunner<S> {
  /** set when the instance stops and hands its leases back: no lease is renewed any more (lifecycle.ts) */
  private renewalsStopped = false;
  private readonly renewals = new Set<Promise<unknown>>();

  constructor(private readonly deps: StepRunnerDeps<S>) {}

  /** Stops renewing leases and waits for the renewals already sent, so none lands after a hand-back. */
  async stopRenewals(): Promise<void> {
    this.renewalsStopped = true;
    await Promise.allSettled([...this.renewals]);
  }

  /** Runs the claimed step and records its outcome. Returns the transitions to tell observers: none when the
   *  outcome was void (the step was cancelled or taken over meanwhile) or could not be written. */
  async run(sql: EngineSql, claim: Claimed): Promise<TransitionEvent[]> {
    const { row } = claim;
    const renew = setInterval(() => this.renewLease(claim), Math.max(50, Math.floor(this.deps.options.leaseMs / 3)));
    let result: StepResult | undefined;
    let failure: unknown;
    try {
      result = await this.callAction(sql, claim);
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(renew);
    }
    try {
      return await this.record(sql, claim, result, failure);
    } catch (error) {
      // The outcome could not be written (database down): the lease will expire and the step run again with
      // the same idempotency key, which is what the key is for.
      this.deps.logger.error('could not record step outcome', { error, workflowId: row.workflowId, step: row.key });
      return [];
    }
  }

  private renewLease(claim: Claimed): void {
    if (this.renewalsStopped) return;
    const { row } = claim;
    const renewal = this.deps.db.workflowStep
      .updateMany({
        where: { id: row.id, leaseOwner: this.deps.instanceId, attempts: claim.attempt, status: 'running' },
        data: { leaseExpiresAt: new Date(this.deps.options.now().getTime() + this.deps.options.leaseMs) },
      })
      .catch((error) => this.deps.logger.warn('lease renewal failed', { error, step: row.key }))
      .finally(() => this.renewals.delete(renewal));
    this.renewals.add(renewal);
  }

  private async callAction(sql: EngineSql, claim: Claimed): Promise<StepResult> {
    const { row } = claim;
    const action = this.deps.actions[row.action];
    if (!action) throw new ValidationError(`no action registered under "${row.action}"`);
    const done = await sql.outputs(this.deps.db, row.workflowId);
    const outputs: Record<string, Json | undefined> = {};
    for (const d of done) outputs[d.key] = d.outputJson === null ? undefined : parseJson<Json>(d.outputJson, null);
    const stored = parseJson<StoredStepState>(row.stateJson, {});
    return action({
      workflow: toWorkflowView(claim.workflow),
      step: {
        key: row.key,
        action: row.action,
        input: parseJson<JsonObject>(row.inputJson, {}),
        attempt: claim.attempt,
        idempotencyKey: row.idempotencyKey,
        firstStartedAt: row.startedAt ?? this.deps.options.now(),
        state: stored.s,
        signal: row.signalJson === null ? undefined : parseJson<Json>(row.signalJson, null),
      },
      outputs,
      now: this.deps.options.now(),
      logger: this.deps.logger.child({ workflowId: row.workflowId, step: row.key }),
      services: this.deps.services,
    });
  }

  /** Writes the outcome, if the step is still ours. */
  private async record(sql: EngineSql, claim: Claimed, result: StepResult | undefined, failure: unknown): Promise<TransitionEvent[]> {
    const { row } = claim;
    const { actor, options } = this.deps;
    const now = options.now();
    const outcome = stepOutcome(row, { result, failure }, claim.quiet, now, options);
    const events: TransitionEvent[] = [];
    const committed = await this.deps.db.$transaction(async (tx) => {
      // Lock the workflow first (PostgreSQL): completions of one workflow's parallel branches go one at a time.
      // The same statement reads the step graph, which the lock keeps stable until we commit.
      const wf = await sql.lockAndGraph(tx, row.workflowId);
      if (!wf) return false;
      // A step that waits again clears only the signal it read: one that arrived while it ran (a decision taken
      // while the step polled) stays, and wakes the step at once (signal.ts).
      const waits = outcome.to === 'waiting';
      const update: Record<string, ColumnValue> = { ...outcome.update, updatedAt: now };
      if (waits) delete update.signalJson;
      const owned = { id: row.id, owner: this.deps.instanceId, attempts: claim.attempt };
      const mine = await sql.finish(tx, owned, update, waits ? { clearSignal: row.signalJson } : undefined);
      if (!mine) return false; // cancelled or taken over meanwhile: our result is void
      if (waits && (await sql.wakeIfSignalled(tx, row.id, now)))
        this.deps.logger.info('a signal arrived while the step ran: it runs again now', { workflowId: row.workflowId, step: row.key });
      // A step that watches its siblings (a summary) learns at once that one of them ended. Only a waiting step
      // can watch, and a step only starts waiting by this same code under the lock we hold, so the graph read
      // with the lock tells whether any could: the common case (no sibling waiting) costs no query.
      const siblingWaits = wf.steps.some((s) => s.id !== row.id && s.status === 'waiting');
      if (ENDED.has(outcome.to) && siblingWaits) await sql.wakeWatchers(tx, row.workflowId, row.id, now);
      const graphNow = wf.steps.map((s) => (s.id === row.id ? { ...s, status: outcome.to } : s));

      const audit: AuditInsert[] = [];
      if (!outcome.quietPoll) {
        audit.push({
          workflowId: row.workflowId,
          stepKey: row.key,
          actor,
          action: 'step.transition',
          fromStatus: 'running',
          toStatus: outcome.to,
          message: outcome.message ?? null,
          error: outcome.error ?? null,
        });
        events.push({
          type: 'step',
          workflowId: row.workflowId,
          workflowKind: claim.workflow.kind,
          stepKey: row.key,
          from: 'running',
          to: outcome.to,
          actor,
          at: now,
          error: outcome.error,
          detail: outcome.detail,
        });
      }
      const serials = serialKeysFound(outcome.serials);
      if (serials.length)
        await sql.insertWorkflowSerials(
          tx,
          serials.map((serial) => ({ workflowId: row.workflowId, serial })),
        );
      if (outcome.setState)
        await sql.setWorkflowState(tx, row.workflowId, JSON.stringify({ ...parseJson<JsonObject>(wf.stateJson, {}), ...outcome.setState }), now);
      const change: WorkflowChange = { tx, workflowId: row.workflowId, kind: claim.workflow.kind, actor, now, events };
      if (outcome.stopOutcome) {
        await sql.insertAudit(tx, audit, now);
        await endWorkflow(change, outcome.stopOutcome, outcome.message ?? '');
        return true;
      }
      const planned = outcome.addSteps && { parentKey: row.key, steps: outcome.addSteps, defaultMaxAttempts: options.maxAttempts };
      await advanceWorkflow(change, sql, audit, wf.status, { planned, graph: graphNow });
      await sql.insertAudit(tx, audit, now);
      return true;
    });
    if (!committed) {
      this.deps.logger.info('step outcome discarded: the step was cancelled or taken over', { workflowId: row.workflowId, step: row.key });
      return [];
    }
    return events;
  }
}
