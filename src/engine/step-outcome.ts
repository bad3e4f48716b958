// What one run of a step comes to: the action's result, or the error it threw, turned into the step's new
// status, the columns to write and what to tell (audit message, event detail). No I/O here: the step's
// recording (step-run.ts) writes it. A thrown error that is `retryable` (timeouts, 5xx, 429) sends the step
// back to `pending` with exponential backoff and jitter, honouring the error's Retry-After, up to
// `maxAttempts`; any other error fails the step at once.
import { errorMessage, isRetryable, retryAfterOf } from '../errors';
import { backoffMs } from '../http/retry-after';
import { parseJson, type StoredStepState } from './rows';
import type { Json, JsonObject, StepResult, StepSpec, StepStatus } from './types';

export type ColumnValue = string | number | Date | null;

export interface RetryPolicy {
  backoffBaseMs: number;
  backoffMaxMs: number;
  random: () => number;
}

/** The parts of the step's row the outcome depends on. */
export interface RunStep {
  failures: number;
  maxAttempts: number;
  stateJson: string | null;
}

export interface StepOutcome {
  to: StepStatus;
  /** the step's columns to write (the lease is always released) */
  update: Record<string, ColumnValue>;
  /** the audit row's message */
  message?: string;
  error?: string;
  /** a poll that keeps waiting for the same thing: no audit row and no event (one per poll would flood both) */
  quietPoll: boolean;
  /** what observers get as the event's `detail`: the output (succeeded), the wait (waiting), { reason, message }
   *  (a skip with a message), else the message */
  detail: Json;
  /** steps a plan adds after this one */
  addSteps?: StepSpec[];
  /** merged into the workflow's state */
  setState?: JsonObject;
  /** device serials the step found, for the serial index (raw: the engine normalises them) */
  serials?: (string | null | undefined)[];
  /** the step ended the whole workflow (`stop`) with this status */
  stopOutcome?: 'succeeded' | 'cancelled';
}

/**
 * @param quiet the run was a waiting step's timer with no signal (see Claimed.quiet): if it waits again for the
 *   same reason with the same message, nothing worth telling anyone happened
 */
export function stepOutcome(step: RunStep, run: { result?: StepResult; failure?: unknown }, quiet: boolean, now: Date, retry: RetryPolicy): StepOutcome {
  const release = { leaseOwner: null, leaseExpiresAt: null };
  const { result, failure } = run;

  if (failure !== undefined) {
    const error = errorMessage(failure);
    const failures = step.failures + 1;
    if (isRetryable(failure) && failures < step.maxAttempts) {
      const wait = Math.max(retryAfterOf(failure) ?? 0, backoffMs(failures - 1, retry.backoffBaseMs, retry.backoffMaxMs, retry.random));
      const message = `transient failure ${failures}/${step.maxAttempts}; retry in ${Math.round(wait / 1000)} s`;
      return told('pending', { ...release, status: 'pending', failures, lastError: error, nextRunAt: new Date(now.getTime() + wait) }, message, error);
    }
    const message = isRetryable(failure) ? `gave up after ${failures} attempts` : 'permanent failure';
    return told('failed', { ...release, status: 'failed', failures, lastError: error, nextRunAt: null, finishedAt: now }, message, error);
  }
  if (!result) throw new Error('no result and no failure');

  const outputJson = 'output' in result && result.output !== undefined ? JSON.stringify(result.output) : null;
  switch (result.status) {
    case 'done':
      return {
        to: 'succeeded',
        update: { ...release, status: 'succeeded', outputJson, signalJson: null, lastError: null, nextRunAt: null, finishedAt: now, failures: 0 },
        quietPoll: false,
        detail: result.output ?? null,
        addSteps: result.addSteps,
        setState: result.setState,
        serials: result.serials,
      };
    case 'skip': {
      if (!result.message)
        return told('skipped', { ...release, status: 'skipped', outputJson, signalJson: null, nextRunAt: null, finishedAt: now }, result.reason);
      // The message is kept with the output, so that a reader of the row (the thread's "said in causal order",
      // src/slack/delivery/progress.ts) finds it as the event's observers do.
      const output = result.output;
      const kept = output && typeof output === 'object' && !Array.isArray(output) ? output : output === undefined ? {} : { output };
      const update = {
        ...release,
        status: 'skipped',
        outputJson: JSON.stringify({ ...kept, message: result.message }),
        signalJson: null,
        nextRunAt: null,
        finishedAt: now,
      };
      return { to: 'skipped', update, message: result.reason, quietPoll: false, detail: { reason: result.reason, message: result.message } };
    }
    case 'stop':
      return {
        to: 'succeeded',
        update: { ...release, status: 'succeeded', outputJson, signalJson: null, nextRunAt: null, finishedAt: now },
        message: result.reason,
        quietPoll: false,
        detail: result.output ?? null,
        stopOutcome: result.outcome,
      };
    case 'wait': {
      const stored = parseJson<StoredStepState>(step.stateJson, {});
      const wait = {
        reason: result.reason,
        until: result.until ? result.until.toISOString() : null,
        ...(result.message ? { message: result.message } : {}),
        ...(result.wakeOnStepEnd ? { wakeOnStepEnd: true } : {}),
      };
      // Same reason and message as before: a poll's timer moved, nothing worth telling anyone happened.
      const unchanged = quiet && stored.w?.reason === wait.reason && JSON.stringify(stored.w?.message) === JSON.stringify(wait.message);
      const stateJson = JSON.stringify({ s: result.state ?? stored.s ?? null, w: wait });
      return {
        to: 'waiting',
        update: { ...release, status: 'waiting', stateJson, signalJson: null, nextRunAt: result.until ?? null, failures: 0 },
        message: unchanged ? undefined : `waiting (${result.reason})`,
        quietPoll: unchanged,
        // what the row now says the step waits for (parsed back, exactly as a reader of the row sees it)
        detail: unchanged ? null : (JSON.parse(stateJson) as { w: Json }).w,
      };
    }
  }
}

/** An outcome whose event detail is its message (failures, skips). */
function told(to: StepStatus, update: Record<string, ColumnValue>, message: string, error?: string): StepOutcome {
  return { to, update, message, error, quietPoll: false, detail: message };
}
