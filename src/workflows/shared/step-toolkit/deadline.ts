// A wait with a deadline that an operator's Retry restarts. The engine keeps a step's state across a failure and
// a Retry, so a plain "now > since + timeout → throw" would fail again at once after a Retry. Instead, the run
// that finds the deadline passed records its attempt number in the state and comes back at once (it may post
// why first); the next run (attempt + 1) fails the step. A later run with a higher attempt can only be an
// operator's Retry (a failed step never runs by itself): the wait starts over.
import type { Ctx } from './context';

export interface Deadline {
  /** when the wait started (ISO) */
  since: string;
  /** the attempt that found the deadline passed */
  expiredAttempt?: number;
}

/** running: keep waiting · expired: the deadline just passed (come back at once) · fail: throw now */
export type DeadlineCheck = 'running' | 'expired' | 'fail';

/** Where the wait stands, and the deadline to keep in the state (a new one after an operator's Retry). */
export function checkDeadline(ctx: Ctx, deadline: Deadline | undefined, timeoutMs: number): { check: DeadlineCheck; deadline: Deadline } {
  const d: Deadline = deadline ? { ...deadline } : { since: ctx.now.toISOString() };
  if (d.expiredAttempt !== undefined) {
    if (ctx.step.attempt === d.expiredAttempt + 1) return { check: 'fail', deadline: d };
    return { check: 'running', deadline: { since: ctx.now.toISOString() } };
  }
  if (ctx.now.getTime() >= new Date(d.since).getTime() + timeoutMs) return { check: 'expired', deadline: { ...d, expiredAttempt: ctx.step.attempt } };
  return { check: 'running', deadline: d };
}

/** The instant the wait times out (ms since the epoch), for pollUntil. */
export function deadlineAt(deadline: Deadline, timeoutMs: number): number {
  return new Date(deadline.since).getTime() + timeoutMs;
}
