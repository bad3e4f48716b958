// Database rows ↔ the engine's views, and the row of a new step. JSON columns are parsed here and nowhere else.
import { randomUUID } from 'node:crypto';
import type { Workflow, WorkflowStep } from '../generated/sqlite/client';
import type { Json, JsonObject, StepSpec, StepStatus, StepView, WaitInfo, WorkflowStatus, WorkflowView } from './types';

export function parseJson<T = Json>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A waiting step keeps two things between runs: the action's private state and what it waits for. */
export interface StoredStepState {
  s?: Json;
  w?: WaitInfo;
}

export function toWorkflowView(row: Workflow): WorkflowView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as WorkflowStatus,
    title: row.title,
    input: parseJson<JsonObject>(row.inputJson, {}),
    state: parseJson<JsonObject>(row.stateJson, {}),
    requestedById: row.requestedById,
    subjectPersonId: row.subjectPersonId,
    slackChannel: row.slackChannel,
    slackThreadTs: row.slackThreadTs,
    scheduledAt: row.scheduledAt,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export function toStepView(row: WorkflowStep): StepView {
  const stored = parseJson<StoredStepState>(row.stateJson, {});
  return {
    id: row.id,
    key: row.key,
    position: row.position,
    action: row.action,
    title: row.title,
    status: row.status as StepStatus,
    dependsOn: parseJson<string[]>(row.dependsOnJson, []),
    input: parseJson<JsonObject>(row.inputJson, {}),
    output: row.outputJson === null ? undefined : parseJson<Json>(row.outputJson, null),
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    nextRunAt: row.nextRunAt,
    lastError: row.lastError,
    idempotencyKey: row.idempotencyKey,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    wait: row.status === 'waiting' ? (stored.w ?? null) : null,
    decision: Boolean(row.decision),
  };
}

/** The row of a new step: `pending` from `readyAt`, or `blocked` (readyAt null) until its dependencies finish. */
export function newStepRow(workflowId: string, spec: StepSpec & { dependsOn: string[] }, position: number, readyAt: Date | null, defaultMaxAttempts: number) {
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
    maxAttempts: spec.maxAttempts ?? defaultMaxAttempts,
    decision: spec.decision ?? false,
    // stable for the life of the step: survives retries, crashes and takeovers
    idempotencyKey: `${workflowId}:${spec.key}`,
  };
}
