// A vendor operation that failed (an ABM activity, an MDM command, a command nobody answered in time) must fail
// the step, and an operator's Retry must start the operation over with a new idempotency key (replaying the
// first key would only return the same failed operation) — but the engine keeps the step's state across the
// failure and the Retry. So the run that finds the failure records it, with its attempt number, and comes back
// at once; the next run (attempt + 1) throws it; any later run can only be an operator's Retry (a failed step
// never runs by itself): it clears the failure and bumps `round`, which goes into the vendor idempotency key.
import type { Json, StepResult } from '../../../engine/types';
import { subKey, type Ctx } from './context';

export interface Failure {
  error: string;
  /** the attempt that found the failure */
  attempt: number;
}

/** The part of a step's state this module manages. */
export interface Retryable {
  failure?: Failure;
  round?: number;
}

/** Call at the top of a run: `error` is the failure to throw now; `retried` says an operator's Retry just reset
 *  the state (clears `failure`, bumps `round`: start the failed operation over). */
export function failureToThrow(ctx: Ctx, state: Retryable): { error: string | null; retried: boolean } {
  if (!state.failure) return { error: null, retried: false };
  if (ctx.step.attempt === state.failure.attempt + 1) return { error: state.failure.error, retried: false };
  delete state.failure;
  state.round = (state.round ?? 0) + 1;
  return { error: null, retried: true };
}

/** Records a failure found in this run; the step comes back at once and then fails with `error`. */
export function recordFailure<T extends Retryable>(ctx: Ctx, state: T, error: string): StepResult {
  return { status: 'wait', reason: 'poll', until: ctx.now, state: { ...state, failure: { error, attempt: ctx.step.attempt } } as unknown as Json };
}

/** The vendor idempotency key of an operation in the current round: "<step key>:<part>", then ":<round>" from the
 *  first Retry on. */
export function roundKey(ctx: Ctx, part: string, state: Retryable): string {
  return subKey(ctx, state.round ? `${part}:${state.round}` : part);
}
