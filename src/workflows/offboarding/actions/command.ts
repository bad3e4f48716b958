// The one way an offboarding step issues a vendor command and follows it until it is done: issued once per
// round, polled, failed on a vendor failure or when nobody answers in time. A helpdesk Retry after a failure
// issues a new command (a new round, so a new idempotency key), because replaying the first key would only
// return the same failed command (the shared operator-retry rule). Within a round the command is sent once, even
// across crashes, timeouts and 429s: issueOnce (step toolkit) records the intent before the call and asks the
// vendor before sending again (issue 12).
import { PermanentError } from '../../../errors';
import type { Json, JsonObject, StepResult } from '../../../engine/types';
import { wholeMinutes } from '../../../i18n/time';
import type { CommandHandle, MdmAction, MdmPort } from '../../../ports/mdm';
import {
  commandOnce,
  failureToThrow,
  note,
  poll,
  recordFailure,
  settleIntent,
  subKey,
  waitForVendor,
  type Ctx,
  type Failure,
  type Retryable,
} from '../../shared/step-toolkit';
import { deviceLabel, deviceMdm } from './device';

/** How often a command is polled and how long the vendor has to finish it (OFFBOARDING_* settings). */
export function commandTiming(ctx: Ctx) {
  const c = ctx.services.config;
  return {
    pollMs: c.OFFBOARDING_COMMAND_POLL,
    timeoutMs: c.OFFBOARDING_COMMAND_TIMEOUT,
    wipeTimeoutMs: c.OFFBOARDING_WIPE_TIMEOUT,
  };
}

/** A step's private state while it follows a vendor command. `round` numbers the command (see above). */
export interface CommandState extends Retryable {
  round: number;
  handle?: CommandHandle;
  issuedAt?: string;
  announced?: boolean;
  /** action-specific progress (e.g. which blocker is being cleared) */
  phase?: string;
  extra?: JsonObject;
}

/** A failure as states written before the shared toolkit kept it (a step that failed before an upgrade). */
interface EarlierFailure {
  failure?: Failure | string;
  throwAt?: number;
}

/** The state for this run: throws a failure the last run recorded; after an operator's Retry, a fresh round. */
export function commandState(ctx: Ctx): CommandState {
  const s = ctx.step.state as unknown as (Omit<CommandState, 'failure'> & EarlierFailure) | undefined;
  if (!s || typeof s !== 'object' || typeof s.round !== 'number') return { round: 0 };
  const { throwAt, failure, ...rest } = s;
  const state: CommandState = { ...rest };
  if (typeof failure === 'string') state.failure = { error: failure, attempt: (throwAt ?? 0) - 1 };
  else if (failure) state.failure = failure;
  const { error, retried } = failureToThrow(ctx, state);
  if (error) throw new PermanentError(error);
  // Run again after the failure: an operator pressed Retry. Start over with a fresh command.
  if (retried) return { round: state.round, announced: state.announced };
  return state;
}

/** Ends the step as failed on its next run, keeping the round number so that a Retry issues a new command. */
export function failSoon(ctx: Ctx, state: CommandState, message: string): StepResult {
  return recordFailure(ctx, { ...state, handle: undefined }, message);
}

/** The vendor idempotency key of this round's command: "<step key>:<round><suffix>". */
export function commandKey(ctx: Ctx, state: CommandState, suffix = ''): string {
  return subKey(ctx, `${state.round}${suffix}`);
}

/**
 * Issues the command once (per round: issueOnce), then polls it. Guided (manual) vendors return a handle whose
 * status is the ManualTask a helpdesk member confirms; the thread is told once that a guided task is waiting.
 * Returns the state with the handle when the command is done, or a StepResult to return (wait / fail).
 */
export async function followCommand(
  ctx: Ctx,
  mdm: MdmPort,
  state: CommandState,
  command: { action: MdmAction; send: (key: string) => Promise<CommandHandle> },
  options: { timeoutMs: number; keySuffix?: string },
): Promise<{ done: true; state: CommandState } | { done: false; result: StepResult }> {
  const key = commandKey(ctx, state, options.keySuffix ?? '');
  if (!state.handle) {
    const { deviceId } = deviceMdm(ctx);
    const once = await commandOnce(ctx, mdm, { key, deviceId, action: command.action, send: command.send });
    if (once.kind === 'wait')
      return {
        done: false,
        result: {
          ...waitForVendor(ctx, once, state),
          message: { key: 'offboarding.wait.command', params: { action: command.action, device: deviceLabel(ctx), manual: false } },
        },
      };
    if (once.kind === 'applied') return { done: true, state };
    state = { ...state, handle: once.handle, issuedAt: ctx.now.toISOString() };
  }
  const handle = state.handle!;
  if (handle.manual && !state.announced) {
    await note(ctx, 'instructions', 'offboarding.guided.waiting', { device: deviceLabel(ctx), action: handle.action, source: handle.source });
    state = { ...state, announced: true };
  }
  const status = await mdm.commandStatus(handle);
  if (status.state === 'done') {
    await settleIntent(ctx, key, 'done');
    return { done: true, state };
  }
  if (status.state === 'failed') {
    await settleIntent(ctx, key, 'failed', status.detail);
    const message = `${handle.action} on ${deviceLabel(ctx)} failed at ${handle.source}: ${status.detail ?? 'no detail'}`;
    await note(ctx, 'error', 'offboarding.command.failed', { device: deviceLabel(ctx), action: handle.action, detail: status.detail ?? '' });
    return { done: false, result: failSoon(ctx, state, message) };
  }
  const message = { key: 'offboarding.wait.command', params: { action: handle.action, device: deviceLabel(ctx), manual: Boolean(handle.manual) } };
  // a guided task waits for a person from the start: its wait is said at once, as before
  return { done: false, result: await waitOrTimeout(ctx, state, options.timeoutMs, message, { sayAtOnce: Boolean(handle.manual) }) };
}

/**
 * How long until a command issued `elapsedMs` ago is polled again: clamp(elapsed, pollMs / 6, pollMs). A device
 * that is online answers within seconds, so the first polls come soon and the interval grows with the wait
 * (30 s setting: after 5 s, 5 s, 10 s, 20 s, then every 30 s); a pollMs of 0 polls at once.
 */
export function commandPollMs(elapsedMs: number, pollMs: number): number {
  return Math.min(pollMs, Math.max(Math.round(pollMs / 6), elapsedMs));
}

/**
 * Polls again later, or fails the step once the deadline (from when the command was issued) has passed. The wait
 * carries its `message` (the thread's "⏸️ … is waiting" reply, said once) only once the command has been
 * outstanding for a whole OFFBOARDING_COMMAND_POLL: a device that answers within it is no news, and the parent's
 * checklist already shows the step waiting. `sayAtOnce`: a wait for a person (a guided task) is news at once.
 */
export async function waitOrTimeout(
  ctx: Ctx,
  state: CommandState,
  timeoutMs: number,
  message: JsonObject,
  options: { sayAtOnce?: boolean } = {},
): Promise<StepResult> {
  const since = state.issuedAt ? new Date(state.issuedAt) : ctx.step.firstStartedAt;
  const elapsed = ctx.now.getTime() - since.getTime();
  if (elapsed > timeoutMs) {
    const minutes = wholeMinutes(timeoutMs);
    await note(ctx, 'error', 'offboarding.command.timeout', { device: deviceLabel(ctx), step: ctx.step.key, minutes });
    return failSoon(ctx, state, `no answer for ${deviceLabel(ctx)} within ${minutes} min (${ctx.step.key})`);
  }
  const { pollMs } = commandTiming(ctx);
  const next = poll(ctx.now, commandPollMs(elapsed, pollMs), state as unknown as Json);
  // The engine tells a wait whose message changed (step-outcome.ts): the first poll past the threshold says it, once.
  return options.sayAtOnce || elapsed >= pollMs ? { ...next, message } : next;
}
