// Step "abm-old": a device leaving the company must not stay ADE-assigned, or it enrolls itself again after a
// reset (DOMAIN.md: release the MDM license → unassign in ABM → wipe by hand). Unassign keeps it in the
// organisation; release removes it for good (policy REPLACEMENT_ABM_OLD_DEVICE_ACTION).
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import { checkDeadline, deadlineAt, failureToThrow, humanDuration, inputOf, poll, recordFailure, roundKey, stateOf, type Ctx, type Deadline, type Retryable } from './common';
import { activityFailed, outcomeFor } from './abm-activity';

interface OldAbmInput {
  serial: string;
  how: 'unassign' | 'release';
  serverId: string | null;
  serverName: string | null;
  pollMs: number;
  timeoutMs: number;
}

interface OldAbmState extends Retryable {
  activityId?: string;
  deadline?: Deadline;
}

export async function releaseOldFromAbm(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<OldAbmInput>(ctx);
  const abm = ctx.services.abm;
  if (!abm) return { status: 'skip', reason: 'ABM is not configured (ABM_PROVIDER=none)' };
  const chat = ctx.services.chat;
  const wf = ctx.workflow.id;
  const params = { serial: input.serial, server: input.serverName ?? '-' };
  const state: OldAbmState = { ...stateOf<OldAbmState>(ctx) };
  const { error, retried } = failureToThrow(ctx, state);
  if (error) throw new PermanentError(error, { system: 'abm' });
  if (retried) delete state.activityId; // a Retry: start a new activity

  if (state.activityId) {
    const outcome = outcomeFor(await abm.getActivity(state.activityId), input.serial);
    if (outcome.state === 'failed') return recordFailure(ctx, state, activityFailed(input.how, input.serial, outcome.error).message);
    if (outcome.state === 'pending') {
      const { check, deadline } = checkDeadline(ctx, state.deadline, input.timeoutMs);
      if (check === 'fail') throw new PermanentError(`ABM has not finished (${input.how}) ${input.serial} after ${humanDuration(input.timeoutMs)}. Retry to keep waiting.`, { system: 'abm' });
      return poll(ctx.now, check === 'expired' ? 0 : input.pollMs, { ...state, deadline } as never, deadlineAt(deadline, input.timeoutMs));
    }
  }

  const device = await abm.getDeviceBySerial(input.serial);
  const finished = input.how === 'release' ? device === null || device.releasedAt !== null : device === null || device.status === 'UNASSIGNED';
  if (finished) {
    await chat.postToThread(wf, { kind: 'success', text: { key: input.how === 'release' ? 'replacement.abm.old.released' : 'replacement.abm.old.unassigned', params } });
    return { status: 'done', output: { serial: input.serial, how: input.how, at: ctx.now.toISOString() } };
  }
  if (state.activityId) {
    throw new PermanentError(`ABM reports the ${input.how} of ${input.serial} as completed, but the device is still ${device?.status ?? 'present'}.`, { system: 'abm' });
  }
  let serverId = input.serverId;
  if (input.how === 'unassign' && !serverId) serverId = (await abm.getAssignedServer(input.serial))?.id ?? null;
  const key = roundKey(ctx, input.how, state);
  const activity = input.how === 'release' ? await abm.release([input.serial], key) : await abm.unassign([input.serial], serverId!, key);
  const next: OldAbmState = { round: state.round, activityId: activity.id, deadline: { since: ctx.now.toISOString() } };
  const outcome = outcomeFor(activity, input.serial);
  if (outcome.state === 'failed') return recordFailure(ctx, next, activityFailed(input.how, input.serial, outcome.error).message);
  return poll(ctx.now, outcome.state === 'done' ? 0 : input.pollMs, next as never);
}
