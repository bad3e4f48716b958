// The durable workflow engine. State lives in the database (Workflow, WorkflowStep, AuditEvent); any number of
// engine instances (processes) may run against one database:
// - a step is claimed with a compare-and-set on its `attempts` counter plus a lease (leaseOwner,
//   leaseExpiresAt), so two instances never run the same step at once, and a step whose process died is taken
//   over once its lease has expired;
// - a step's outcome is written only while the lease is still ours, in one transaction with its audit events and
//   the release of the steps that depended on it, so a crash never loses a completed step nor repeats one;
// - waiting steps cost nothing: they are rows with a `nextRunAt` (or none, until a signal arrives).
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Db, Dialect } from '../db/client';
import { EngineSql, type AuditInsert, type GraphRow } from './sql';
import { ValidationError, errorMessage, isRetryable, retryAfterOf } from '../errors';
import { backoffMs } from '../http/retry-after';
import { silentLogger, type Logger } from '../log/logger';
import type { AuditEntry, WorkflowEngineApi } from './api';
import { deriveWorkflowStatus, insertAfter, newlyReady, resolveDependencies, type GraphStep } from './graph';
import { parseJson, toStepView, toWorkflowView, type StoredStepState } from './rows';
import type {
  Json,
  JsonObject,
  Observer,
  StartWorkflowRequest,
  StepAction,
  StepResult,
  StepSpec,
  StepStatus,
  StepView,
  TransitionEvent,
  WorkflowDefinition,
  WorkflowStatus,
  WorkflowView,
} from './types';
import type { Workflow, WorkflowStep } from '../generated/sqlite/client';

export interface EngineOptions {
  leaseMs: number;
  pollMs: number;
  /** steps this instance runs at the same time */
  concurrency: number;
  /** default attempts of a step that keeps failing with transient errors */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  now: () => Date;
  random: () => number;
}

export interface EngineDeps<S> {
  db: Db;
  /** detected with a probe query when omitted */
  dialect?: Dialect;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  definitions: WorkflowDefinition<any>[];
  actions: Record<string, StepAction<S>>;
  services: S;
  instanceId?: string;
  logger?: Logger;
  options?: Partial<EngineOptions>;
}

const DEFAULTS: EngineOptions = {
  leaseMs: 60_000,
  pollMs: 500,
  concurrency: 8,
  maxAttempts: 5,
  backoffBaseMs: 1_000,
  backoffMaxMs: 300_000,
  now: () => new Date(),
  random: Math.random,
};

type AuditRow = AuditInsert;

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

interface Claimed {
  row: WorkflowStep;
  workflow: Workflow;
  /** the status the step had before we claimed it */
  from: string;
  /** a waiting step re-run on its timer with no signal: a poll, not worth an audit row or a Slack message */
  quiet: boolean;
  /** the attempts value our claim wrote: our proof of ownership */
  attempt: number;
}

export class Engine<S = unknown> implements WorkflowEngineApi {
  readonly instanceId: string;
  private readonly db: Db;
  private readonly options: EngineOptions;
  private readonly logger: Logger;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly definitions = new Map<string, WorkflowDefinition<any>>();
  private readonly actions: Record<string, StepAction<S>>;
  private readonly services: S;
  private readonly observers = new Set<Observer>();
  private readonly inflight = new Set<Promise<void>>();
  private running = false;
  /** step runs finished by this instance (runUntilIdle uses it to notice completions during a poll) */
  private finishedRuns = 0;
  private sqlReady?: Promise<EngineSql>;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(deps: EngineDeps<S>) {
    this.db = deps.db;
    this.options = { ...DEFAULTS, ...deps.options };
    this.instanceId = deps.instanceId ?? `engine-${randomUUID().slice(0, 8)}`;
    this.logger = (deps.logger ?? silentLogger).child({ engine: this.instanceId });
    for (const d of deps.definitions) this.definitions.set(d.kind, d);
    this.actions = deps.actions;
    this.services = deps.services;
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
    if (request.idempotencyKey) {
      const existing = await this.db.workflow.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
      if (existing) return { workflow: toWorkflowView(existing), created: false };
    }
    const input = definition.parseInput(request.input) as JsonObject;
    const specs = resolveDependencies(definition.steps(input));
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
        await tx.workflowStep.createMany({ data: specs.map((s, i) => this.stepRow(id, s, i, s.dependsOn.length === 0 ? firstRun : null)) });
        await tx.auditEvent.create({
          data: { workflowId: id, actor: request.actor, action: 'workflow.created', toStatus: 'pending', message: wf.title, dataJson: JSON.stringify({ kind: request.kind }) },
        });
        return wf;
      });
      this.emit({ type: 'workflow', workflowId: id, workflowKind: request.kind, from: null, to: 'pending', actor: request.actor, at: now });
      this.poke();
      return { workflow: toWorkflowView(workflow), created: true };
    } catch (error) {
      // Two starts with the same key at the same moment: the loser returns the winner's workflow.
      if (request.idempotencyKey) {
        const existing = await this.db.workflow.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
        if (existing) return { workflow: toWorkflowView(existing), created: false };
      }
      throw error;
    }
  }

  private stepRow(workflowId: string, spec: StepSpec & { dependsOn: string[] }, position: number, readyAt: Date | null) {
    return {
      id: randomUUID(),
      workflowId,
      key: spec.key,
      position,
      action: spec.action,
      title: spec.title,
      dependsOnJson: JSON.stringify(spec.dependsOn),
      inputJson: JSON.stringify(spec.input ?? {}),
      status: readyAt ? 'pending' : 'blocked',
      nextRunAt: readyAt,
      maxAttempts: spec.maxAttempts ?? this.options.maxAttempts,
      // stable for the life of the step: survives retries, crashes and takeovers
      idempotencyKey: `${workflowId}:${spec.key}`,
    };
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
        } catch (error) {
          this.logger.error('engine tick failed', { error });
        }
        if (!this.running) break;
        if (claimed === 0 || this.inflight.size >= this.options.concurrency) await this.idle(this.options.pollMs);
      }
    })();
  }

  /** Stops claiming new steps and waits for the running ones to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inflight]);
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
    const candidates = (await sql.candidates(this.db, now, free * 2)).map(({ step, workflow }) => ({ ...(step as unknown as WorkflowStep), workflow: workflow as unknown as Workflow }));
    const claims: Claimed[] = [];
    const audit: AuditRow[] = [];
    const events: TransitionEvent[] = [];
    for (const candidate of candidates) {
      if (claims.length >= free) break;
      const claim = await this.claim(sql, candidate, now, audit, events);
      if (claim) claims.push(claim);
    }
    // One audit statement for every claim of this poll. If the process dies right here, the steps' leases
    // expire and the takeover is audited.
    await sql.insertAudit(this.db, audit, now);
    for (const e of events) this.emit(e);
    for (const claim of claims) {
      const run = this.execute(claim).finally(() => {
        this.inflight.delete(run);
        this.finishedRuns++;
        this.poke();
      });
      this.inflight.add(run);
    }
    return claims.length;
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

  /** Claims one step; its audit rows and events are added to the poll's lists. */
  private async claim(sql: EngineSql, candidate: WorkflowStep & { workflow: Workflow }, now: Date, audit: AuditRow[], events: TransitionEvent[]): Promise<Claimed | null> {
    const { workflow, ...step } = candidate;
    if (workflow.status === 'cancelled') return null;
    this.rememberKind(workflow.id, workflow.kind);
    if (step.status !== 'running' && (this.runningIn.get(workflow.id) ?? 0) >= workflow.maxParallel) return null;
    if (workflow.maxParallel > 1 && step.status !== 'running') {
      // Other instances may run steps of this workflow too: ask the database.
      const running = await this.db.workflowStep.count({ where: { workflowId: workflow.id, status: 'running', leaseExpiresAt: { gte: now } } });
      if (running >= workflow.maxParallel) return null;
    }
    const attempt = step.attempts + 1;
    // Compare-and-set on `attempts`: if anyone claimed or changed the step since we read it, we lose.
    const won = await sql.claim(this.db, {
      id: step.id,
      attempts: step.attempts,
      status: step.status,
      owner: this.instanceId,
      leaseUntil: new Date(now.getTime() + this.options.leaseMs),
      now,
      takeover: step.status === 'running',
    });
    if (!won) return null;
    const row = { ...step, status: 'running', attempts: attempt, startedAt: step.startedAt ?? now };
    const takeover = step.status === 'running';
    const quiet = step.status === 'waiting' && step.signalJson === null;
    if (quiet) return { row, workflow, attempt, from: step.status, quiet };
    audit.push(
      {
        workflowId: step.workflowId,
        stepKey: step.key,
        actor: this.actor(),
        action: takeover ? 'step.takeover' : 'step.transition',
        fromStatus: step.status,
        toStatus: 'running',
        message: takeover ? `lease of ${step.leaseOwner} expired; attempt ${attempt}` : `attempt ${attempt}`,
      },
    );
    let workflowStarted = false;
    if (workflow.status !== 'running') {
      const wf = await this.db.workflow.updateMany({ where: { id: workflow.id, status: { in: ['pending', 'waiting', 'failed'] } }, data: { status: 'running' } });
      workflowStarted = wf.count === 1;
      if (workflowStarted) audit.push({ workflowId: workflow.id, stepKey: null, actor: this.actor(), action: 'workflow.transition', fromStatus: workflow.status, toStatus: 'running', message: null });
    }
    if (workflowStarted) events.push({ type: 'workflow', workflowId: workflow.id, workflowKind: workflow.kind, from: workflow.status, to: 'running', actor: this.actor(), at: now });
    events.push({ type: 'step', workflowId: workflow.id, workflowKind: workflow.kind, stepKey: step.key, from: step.status, to: 'running', actor: this.actor(), at: now });
    return { row, workflow, attempt, from: step.status, quiet };
  }

  /** steps of each workflow this instance is running now (the cheap half of the maxParallel check) */
  private readonly runningIn = new Map<string, number>();

  private rememberKind(workflowId: string, kind: string): void {
    if (this.kinds.size > 10_000) this.kinds.clear();
    this.kinds.set(workflowId, kind);
  }

  private readonly kinds = new Map<string, string>();
  private async kindOf(workflowId: string): Promise<string> {
    let kind = this.kinds.get(workflowId);
    if (!kind) {
      kind = (await this.db.workflow.findUnique({ where: { id: workflowId }, select: { kind: true } }))?.kind ?? 'unknown';
      if (this.kinds.size > 10_000) this.kinds.clear();
      this.kinds.set(workflowId, kind);
    }
    return kind;
  }

  private actor(): string {
    return `engine:${this.instanceId}`;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Running one step
  // ------------------------------------------------------------------------------------------------------------

  private async execute(claim: Claimed): Promise<void> {
    const { row } = claim;
    this.runningIn.set(row.workflowId, (this.runningIn.get(row.workflowId) ?? 0) + 1);
    const renew = setInterval(() => {
      this.db.workflowStep
        .updateMany({
          where: { id: row.id, leaseOwner: this.instanceId, attempts: claim.attempt, status: 'running' },
          data: { leaseExpiresAt: new Date(this.now().getTime() + this.options.leaseMs) },
        })
        .catch((error) => this.logger.warn('lease renewal failed', { error, step: row.key }));
    }, Math.max(50, Math.floor(this.options.leaseMs / 3)));
    let result: StepResult | undefined;
    let failure: unknown;
    try {
      result = await this.runAction(claim);
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(renew);
    }
    try {
      await this.record(claim, result, failure);
    } catch (error) {
      // The outcome could not be written (database down): the lease will expire and the step run again with
      // the same idempotency key, which is what the key is for.
      this.logger.error('could not record step outcome', { error, workflowId: row.workflowId, step: row.key });
    } finally {
      const left = (this.runningIn.get(row.workflowId) ?? 1) - 1;
      if (left <= 0) this.runningIn.delete(row.workflowId);
      else this.runningIn.set(row.workflowId, left);
    }
  }

  private async runAction(claim: Claimed): Promise<StepResult> {
    const { row } = claim;
    const action = this.actions[row.action];
    if (!action) throw new ValidationError(`no action registered under "${row.action}"`);
    const wfRow = claim.workflow;
    const done = await (await this.sql()).outputs(this.db, row.workflowId);
    const outputs: Record<string, Json | undefined> = {};
    for (const d of done) outputs[d.key] = d.outputJson === null ? undefined : parseJson<Json>(d.outputJson, null);
    const stored = parseJson<StoredStepState>(row.stateJson, {});
    return action({
      workflow: toWorkflowView(wfRow),
      step: {
        key: row.key,
        action: row.action,
        input: parseJson<JsonObject>(row.inputJson, {}),
        attempt: claim.attempt,
        idempotencyKey: row.idempotencyKey,
        firstStartedAt: row.startedAt ?? this.now(),
        state: stored.s,
        signal: row.signalJson === null ? undefined : parseJson<Json>(row.signalJson, null),
      },
      outputs,
      now: this.now(),
      logger: this.logger.child({ workflowId: row.workflowId, step: row.key }),
      services: this.services,
    });
  }

  /** Writes the outcome, if the step is still ours. */
  private async record(claim: Claimed, result: StepResult | undefined, failure: unknown): Promise<void> {
    const { row } = claim;
    const now = this.now();
    const owned = { id: row.id, leaseOwner: this.instanceId, attempts: claim.attempt, status: 'running' };
    const events: TransitionEvent[] = [];
    const kind = claim.workflow.kind;
    const ev = (to: string, extra: Partial<TransitionEvent> = {}) =>
      events.push({ type: 'step', workflowId: row.workflowId, workflowKind: kind, stepKey: row.key, from: 'running', to, actor: this.actor(), at: now, ...extra });
    const stored = parseJson<StoredStepState>(row.stateJson, {});
    const sql = await this.sql();

    const committed = await this.db.$transaction(async (tx) => {
      const audit: AuditRow[] = [];
      let update: Record<string, unknown>;
      let to: StepStatus;
      let message: string | undefined;
      let error: string | undefined;
      let added: StepSpec[] | undefined;
      let stopOutcome: 'succeeded' | 'cancelled' | undefined;
      let setState: JsonObject | undefined;
      const release = { leaseOwner: null, leaseExpiresAt: null };

      if (failure !== undefined) {
        error = errorMessage(failure);
        const failures = row.failures + 1;
        if (isRetryable(failure) && failures < row.maxAttempts) {
          const wait = Math.max(retryAfterOf(failure) ?? 0, backoffMs(failures - 1, this.options.backoffBaseMs, this.options.backoffMaxMs, this.options.random));
          to = 'pending';
          message = `transient failure ${failures}/${row.maxAttempts}; retry in ${Math.round(wait / 1000)} s`;
          update = { ...release, status: to, failures, lastError: error, nextRunAt: new Date(now.getTime() + wait) };
        } else {
          to = 'failed';
          message = isRetryable(failure) ? `gave up after ${failures} attempts` : 'permanent failure';
          update = { ...release, status: to, failures, lastError: error, nextRunAt: null, finishedAt: now };
        }
      } else if (!result) {
        throw new Error('no result and no failure');
      } else if (result.status === 'done') {
        to = 'succeeded';
        update = { ...release, status: to, outputJson: result.output === undefined ? null : JSON.stringify(result.output), signalJson: null, lastError: null, nextRunAt: null, finishedAt: now, failures: 0 };
        added = result.addSteps;
        setState = result.setState;
      } else if (result.status === 'skip') {
        to = 'skipped';
        message = result.reason;
        update = { ...release, status: to, outputJson: result.output === undefined ? null : JSON.stringify(result.output), signalJson: null, nextRunAt: null, finishedAt: now };
      } else if (result.status === 'stop') {
        to = 'succeeded';
        message = result.reason;
        stopOutcome = result.outcome;
        update = { ...release, status: to, outputJson: result.output === undefined ? null : JSON.stringify(result.output), signalJson: null, nextRunAt: null, finishedAt: now };
      } else {
        to = 'waiting';
        const wait = { reason: result.reason, until: result.until ? result.until.toISOString() : null, ...(result.message ? { message: result.message } : {}) };
        // Same reason and message as before: a poll's timer moved, nothing worth telling anyone happened.
        const unchanged = claim.quiet && stored.w?.reason === wait.reason && JSON.stringify(stored.w?.message) === JSON.stringify(wait.message);
        message = unchanged ? undefined : `waiting (${result.reason})`;
        update = { ...release, status: to, stateJson: JSON.stringify({ s: result.state ?? stored.s ?? null, w: wait }), signalJson: null, nextRunAt: result.until ?? null, failures: 0 };
      }

      // Lock the workflow first (PostgreSQL): completions of one workflow's parallel branches go one at a time.
      // The same statement reads the step graph, which the lock keeps stable until we commit.
      const wf = await sql.lockAndGraph(tx, row.workflowId);
      if (!wf) return false;
      const mine = await sql.finish(tx, { id: row.id, owner: this.instanceId, attempts: claim.attempt }, { ...update, updatedAt: now } as Record<string, string | number | Date | null>);
      if (!mine) return false; // cancelled or taken over meanwhile: our result is void
      const graphNow = wf.steps.map((s) => (s.id === row.id ? { ...s, status: to } : s));

      // A poll that keeps waiting is not a transition worth an audit row each time (it would flood the log).
      const quietPoll = to === 'waiting' && message === undefined;
      if (!quietPoll)
        audit.push({ workflowId: row.workflowId, stepKey: row.key, actor: this.actor(), action: 'step.transition', fromStatus: 'running', toStatus: to, message: message ?? null, error: error ?? null });
      if (!quietPoll) ev(to, {
        error,
        detail: to === 'succeeded' ? ((result as { output?: Json })?.output ?? null) : to === 'waiting' ? (JSON.parse(update.stateJson as string).w as Json) : (message ?? null),
      });

      if (setState) await sql.setWorkflowState(tx, row.workflowId, JSON.stringify({ ...parseJson<JsonObject>(wf.stateJson, {}), ...setState }), now);
      if (stopOutcome) {
        await sql.insertAudit(tx, audit, now);
        await this.finishEarly(tx, row.workflowId, stopOutcome, message ?? '', now, events, kind);
        return true;
      }
      await this.advance(tx, sql, row.workflowId, wf.status, row.key, added, now, events, kind, audit, this.actor(), graphNow);
      await sql.insertAudit(tx, audit, now);
      return true;
    });
    if (!committed) {
      this.logger.info('step outcome discarded: the step was cancelled or taken over', { workflowId: row.workflowId, step: row.key });
      return;
    }
    for (const e of events) this.emit(e);
    if (events.some((e) => e.to === 'pending' || e.type === 'workflow')) this.poke();
  }

  /** Adds planned steps, releases steps whose dependencies are now satisfied, and updates the workflow status.
   *  Audit rows go into `audit` (the caller writes them in one statement). */
  private async advance(
    tx: Tx,
    sql: EngineSql,
    workflowId: string,
    workflowStatus: string,
    parentKey: string | null,
    added: StepSpec[] | undefined,
    now: Date,
    events: TransitionEvent[],
    kind: string,
    audit: AuditRow[],
    actor = this.actor(),
    prefetched?: GraphRow[],
  ): Promise<void> {
    let steps = prefetched ?? (await sql.graph(tx, workflowId));
    if (added && added.length > 0 && parentKey) {
      const graph = steps.map((s) => ({ key: s.key, dependsOn: parseJson<string[]>(s.dependsOnJson, []) }));
      const plan = insertAfter(graph, parentKey, added);
      const base = Math.max(...steps.map((s) => s.position)) + 1;
      await tx.workflowStep.createMany({ data: plan.added.map((s, i) => this.stepRow(workflowId, s, base + i, null)) });
      for (const r of plan.rewired) await tx.workflowStep.updateMany({ where: { workflowId, key: r.key }, data: { dependsOnJson: JSON.stringify(r.dependsOn) } });
      audit.push({ workflowId, stepKey: parentKey, actor, action: 'workflow.planned', message: `${plan.added.length} steps added`, dataJson: JSON.stringify(plan.added.map((s) => s.key)) });
      steps = await sql.graph(tx, workflowId);
    }
    const graph: GraphStep[] = steps.map((s) => ({ key: s.key, status: s.status as StepStatus, dependsOn: parseJson<string[]>(s.dependsOnJson, []), nextRunAt: s.nextRunAt }));
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
    const next = deriveWorkflowStatus(graph, now, steps.some((s) => s.startedAt !== null));
    if (next === workflowStatus) return;
    await sql.setWorkflowStatus(tx, workflowId, next, next === 'succeeded' ? now : null, now);
    audit.push({ workflowId, actor, action: 'workflow.transition', fromStatus: workflowStatus, toStatus: next });
    events.push({ type: 'workflow', workflowId, workflowKind: kind, from: workflowStatus, to: next, actor, at: now });
  }

  /** A step ended the workflow (e.g. rejected): every unfinished step is cancelled. */
  private async finishEarly(tx: Tx, workflowId: string, outcome: WorkflowStatus, reason: string, now: Date, events: TransitionEvent[], kind: string, actor = this.actor()): Promise<void> {
    const open = await tx.workflowStep.findMany({ where: { workflowId, status: { in: ['blocked', 'pending', 'waiting', 'running', 'failed'] } }, select: { key: true, status: true } });
    await tx.workflowStep.updateMany({
      where: { workflowId, status: { in: ['blocked', 'pending', 'waiting', 'running', 'failed'] } },
      data: { status: 'cancelled', leaseOwner: null, leaseExpiresAt: null, nextRunAt: null, finishedAt: now },
    });
    if (open.length > 0)
      await tx.auditEvent.createMany({ data: open.map((s) => ({ workflowId, stepKey: s.key, actor, action: 'step.transition', fromStatus: s.status, toStatus: 'cancelled', message: reason })) });
    for (const s of open) events.push({ type: 'step', workflowId, workflowKind: kind, stepKey: s.key, from: s.status, to: 'cancelled', actor, at: now, detail: reason });
    const wf = await tx.workflow.findUnique({ where: { id: workflowId }, select: { status: true } });
    await tx.workflow.update({ where: { id: workflowId }, data: { status: outcome, finishedAt: now } });
    await tx.auditEvent.create({ data: { workflowId, actor, action: 'workflow.transition', fromStatus: wf?.status ?? null, toStatus: outcome, message: reason } });
    events.push({ type: 'workflow', workflowId, workflowKind: kind, from: wf?.status ?? null, to: outcome, actor, at: now, detail: reason });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Signals and operator actions (each audited with the person who did it)
  // ------------------------------------------------------------------------------------------------------------

  async signal(workflowId: string, stepKey: string, signal: Json, actor: string): Promise<boolean> {
    const now = this.now();
    const res = await this.db.workflowStep.updateMany({
      where: { workflowId, key: stepKey, status: 'waiting' },
      data: { status: 'pending', signalJson: JSON.stringify(signal), nextRunAt: now },
    });
    if (res.count !== 1) return false;
    await this.db.auditEvent.create({ data: { workflowId, stepKey, actor, action: 'step.signal', fromStatus: 'waiting', toStatus: 'pending', dataJson: JSON.stringify(signal) } });
    this.emit({ type: 'step', workflowId, workflowKind: await this.kindOf(workflowId), stepKey, from: 'waiting', to: 'pending', actor, at: now, detail: signal });
    this.poke();
    return true;
  }

  async cancel(workflowId: string, actor: string, reason: string): Promise<void> {
    const now = this.now();
    const events: TransitionEvent[] = [];
    const kind = await this.kindOf(workflowId);
    await this.db.$transaction(async (tx) => {
      const wf = await tx.workflow.findUnique({ where: { id: workflowId }, select: { status: true } });
      if (!wf) throw new ValidationError(`no workflow ${workflowId}`);
      if (wf.status === 'succeeded' || wf.status === 'cancelled') throw new ValidationError(`workflow is already ${wf.status}`);
      await tx.auditEvent.create({ data: { workflowId, actor, action: 'workflow.cancel', message: reason } });
      await this.finishEarly(tx, workflowId, 'cancelled', reason, now, events, kind, actor);
    });
    for (const e of events) this.emit(e);
  }

  async retryStep(workflowId: string, stepKey: string, actor: string): Promise<void> {
    await this.operatorChange(workflowId, stepKey, actor, 'step.retry', ['failed'], 'pending', null, (now) => ({
      status: 'pending',
      failures: 0,
      nextRunAt: now,
      finishedAt: null,
      lastError: null,
    }));
  }

  async skipStep(workflowId: string, stepKey: string, actor: string, reason: string): Promise<void> {
    if (!reason.trim()) throw new ValidationError('a reason is required to skip a step');
    await this.operatorChange(workflowId, stepKey, actor, 'step.skip', ['failed', 'waiting', 'pending', 'blocked'], 'skipped', reason, (now) => ({
      status: 'skipped',
      nextRunAt: null,
      finishedAt: now,
      outputJson: JSON.stringify({ skippedBy: actor, reason }),
    }));
  }

  private async operatorChange(
    workflowId: string,
    stepKey: string,
    actor: string,
    action: string,
    allowed: StepStatus[],
    to: StepStatus,
    reason: string | null,
    data: (now: Date) => Record<string, unknown>,
  ): Promise<void> {
    const now = this.now();
    const events: TransitionEvent[] = [];
    const kind = await this.kindOf(workflowId);
    const sql = await this.sql();
    await this.db.$transaction(async (tx) => {
      await sql.lockWorkflow(tx, workflowId);
      const step = await tx.workflowStep.findUnique({ where: { workflowId_key: { workflowId, key: stepKey } } });
      if (!step) throw new ValidationError(`no step "${stepKey}" in workflow ${workflowId}`);
      const wf = await tx.workflow.findUnique({ where: { id: workflowId }, select: { status: true } });
      if (wf?.status === 'cancelled') throw new ValidationError('the workflow was cancelled');
      if (!allowed.includes(step.status as StepStatus)) throw new ValidationError(`step "${stepKey}" is ${step.status}; only ${allowed.join('/')} steps can be changed this way`);
      const res = await tx.workflowStep.updateMany({ where: { id: step.id, status: step.status, attempts: step.attempts }, data: data(now) });
      if (res.count !== 1) throw new ValidationError(`step "${stepKey}" changed meanwhile; try again`);
      await tx.auditEvent.create({ data: { workflowId, stepKey, actor, action, fromStatus: step.status, toStatus: to, message: reason } });
      events.push({ type: 'step', workflowId, workflowKind: kind, stepKey, from: step.status, to, actor, at: now, detail: reason });
      const audit: AuditRow[] = [];
      await this.advance(tx, sql, workflowId, wf?.status ?? 'running', null, undefined, now, events, kind, audit, actor);
      await sql.insertAudit(tx, audit, now);
    });
    for (const e of events) this.emit(e);
    this.poke();
  }

  async setThread(workflowId: string, channel: string, threadTs: string): Promise<void> {
    await this.db.workflow.update({ where: { id: workflowId }, data: { slackChannel: channel, slackThreadTs: threadTs } });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Audit
  // ------------------------------------------------------------------------------------------------------------

  async listAudit(workflowId: string): Promise<AuditEntry[]> {
    const rows = await this.db.auditEvent.findMany({ where: { workflowId }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      workflowId: r.workflowId,
      stepKey: r.stepKey,
      actor: r.actor,
      action: r.action,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      message: r.message,
      error: r.error,
    }));
  }

  async exportAuditCsv(workflowId: string): Promise<string> {
    const rows = await this.listAudit(workflowId);
    return stringify(
      rows.map((r) => [r.id, r.at.toISOString(), r.workflowId ?? '', r.stepKey ?? '', r.actor, r.action, r.fromStatus ?? '', r.toStatus ?? '', r.message ?? '', r.error ?? '']),
      { header: true, columns: ['id', 'at', 'workflow_id', 'step', 'actor', 'action', 'from_status', 'to_status', 'message', 'error'] },
    );
  }
}
