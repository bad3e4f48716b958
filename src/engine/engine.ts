// The durable workflow engine: its API (start, read, signal, operator actions, audit) and its run loop. State
// lives in the database (Workflow, WorkflowStep, AuditEvent); any number of engine instances (processes) may
// run against one database:
// - a step is claimed with a compare-and-set plus a lease, so two instances never run the same step at once,
//   and a step whose process died is taken over once its lease has expired (claim.ts);
// - a step's outcome is written only while the lease is still ours, in one transaction with its audit rows and
//   the release of the steps that depended on it, so a crash never loses a completed step nor repeats one
//   (step-run.ts, step-outcome.ts, workflow-progress.ts);
// - waiting steps cost nothing: they are rows with a `nextRunAt` (or none, until a signal arrives).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { silentLogger, type Logger } from '../log/logger';
import type { AuditEntry, CancelOptions, SignalRequest, SignalResult, WorkflowEngineApi } from './api';
import { auditCsv, listAudit } from './audit';
import { claimStep, findCandidates, type ClaimContext, type Claimed } from './claim';
import { resolveDependencies } from './graph';
import { handBackLeases, settleWithin, type HandedBack } from './lifecycle';
import { DEFAULT_ENGINE_OPTIONS, type EngineDeps, type EngineOptions } from './options';
import { applyOperatorChange, type OperatorChange } from './operator-change';
import { newStepRow, toStepView, toWorkflowView } from './rows';
import { backfillSerialIndex, serialKeysOf, type BackfillResult } from './serial-index';
import { EngineSql, type AuditInsert } from './sql';
import { deliverSignal } from './signal';
import { StepRunner } from './step-run';
import type { Json, JsonObject, Observer, StartWorkflowRequest, StepStatus, StepView, TransitionEvent, WorkflowDefinition, WorkflowView } from './types';
import { WorkflowKinds } from './workflow-kinds';
import { endWorkflow } from './workflow-progress';

export type { EngineDeps, EngineOptions } from './options';

export class Engine<S = unknown> implements WorkflowEngineApi {
  readonly instanceId: string;
  private readonly db: Db;
  private readonly options: EngineOptions;
  private readonly logger: Logger;
  /** the actor of the transitions the engine makes itself, in the audit trail and the events */
  private readonly actor: string;
  // biome-ignore lint/suspicious/noExplicitAny: the engine holds workflows of every state type
  private readonly definitions = new Map<string, WorkflowDefinition<any>>();
  private readonly kinds: WorkflowKinds;
  private readonly runner: StepRunner<S>;
  private readonly claims: ClaimContext;
  private readonly observers = new Set<Observer>();
  private readonly inflight = new Set<Promise<void>>();
  /** steps of each workflow this instance is running now (the cheap half of the maxParallel check) */
  private readonly runningIn = new Map<string, number>();
  private running = false;
  /** step runs finished by this instance (runUntilIdle uses it to notice completions during a poll) */
  private finishedRuns = 0;
  private sqlReady?: Promise<EngineSql>;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** wall-clock time of the run loop's last completed poll (the health check's "engine alive") */
  private lastPollAt: Date | null = null;

  constructor(deps: EngineDeps<S>) {
    this.db = deps.db;
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
    this.instanceId = deps.instanceId ?? `engine-${randomUUID().slice(0, 8)}`;
    this.actor = `engine:${this.instanceId}`;
    this.logger = (deps.logger ?? silentLogger).child({ engine: this.instanceId });
    for (const d of deps.definitions) this.definitions.set(d.kind, d);
    this.kinds = new WorkflowKinds(this.db);
    const { db, instanceId, actor, options, logger, kinds, runningIn } = this;
    this.claims = { db, instanceId, actor, leaseMs: options.leaseMs, kinds, runningIn };
    this.runner = new StepRunner({ db, instanceId, actor, options, logger, actions: deps.actions, services: deps.services });
    if (deps.dialect) this.sqlReady = Promise.resolve(new EngineSql(deps.dialect));
  }

  /** The hot-path SQL for this database (SQLite or PostgreSQL), detected once. */
  private sql(): Promise<EngineSql> {
    this.sqlReady ??= this.db
      .$queryRawUnsafe('SELECT sqlite_version() AS v')
      .then(() => new EngineSql('sqlite'))
      .catch(() => new EngineSql('postgresql'));
    return this.sqlReady;
  }

  private now(): Date {
    return this.options.now();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Starting and reading workflows
  // ------------------------------------------------------------------------------------------------------------

  async startWorkflow(request: StartWorkflowRequest): Promise<{ workflow: WorkflowView; created: boolean }> {
    const definition = this.definitions.get(request.kind);
    if (!definition) throw new ValidationError(`unknown workflow kind "${request.kind}"`);
    const existing = await this.startedBefore(request.idempotencyKey);
    if (existing) return existing;
    const input = definition.parseInput(request.input) as JsonObject;
    const specs = resolveDependencies(definition.steps(input));
    const serials = serialKeysOf(definition, input);
    const now = this.now();
    const firstRun = request.scheduledAt && request.scheduledAt > now ? request.scheduledAt : now;
    const id = randomUUID();
    try {
      const workflow = await this.db.$transaction(async (tx) => {
        const wf = await tx.workflow.create({
          data: {
            id,
            kind: request.kind,
            status: 'pending',
            title: definition.title(input),
            requestedById: request.requestedById ?? null,
            subjectPersonId: request.subjectPersonId ?? null,
            inputJson: JSON.stringify(input),
            idempotencyKey: request.idempotencyKey ?? null,
            maxParallel: Math.max(1, definition.maxParallel?.(input) ?? 1),
            slackChannel: request.slackChannel ?? null,
            scheduledAt: request.scheduledAt ?? null,
          },
        });
        await tx.workflowStep.createMany({
          data: specs.map((s, i) => newStepRow(id, s, i, s.dependsOn.length === 0 ? firstRun : null, this.options.maxAttempts)),
        });
        // the serial index (/device status <serial>), with the workflow: never a workflow its serials do not find
        if (serials.length) await tx.workflowSerial.createMany({ data: serials.map((serial) => ({ workflowId: id, serial })) });
        await tx.auditEvent.create({
          data: {
            workflowId: id,
            actor: request.actor,
            action: 'workflow.created',
            toStatus: 'pending',
            message: wf.title,
            dataJson: JSON.stringify({ kind: request.kind }),
          },
        });
        return wf;
      });
      this.emit({ type: 'workflow', workflowId: id, workflowKind: request.kind, from: null, to: 'pending', actor: request.actor, at: now });
      this.poke();
      return { workflow: toWorkflowView(workflow), created: true };
    } catch (error) {
      // Two starts with the same key at the same moment: the loser returns the winner's workflow.
      const winner = await this.startedBefore(request.idempotencyKey);
      if (winner) return winner;
      throw error;
    }
  }

  /** Indexes the serials of workflows started before the serial index existed (serial-index.ts): once, resumable,
   *  in batches. Called while the engine runs, it stops with the engine (the next start resumes). */
  async backfillSerialIndex(options: { batch?: number } = {}): Promise<BackfillResult> {
    const whileRunning = this.running;
    const deps = { db: this.db, sql: await this.sql(), definitions: this.definitions, logger: this.logger };
    return backfillSerialIndex({ ...deps, stopped: () => whileRunning && !this.running }, options);
  }

  /** The workflow already started with this idempotency key, if any. */
  private async startedBefore(idempotencyKey: string | undefined): Promise<{ workflow: WorkflowView; created: false } | undefined> {
    if (!idempotencyKey) return undefined;
    const existing = await this.db.workflow.findUnique({ where: { idempotencyKey } });
    return existing ? { workflow: toWorkflowView(existing), created: false } : undefined;
  }

  async getWorkflow(id: string): Promise<{ workflow: WorkflowView; steps: StepView[] } | null> {
    const row = await this.db.workflow.findUnique({ where: { id }, include: { steps: { orderBy: { position: 'asc' } } } });
    if (!row) return null;
    return { workflow: toWorkflowView(row), steps: row.steps.map(toStepView) };
  }

  subscribe(observer: Observer): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private emit(event: TransitionEvent): void {
    for (const observer of this.observers) {
      // Observers (the Slack layer) must never stall or break the engine.
      Promise.resolve()
        .then(() => observer(event))
        .catch((error) => this.logger.error('observer failed', { error, workflowId: event.workflowId }));
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // The run loop
  // ------------------------------------------------------------------------------------------------------------

  /** Starts polling for ready steps in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let claimed = 0;
        try {
          claimed = await this.tick();
          this.lastPollAt = new Date();
        } catch (error) {
          this.logger.error('engine tick failed', { error });
        }
        if (!this.running) break;
        if (claimed === 0 || this.inflight.size >= this.options.concurrency) await this.idle(this.options.pollMs);
      }
    })();
  }

  /** Stops claiming new steps and waits for the running ones to finish: at most `graceMs` when given. Returns how
   *  many still run; handBackLeases() then lets another instance take them over at once (lifecycle.ts). */
  async stop(options: { graceMs?: number } = {}): Promise<{ unfinished: number }> {
    this.running = false;
    this.wake?.();
    await this.loop;
    return { unfinished: await settleWithin([...this.inflight], options.graceMs) };
  }

  /** After stop(): stops renewing leases and hands back those of the steps still running (the last thing a
   *  stopping process does before it closes the database, so no abandoned action runs on for long). */
  async handBackLeases(): Promise<HandedBack[]> {
    await this.runner.stopRenewals();
    const handed = await handBackLeases(this.db, this.instanceId, this.actor, new Date());
    if (handed.length) this.logger.warn('leases handed back on stop', { steps: handed });
    return handed;
  }

  /** For the health check: whether the loop runs, and when it last polled. */
  health(): { running: boolean; lastPollAt: Date | null; inflight: number } {
    return { running: this.running, lastPollAt: this.lastPollAt, inflight: this.inflight.size };
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** Something became ready: don't wait for the next poll. */
  private poke(): void {
    this.wake?.();
  }

  /** Claims as many ready steps as there are free slots and starts them. Returns how many it claimed. */
  async tick(): Promise<number> {
    const free = this.options.concurrency - this.inflight.size;
    if (free <= 0) return 0;
    const now = this.now();
    const sql = await this.sql();
    const candidates = await findCandidates(this.db, sql, now, free * 2);
    const claims: Claimed[] = [];
    const audit: AuditInsert[] = [];
    const events: TransitionEvent[] = [];
    for (const candidate of candidates) {
      if (claims.length >= free) break;
      const claim = await claimStep(this.claims, sql, candidate, now, audit, events);
      if (claim) claims.push(claim);
    }
    // One audit statement for every claim of this poll. If the process dies right here, the steps' leases
    // expire and the takeover is audited.
    await sql.insertAudit(this.db, audit, now);
    for (const e of events) this.emit(e);
    for (const claim of claims) {
      const run = this.run(sql, claim).finally(() => {
        this.inflight.delete(run);
        this.finishedRuns++;
        this.poke();
      });
      this.inflight.add(run);
    }
    return claims.length;
  }

  /** Runs one claimed step (step-run.ts) and tells the observers what came of it. */
  private async run(sql: EngineSql, claim: Claimed): Promise<void> {
    const { workflowId } = claim.row;
    this.runningIn.set(workflowId, (this.runningIn.get(workflowId) ?? 0) + 1);
    try {
      const events = await this.runner.run(sql, claim);
      for (const e of events) this.emit(e);
      if (events.some((e) => e.to === 'pending' || e.type === 'workflow')) this.poke();
    } finally {
      const left = (this.runningIn.get(workflowId) ?? 1) - 1;
      if (left <= 0) this.runningIn.delete(workflowId);
      else this.runningIn.set(workflowId, left);
    }
  }

  /** Runs every step that is ready now, until nothing is ready and nothing runs (tests, CLI, benchmarks). */
  async runUntilIdle(options: { maxTicks?: number } = {}): Promise<void> {
    const maxTicks = options.maxTicks ?? 100_000;
    for (let i = 0; i < maxTicks; i++) {
      const finishedBefore = this.finishedRuns;
      const claimed = await this.tick();
      // Idle only if nothing finished while we polled: a step finishing meanwhile may have released another.
      if (claimed === 0 && this.inflight.size === 0 && this.finishedRuns === finishedBefore) return;
      // Let half the slots free up before polling again: one candidates query then fills several of them.
      const target = claimed === 0 ? this.inflight.size - 1 : Math.floor(this.options.concurrency / 2);
      while (this.inflight.size > Math.max(0, target)) await Promise.race([...this.inflight]);
    }
    throw new Error(`runUntilIdle: still busy after ${maxTicks} ticks`);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Signals and operator actions (each audited with the person who did it)
  // ------------------------------------------------------------------------------------------------------------

  async signal(workflowId: string, stepKey: string, signal: Json, actor: string): Promise<boolean> {
    return (await this.deliverSignal({ workflowId, stepKey, signal, actor })).delivered;
  }

  /** Stores a decision for a step that awaits one, with the caller's guarded write, in one transaction (signal.ts). */
  async deliverSignal(request: SignalRequest): Promise<SignalResult> {
    const ctx = { db: this.db, now: this.now(), kind: await this.kinds.of(request.workflowId) };
    const { result, event } = await deliverSignal(ctx, await this.sql(), request);
    if (event) this.emit(event);
    if (result.delivered) this.poke();
    return result;
  }

  async cancel(workflowId: string, actor: string, reason: string, options: CancelOptions = {}): Promise<void> {
    const now = this.now();
    const events: TransitionEvent[] = [];
    const kind = await this.kinds.of(workflowId);
    await this.db.$transaction(async (tx) => {
      const wf = await tx.workflow.findUnique({ where: { id: workflowId }, select: { status: true } });
      if (!wf) throw new ValidationError(`no workflow ${workflowId}`);
      if (wf.status === 'succeeded' || wf.status === 'cancelled') throw new ValidationError(`workflow is already ${wf.status}`);
      await tx.auditEvent.create({ data: { workflowId, actor, action: 'workflow.cancel', message: reason } });
      await endWorkflow({ tx, workflowId, kind, actor, now, events }, 'cancelled', reason);
      // Checked after endWorkflow's update took the step rows: a claim that raced us is either visible here or
      // finds its step cancelled. Throwing rolls the whole cancellation back.
      const guarded = options.unlessStarted ?? [];
      if (guarded.length && (await tx.workflowStep.count({ where: { workflowId, action: { in: [...guarded] }, startedAt: { not: null } } })) > 0)
        throw new ConflictError('a destructive step of this workflow has already started: it can no longer be cancelled as a whole', {
          code: 'destructive_started',
        });
    });
    for (const e of events) this.emit(e);
  }

  async retryStep(workflowId: string, stepKey: string, actor: string): Promise<void> {
    const data = (now: Date) => ({ status: 'pending', failures: 0, nextRunAt: now, finishedAt: null, lastError: null });
    await this.operatorChange({ workflowId, stepKey, actor, action: 'step.retry', allowed: ['failed'], to: 'pending', reason: null, data });
  }

  async skipStep(workflowId: string, stepKey: string, actor: string, reason: string): Promise<void> {
    if (!reason.trim()) throw new ValidationError('a reason is required to skip a step');
    const data = (now: Date) => ({ status: 'skipped', nextRunAt: null, finishedAt: now, outputJson: JSON.stringify({ skippedBy: actor, reason }) });
    // An approval or confirmation is never skipped, whoever asks: fix what stops it, then Retry, or Cancel.
    const refuse = (step: { decision: boolean }) =>
      step.decision
        ? new ForbiddenError(`step "${stepKey}" is an approval or confirmation: it cannot be skipped (Retry it, or cancel the workflow)`, 'step.skip')
        : null;
    const allowed: StepStatus[] = ['failed', 'waiting', 'pending', 'blocked'];
    await this.operatorChange({ workflowId, stepKey, actor, action: 'step.skip', allowed, to: 'skipped', reason, data, refuse });
  }

  private async operatorChange(change: OperatorChange): Promise<void> {
    const kind = await this.kinds.of(change.workflowId);
    const reopen = this.definitions.get(kind)?.reopenAfterFailure ?? [];
    const events = await applyOperatorChange(this.db, await this.sql(), kind, this.now(), { ...change, reopen });
    for (const e of events) this.emit(e);
    this.poke();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Audit (audit.ts)
  // ------------------------------------------------------------------------------------------------------------

  listAudit(workflowId: string): Promise<AuditEntry[]> {
    return listAudit(this.db, workflowId);
  }

  async exportAuditCsv(workflowId: string): Promise<string> {
    return auditCsv(await listAudit(this.db, workflowId));
  }
}
