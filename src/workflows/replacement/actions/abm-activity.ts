// ABM activities (assign / unassign / release) are asynchronous: a step starts one, then follows it over several
// runs until it completes, fails, or takes too long. The activity can complete while a device in it failed, so
// its outcome is read for one serial. Both ABM steps (abm-new, abm-old) follow their activity this way, and start
// it once per round (startActivity: activityOnce of the step toolkit, issue 12).
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import type { AbmActivity, AbmActivityRequest, AbmPort } from '../../../ports/abm';
import { normalizeSerial } from '../../../ports/mdm';
import { formatDuration } from '../../../i18n/time';
import {
  activityOnce,
  checkDeadline,
  deadlineAt,
  failureToThrow,
  poll,
  recordFailure,
  roundKey,
  settleIntent,
  waitForVendor,
  type Ctx,
  type Deadline,
  type PollTiming,
  type Retryable,
} from '../../shared/step-toolkit';

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
  /** ABM already showed the change when the activity's lost answer was looked for */
  applied?: boolean;
  deadline?: Deadline;
}

export interface ActivityWatch extends PollTiming {
  serial: string;
  /** the activity's kind (Apple's activity resource does not say it) */
  kind: AbmActivityRequest['kind'];
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
  const outcome = outcomeFor(await abm.getActivity(state.activityId, { kind: watch.kind, serials: [watch.serial] }), watch.serial);
  if (outcome.state !== 'pending') await settleIntent(ctx, activityKey(ctx, watch, state), outcome.state === 'done' ? 'done' : 'failed');
  if (outcome.state === 'failed') return recordFailure(ctx, state, activityFailed(watch.what, watch.serial, outcome.error).message);
  if (outcome.state === 'done') return null;
  const { check, deadline } = checkDeadline(ctx, state.deadline, watch.timeoutMs);
  if (check === 'fail') throw new PermanentError(watch.stillRunning(formatDuration(watch.timeoutMs)), { system: 'abm' });
  return poll(ctx.now, check === 'expired' ? 0 : watch.pollMs, { ...state, deadline } as never, deadlineAt(deadline, watch.timeoutMs));
}

/** The step's vendor key for its activity in this round (also the intent's key). */
function activityKey(ctx: Ctx, watch: ActivityWatch, state: ActivityState): string {
  return roundKey(ctx, watch.kind === 'ASSIGN_DEVICES' ? 'assign' : watch.kind === 'RELEASE_DEVICES' ? 'release' : 'unassign', state);
}

/** Starts the activity once per round and follows it from the next run: a run that lost the answer to the POST
 *  learns from ABM whether it arrived (activityOnce); ABM already showing the change counts as completed. */
export async function startActivity(
  ctx: Ctx,
  abm: AbmPort,
  state: ActivityState,
  watch: ActivityWatch,
  serverId: string | null,
  announce?: () => Promise<void>,
): Promise<StepResult> {
  const request: AbmActivityRequest = { kind: watch.kind, serials: [watch.serial], serverId };
  const send = (key: string) =>
    watch.kind === 'ASSIGN_DEVICES'
      ? abm.assign([watch.serial], serverId!, key)
      : watch.kind === 'RELEASE_DEVICES'
        ? abm.release([watch.serial], key)
        : abm.unassign([watch.serial], serverId!, key);
  const once = await activityOnce(ctx, abm, { key: activityKey(ctx, watch, state), request, send });
  if (once.kind === 'wait') return waitForVendor(ctx, once, state);
  if (once.kind === 'applied') {
    // ABM shows the change already: the next run reads the device and finishes (once: no loop if it does not).
    if (state.applied)
      throw new PermanentError(
        `ABM shows the ${watch.what} of ${watch.serial} as made, but the device is not as expected. Check it in Apple Business Manager.`,
        { system: 'abm' },
      );
    return poll(ctx.now, 0, { round: state.round, applied: true } as never);
  }
  if (once.via === 'answer') await announce?.();
  return activityStarted(ctx, state, once.handle, watch);
}

/** Right after starting `activity`: follow it from the next run (at once when ABM already reports it finished). */
export function activityStarted(ctx: Ctx, state: ActivityState, activity: AbmActivity, watch: ActivityWatch): StepResult {
  const next: ActivityState = { round: state.round, activityId: activity.id, deadline: { since: ctx.now.toISOString() } };
  const outcome = outcomeFor(activity, watch.serial);
  if (outcome.state === 'failed') return recordFailure(ctx, next, activityFailed(watch.what, watch.serial, outcome.error).message);
  return poll(ctx.now, outcome.state === 'done' ? 0 : watch.pollMs, next as never);
}
