// What an engine instance is built from (the database, the workflow definitions, the step actions and the
// services they call) and how it behaves (leases, polling, concurrency, retries).
import type { Db } from '../db/client';
import type { Dialect } from '../db/dialect';
import type { Logger } from '../log/logger';
import type { StepAction, WorkflowDefinition } from './types';

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
  // biome-ignore lint/suspicious/noExplicitAny: the engine holds workflows of every state type
  definitions: WorkflowDefinition<any>[];
  actions: Record<string, StepAction<S>>;
  services: S;
  instanceId?: string;
  logger?: Logger;
  options?: Partial<EngineOptions>;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  leaseMs: 60_000,
  pollMs: 500,
  concurrency: 8,
  maxAttempts: 5,
  backoffBaseMs: 1_000,
  backoffMaxMs: 300_000,
  now: () => new Date(),
  random: Math.random,
};
