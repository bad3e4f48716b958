// The durable workflow engine's vocabulary. A workflow is a persisted graph of steps (a list, by default each
// step depending on the one before); the engine claims ready steps with a lease, runs their action, and
// records the outcome. Definitions and plans are plain, deterministic data; side effects live in actions.
import type { Logger } from '../log/logger';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const STEP_STATUSES = ['blocked', 'pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const WORKFLOW_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** Steps in these statuses are finished: they never run again unless an operator retries them. */
export const FINISHED_STEP: readonly StepStatus[] = ['succeeded', 'skipped', 'cancelled', 'failed'];
/** Dependencies in these statuses let dependents start. */
export const SATISFIED_STEP: readonly StepStatus[] = ['succeeded', 'skipped'];

/** One step as a definition or a plan declares it. */
export interface StepSpec {
  /** unique within the workflow, e.g. "approve" or "delete-record:C02XYZ" */
  key: string;
  /** the registered action that runs it */
  action: string;
  /** shown in Slack's checklist: a message-catalogue key (e.g. "step.approve") or plain text */
  title: string;
  input?: JsonObject;
  /** keys this step waits for. Omitted: the step declared just before it (a plain list runs in order).
   *  [] = no dependency (starts at once; parallel branches). */
  dependsOn?: string[];
  maxAttempts?: number;
  /** an approval or confirmation step: a person's decision is the point of it, so no operator may skip it
   *  (engine.skipStep refuses; the Slack layer offers no Skip). Stored with the step. */
  decision?: boolean;
}

/** A workflow kind: how to title it and which steps it starts with. Must be deterministic. */
export interface WorkflowDefinition<I = JsonObject> {
  kind: string;
  /** validates and normalises the input; throw ValidationError for bad input */
  parseInput(input: unknown): I;
  title(input: I): string;
  steps(input: I): StepSpec[];
  /** how many steps may run at once (default 1) */
  maxParallel?(input: I): number;
  /** the device serials the input names, as typed (pure). The engine normalises them and indexes the workflow by
   *  them (WorkflowSerial, src/engine/serial-index.ts), so `/device status <serial>` finds it without knowing the
   *  kind's input. Omitted: the workflow is found by no serial. */
  serialsOf?(input: I): (string | null | undefined)[];
  /** steps that sum up the others (a final summary): when an operator retries or skips a FAILED step, those of
   *  them that already finished run again, so what they say is true when the workflow really ends (issue 15) */
  reopenAfterFailure?: readonly string[];
}

export interface WorkflowView {
  id: string;
  kind: string;
  status: WorkflowStatus;
  title: string;
  input: JsonObject;
  state: JsonObject;
  requestedById: string | null;
  subjectPersonId: string | null;
  slackChannel: string | null;
  slackThreadTs: string | null;
  scheduledAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface StepView {
  id: string;
  key: string;
  position: number;
  action: string;
  title: string;
  status: StepStatus;
  dependsOn: string[];
  input: JsonObject;
  output: Json | undefined;
  attempts: number;
  maxAttempts: number;
  nextRunAt: Date | null;
  lastError: string | null;
  idempotencyKey: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** what a waiting step waits for (from its last result) */
  wait: WaitInfo | null;
  /** an approval or confirmation step (StepSpec.decision): never skipped */
  decision: boolean;
}

export interface WaitInfo {
  reason: 'decision' | 'poll' | 'sleep';
  /** when the step runs again (reminder, next poll, wake-up); null = only a signal wakes it */
  until: string | null;
  /** what to show while waiting (catalogue key + params), for the Slack layer */
  message?: JsonObject;
  /** run again as soon as another step of the workflow ends (StepResult `wakeOnStepEnd`) */
  wakeOnStepEnd?: boolean;
}

/** What an action sees. `services` is whatever the application wired in: in the bot, the ports bundle
 *  (`Services`, src/ports/services.ts); in tests, whatever the test needs. */
export interface StepContext<S = unknown> {
  workflow: WorkflowView;
  step: {
    key: string;
    action: string;
    input: JsonObject;
    /** 1 on the first run, counting every run (polls included) */
    attempt: number;
    /** stable across retries and crashes: pass it to the vendor so a repeated call is safe */
    idempotencyKey: string;
    /** when the step first started running */
    firstStartedAt: Date;
    /** the action's private state from its last `wait` result */
    state: Json | undefined;
    /** a decision or signal delivered by engine.signal() while the step waited (or while it ran: a signal that
     *  arrives during a run is kept and delivered on the next run) */
    signal: Json | undefined;
  };
  /** outputs of the workflow's succeeded steps, by key */
  outputs: Record<string, Json | undefined>;
  now: Date;
  logger: Logger;
  services: S;
}

export type StepResult =
  /** finished: record the output; optionally add steps (a plan expands the workflow), merge into the workflow's
   *  state, and add device serials the step found to the serial index (a leaver's devices are found by the plan,
   *  not named by the input; `/device status <serial>` must still find the workflow) */
  | { status: 'done'; output?: Json; addSteps?: StepSpec[]; setState?: JsonObject; serials?: (string | null | undefined)[] }
  /** not finished: run again at `until` (poll, reminder) or when signalled (decision) */
  | {
      status: 'wait';
      reason: 'decision' | 'poll' | 'sleep';
      until?: Date;
      state?: Json;
      message?: JsonObject;
      /** also run again as soon as another step of the workflow ends (a step that watches its siblings, such as a
       *  summary, need not wait for its timer to notice they are done) */
      wakeOnStepEnd?: boolean;
    }
  /** nothing to do here. `reason` (English) is for the audit trail; `message` (catalogue key + params) is what a
   *  person should read about it, if anything: a skip the bot makes without one is not said in the thread (its goal
   *  was met; the checklist shows ⏭), one with one is said in the channel's language. Stored in the step's output. */
  | { status: 'skip'; reason: string; output?: Json; message?: JsonObject }
  /** end the whole workflow now (e.g. rejected): remaining steps are cancelled */
  | { status: 'stop'; outcome: 'succeeded' | 'cancelled'; reason: string; output?: Json };

export type StepAction<S = unknown> = (ctx: StepContext<S>) => Promise<StepResult>;

/** Every transition, as observers (the Slack layer) receive it. */
export interface TransitionEvent {
  type: 'step' | 'workflow';
  workflowId: string;
  workflowKind: string;
  stepKey?: string;
  from: string | null;
  to: string;
  actor: string;
  at: Date;
  error?: string;
  /** step output (succeeded), wait info (waiting), skip reason (skipped; { reason, message } when the skip carries
   *  a message) */
  detail?: Json;
}

export type Observer = (event: TransitionEvent) => void | Promise<void>;

export interface StartWorkflowRequest {
  kind: string;
  input: unknown;
  requestedById?: string | null;
  subjectPersonId?: string | null;
  /** a second start with the same key returns the first workflow (Slack retries, double submits) */
  idempotencyKey?: string;
  /** not before this time (scheduled offboarding) */
  scheduledAt?: Date | null;
  slackChannel?: string | null;
  /** who started it, for the audit log (Slack user id, "cli", "sync") */
  actor: string;
}
