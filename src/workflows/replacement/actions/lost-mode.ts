// Step "lost-mode": deleting a record while lost mode is on makes lost mode impossible to disable without a
// wipe (DOMAIN.md). So: disable it first and wait until the MDM confirms; or, for a lost/stolen device, the
// helpdesk chooses in the thread between "keep lost mode and wipe" and "disable lost mode first". The command is
// sent once per round (commandOnce): a run that lost its answer asks the MDM before sending it again.
import type { StepResult } from '../../../engine/types';
import { NotFoundError, PermanentError } from '../../../errors';
import type { CommandHandle } from '../../../ports/mdm';
import { mdmFor } from '../../../ports/services';
import { formatDuration } from '../../../i18n/time';
import {
  askDecision,
  checkDeadline,
  commandOnce,
  deadlineAt,
  failureToThrow,
  inputOf,
  note,
  poll,
  recordFailure,
  roundKey,
  settleIntent,
  stateOf,
  waitForVendor,
  type Ctx,
  type Deadline,
  type PollTiming,
  type Retryable,
} from '../../shared/step-toolkit';
import { eligibleDecision } from './decision';

interface LostModeInput extends PollTiming {
  mode: 'disable' | 'ask';
  mdmSource: string;
  deviceId: string;
  name: string;
  deciders: string[];
}

interface LostModeState extends Retryable {
  choice: 'disable' | 'keep_and_wipe';
  chosenBy: string;
  handle: CommandHandle;
  deadline: Deadline;
}

export async function lostMode(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<LostModeInput>(ctx);
  const state: Partial<LostModeState> = { ...stateOf<LostModeState>(ctx) };
  const { error, retried } = failureToThrow(ctx, state);
  if (error) throw new PermanentError(error, { system: input.mdmSource });
  if (retried) delete state.handle; // an operator's Retry: send the command again
  const params = { name: input.name };

  let choice = state.choice ?? (input.mode === 'disable' ? 'disable' : undefined);
  let chosenBy = state.chosenBy ?? 'policy';
  if (!choice) {
    const decision = await eligibleDecision(ctx, input.deciders, 'choice');
    if (!decision) {
      await askDecision(ctx, {
        // a choice: "disable lost mode first" is an option, not a failure, so no "what went wrong?" modal
        kind: 'choice',
        deciders: input.deciders,
        summary: { key: 'replacement.lostMode.ask', params },
        confirmLabel: { key: 'replacement.lostMode.keepAndWipe' },
        rejectLabel: { key: 'replacement.lostMode.disableFirst' },
      });
      return { status: 'wait', reason: 'decision', message: { key: 'replacement.lostMode.ask', params } };
    }
    choice = decision.decision === 'approved' ? 'keep_and_wipe' : 'disable';
    chosenBy = decision.by;
    await note(ctx, 'info', `replacement.lostMode.chosen.${choice}`, { ...params, by: chosenBy });
  }
  if (choice === 'keep_and_wipe') {
    return { status: 'done', output: { choice, by: chosenBy, at: ctx.now.toISOString() } };
  }

  const mdm = mdmFor(ctx.services, input.mdmSource);
  const key = roundKey(ctx, 'disable-lost-mode', state);
  let handle = state.handle;
  if (!handle) {
    try {
      const once = await commandOnce(ctx, mdm, {
        key,
        deviceId: input.deviceId,
        action: 'disable_lost_mode',
        send: (k) => mdm.disableLostMode(input.deviceId, k),
      });
      if (once.kind === 'wait') return waitForVendor(ctx, once, { ...state, choice, chosenBy });
      if (once.kind === 'handle') handle = once.handle;
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new PermanentError(
          `The old device ${input.name} is no longer in ${input.mdmSource}; lost mode cannot be disabled. Check the MDM console, then Skip or Cancel.`,
          { cause: error },
        );
      throw error;
    }
  }
  const status = handle ? await mdm.commandStatus(handle) : { state: 'done' as const };
  if (status.state !== 'pending') await settleIntent(ctx, key, status.state, status.detail);
  if (status.state === 'failed') {
    return recordFailure(
      ctx,
      { ...state, choice, chosenBy, handle },
      `${input.mdmSource} could not disable lost mode on ${input.name}: ${status.detail ?? 'no detail'}. Its record is NOT deleted. Retry sends the command again.`,
    );
  }
  if (status.state === 'done') {
    // Where the vendor reports lost mode, believe the device, not the command.
    const device = await mdm.getDevice(input.deviceId);
    if (device.lostMode !== 'enabled') {
      await note(ctx, 'success', 'replacement.lostMode.disabled', params);
      return { status: 'done', output: { choice: 'disable', by: chosenBy, at: ctx.now.toISOString() } };
    }
  }
  const { check, deadline } = checkDeadline(ctx, state.deadline, input.timeoutMs);
  const next = { ...state, choice, chosenBy, handle: handle as never, deadline: deadline as never } as never;
  if (check === 'fail') {
    throw new PermanentError(
      `Lost mode on ${input.name} is still on after ${formatDuration(input.timeoutMs)} (the device may be offline). Its record is NOT deleted. Retry to keep waiting, or wipe it instead.`,
    );
  }
  if (check === 'expired') return poll(ctx.now, 0, next);
  return poll(ctx.now, input.pollMs, next, deadlineAt(deadline, input.timeoutMs));
}
