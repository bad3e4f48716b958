// A step that waits for something outside (a command, an enrollment, an ABM activity) returns "wait" and is run
// again at the next poll. Nothing runs in between: a waiting step is a row with a nextRunAt.
import type { Json, StepResult } from '../../../engine/types';

/** The next poll: `pollMs` from now, but never later than the next deadline still ahead (reminder, timeout). */
export function pollUntil(now: Date, pollMs: number, ...deadlines: (number | null | undefined)[]): Date {
  let at = now.getTime() + pollMs;
  for (const d of deadlines) if (d !== null && d !== undefined && d > now.getTime()) at = Math.min(at, d);
  return new Date(at);
}

/** How often a waiting step looks again, and how long it waits at most: the planner writes both into the
 *  step's input (from the configuration). */
export interface PollTiming {
  pollMs: number;
  timeoutMs: number;
}

/** A step's "wait" result (to add a `message` to). */
export type WaitResult = Extract<StepResult, { status: 'wait' }>;

/** Wait for the next poll (see pollUntil), keeping `state` for that run. A `pollMs` of 0 runs again at once. */
export function poll(now: Date, pollMs: number, state: Json, ...deadlines: (number | null | undefined)[]): WaitResult {
  return { status: 'wait', reason: 'poll', until: pollUntil(now, pollMs, ...deadlines), state };
}
