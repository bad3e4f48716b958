// What the rest of the application (Slack listeners, the CLI, the sync) may ask of the engine.
import type { Observer, StartWorkflowRequest, StepStatus, StepView, WorkflowView, Json } from './types';
import type { Tx } from './workflow-progress';

export interface AuditEntry {
  id: number;
  at: Date;
  workflowId: string | null;
  stepKey: string | null;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  message: string | null;
  error: string | null;
}

/** A signal (a person's decision) for one step. */
export interface SignalRequest {
  workflowId: string;
  stepKey: string;
  signal: Json;
  /** who sent it, for the audit trail */
  actor: string;
  /**
   * The caller's own write, in the same transaction as the signal: run once the step was found able to take the
   * signal and the signal was written; return false to undo both (e.g. the Approval row's "first decision wins"
   * update found the row already decided). So a decision and its signal are stored together or not at all.
   */
  guard?: (tx: Tx) => Promise<boolean>;
}

/** Why a signal was not stored. */
export type SignalRefusal =
  /** no such workflow or step */
  | 'not_found'
  /** the workflow has ended (succeeded or cancelled) */
  | 'workflow_ended'
  /** the step is not waiting, running or pending (blocked, failed, finished): `status` says which */
  | 'not_waiting'
  /** the step already holds a signal it has not consumed yet */
  | 'already_signalled'
  /** the caller's guard said no */
  | 'guard';

export type SignalResult = { delivered: true; from: StepStatus } | { delivered: false; why: SignalRefusal; status?: string };

export interface CancelOptions {
  /** step actions (src/domain/authorization DESTRUCTIVE_ACTIONS) whose start forbids cancelling */
  unlessStarted?: readonly string[];
}

export interface WorkflowEngineApi {
  /** Creates the workflow and its first steps (or returns the existing one for the same idempotency key). */
  startWorkflow(request: StartWorkflowRequest): Promise<{ workflow: WorkflowView; created: boolean }>;
  getWorkflow(id: string): Promise<{ workflow: WorkflowView; steps: StepView[] } | null>;
  /** Delivers a decision to a step that awaits one: a waiting step is woken; a running (polling) or pending step
   *  keeps it for its next run. False when it was not stored (see deliverSignal). */
  signal(workflowId: string, stepKey: string, signal: Json, actor: string): Promise<boolean>;
  /** signal() with the reason of a refusal, and an optional write of the caller's in the same transaction. */
  deliverSignal(request: SignalRequest): Promise<SignalResult>;
  /** Ends the workflow as cancelled. With `unlessStarted`, refused (ConflictError, code "destructive_started") when a
   *  step running one of those actions has ever started — checked in the same transaction as the cancellation. */
  cancel(workflowId: string, actor: string, reason: string, options?: CancelOptions): Promise<void>;
  retryStep(workflowId: string, stepKey: string, actor: string): Promise<void>;
  /** Skips a step with a reason. Refused (ForbiddenError) for an approval or confirmation step (StepSpec.decision). */
  skipStep(workflowId: string, stepKey: string, actor: string, reason: string): Promise<void>;
  listAudit(workflowId: string): Promise<AuditEntry[]>;
  exportAuditCsv(workflowId: string): Promise<string>;
  subscribe(observer: Observer): () => void;
}
