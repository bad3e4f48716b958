// ABM activities (assign / unassign / release) are asynchronous: a step starts one, then follows it over several
// runs until it completes, fails, or takes too long. The activity can complete while a device in it failed, so
// its outcome is read for one serial. Both ABM steps (abm-new, abm-old) follow their activity this way.
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import type { AbmActivity, AbmPort } from '../../../ports/abm';
import { normalizeSerial } from '../../../ports/mdm';
import { formatDuration } from '../../../i18n/time';
import { checkDeadline, deadlineAt, failureToThrow, poll, recordFailure, type Ctx, type Deadline, type PollTiming, type Retryable } from '../../shared/step-toolkit';

export type ActivityOutcome = { state: 'pending' } | { state: 'done' } | { state: 'failed'; error: string };

export function outcomeFor(activity: AbmActivity, serial: string): ActivityOutcome {
  if (activity.status === 'IN_PROGRESS') return { state: 'pending' };
  const wanted = normalizeSerial(serial);
  const mine = activity.devices.find((d) => normalizeSerial(d.serial) === wanted);
  if (activity.status === 'FAILED') return { state: 'failed', error: mine?.error ?? 'the activity failed' };
  if (mine && !mine.ok) return { state: 'failed', error: mine.error ?? 'the device failed in the activity' };
  return { state: 'done' };
}

export function activityFailed(what: string, serial: string, error: string): PermanentError {
  return new PermanentError(`Apple Business Manager could not ${what} (device ${serial}): ${error}`, { system: 'abm' });
}

/** The part of an ABM step's state that follows its activity. */
export interface ActivityState extends Retryable {
  activityId?: string;
  deadline?: Deadline;
}

export interface ActivityWatch extends PollTiming {
  serial: string;
  /** what the activity does, for the failure message: "assign to …", "unassign", "release" */
  what: string;
  /** the failure message once the activity has run for `timeoutMs` (`waited`: that time, formatted) */
  stillRunning: (waited: string) => string;
}

/**
 * The top of an ABM step's run. Throws the failure the last run recorded, or starts over after an operator's Retry
 * (forgets the activity, so a new one is started); then follows the activity an earlier run started. Returns the
 * result to return now (the activity failed, or is still running), or null when there is nothing left to follow
 * (none started yet, or it completed): the step then reads the device. Mutates `state`.
 */
export async function resumeActivity(ctx: Ctx, abm: AbmPort, state: ActivityState, watch: ActivityWatch): Promise<StepResult | null> {
  const { error, retried } = failureToThrow(ctx, state);
  if (error) throw new PermanentError(error, { system: 'abm' });
  if (retried) delete state.activityId;
  if (!state.activityId) return null;
  const outcome = outcomeFor(await abm.getActivity(state.activityId), watch.serial);
  if (outcome.state === 'failed') return recordFailure(ctx, state, activityFailed(watch.what, watch.serial, outcome.error).message);
  if (outcome.state === 'done') return null;
  const { check, deadline } = checkDeadline(ctx, state.deadline, watch.timeoutMs);
  if (check === 'fail') throw new PermanentError(watch.stillRunning(formatDuration(watch.timeoutMs)), { system: 'abm' });
  return poll(ctx.now, check === 'expired' ? 0 : watch.pollMs, { ...state, deadline } as never, deadlineAt(deadline, watch.timeoutMs));
}

/** Right after starting `activity`: follow it from the next run (at once when ABM already reports it finished). */
export function activityStarted(ctx: Ctx, state: ActivityState, activity: AbmActivity, watch: ActivityWatch): StepResult {
  const next: ActivityState = { round: state.round, activityId: activity.id, deadline: { since: ctx.now.toISOString() } };
  const outcome = outcomeFor(activity, watch.serial);
  if (outcome.state === 'failed') return recordFailure(ctx, next, activityFailed(watch.what, watch.serial, outcome.error).message);
  return poll(ctx.now, outcome.state === 'done' ? 0 : watch.pollMs, next as never);
}
