// What the rest of the application (Slack listeners, the CLI, the sync) may ask of the engine.
import type { Observer, StartWorkflowRequest, StepView, WorkflowView, Json } from './types';

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

export interface WorkflowEngineApi {
  /** Creates the workflow and its first steps (or returns the existing one for the same idempotency key). */
  startWorkflow(request: StartWorkflowRequest): Promise<{ workflow: WorkflowView; created: boolean }>;
  getWorkflow(id: string): Promise<{ workflow: WorkflowView; steps: StepView[] } | null>;
  /** Delivers a decision to a waiting step and wakes it. False if the step is not waiting (already decided). */
  signal(workflowId: string, stepKey: string, signal: Json, actor: string): Promise<boolean>;
  cancel(workflowId: string, actor: string, reason: string): Promise<void>;
  retryStep(workflowId: string, stepKey: string, actor: string): Promise<void>;
  skipStep(workflowId: string, stepKey: string, actor: string, reason: string): Promise<void>;
  /** Records where the workflow's Slack thread is. */
  setThread(workflowId: string, channel: string, threadTs: string): Promise<void>;
  listAudit(workflowId: string): Promise<AuditEntry[]>;
  exportAuditCsv(workflowId: string): Promise<string>;
  subscribe(observer: Observer): () => void;
}
