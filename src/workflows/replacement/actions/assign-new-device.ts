// Step "abm-new": makes sure the new ADE device is assigned to the right MDM server in ABM, so that activation
// shows "Remote Management" and enrolls into our MDM. ABM usually assigns the default server by itself (DOMAIN.md);
// when the device is unassigned, or on another server and the helpdesk confirmed the move, we assign it.
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import { checkDeadline, deadlineAt, failureToThrow, humanDuration, inputOf, poll, recordFailure, roundKey, stateOf, type Ctx, type Deadline, type Retryable } from './common';
import { activityFailed, outcomeFor } from './abm-activity';

interface AssignInput {
  serial: string;
  serverId: string;
  serverName: string;
  pollMs: number;
  timeoutMs: number;
}

interface AssignState extends Retryable {
  activityId?: string;
  deadline?: Deadline;
}

export async function assignNewDevice(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<AssignInput>(ctx);
  const abm = ctx.services.abm;
  if (!abm) return { status: 'skip', reason: 'ABM is not configured (ABM_PROVIDER=none)' };
  const chat = ctx.services.chat;
  const wf = ctx.workflow.id;
  const params = { serial: input.serial, server: input.serverName };
  const state: AssignState = { ...stateOf<AssignState>(ctx) };
  const { error, retried } = failureToThrow(ctx, state);
  if (error) throw new PermanentError(error, { system: 'abm' });
  if (retried) delete state.activityId; // a Retry: assign again

  if (state.activityId) {
    const outcome = outcomeFor(await abm.getActivity(state.activityId), input.serial);
    if (outcome.state === 'failed') return recordFailure(ctx, state, activityFailed(`assign to ${input.serverName}`, input.serial, outcome.error).message);
    if (outcome.state === 'pending') {
      const { check, deadline } = checkDeadline(ctx, state.deadline, input.timeoutMs);
      if (check === 'fail') throw new PermanentError(`ABM has not finished assigning ${input.serial} to ${input.serverName} after ${humanDuration(input.timeoutMs)}. Retry to keep waiting.`, { system: 'abm' });
      return poll(ctx.now, check === 'expired' ? 0 : input.pollMs, { ...state, deadline } as never, deadlineAt(deadline, input.timeoutMs));
    }
  }

  const device = await abm.getDeviceBySerial(input.serial);
  if (!device) {
    throw new PermanentError(`The new device ${input.serial} is not (or no longer) in Apple Business Manager. Enroll it by hand (manual enrollment), then Skip this step.`, { system: 'abm' });
  }
  const server = device.status === 'ASSIGNED' ? await abm.getAssignedServer(input.serial) : null;
  if (server?.id === input.serverId) {
    await chat.postToThread(wf, { kind: 'success', text: { key: state.activityId ? 'replacement.abm.assigned' : 'replacement.abm.alreadyAssigned', params } });
    return { status: 'done', output: { serial: input.serial, serverId: input.serverId, assignedByUs: Boolean(state.activityId), at: ctx.now.toISOString() } };
  }
  if (state.activityId) {
    throw new PermanentError(`ABM reports the assignment of ${input.serial} as completed, but the device is on ${server?.name ?? 'no server'}, not ${input.serverName}.`, { system: 'abm' });
  }
  // The planner decided to (re)assign; the helpdesk confirmed a move from another server in "confirm-reassign".
  const activity = await abm.assign([input.serial], input.serverId, roundKey(ctx, 'assign', state));
  await chat.postToThread(wf, { kind: 'info', text: { key: 'replacement.abm.assigning', params: { ...params, from: server?.name ?? '-' } } });
  const next: AssignState = { round: state.round, activityId: activity.id, deadline: { since: ctx.now.toISOString() } };
  const outcome = outcomeFor(activity, input.serial);
  if (outcome.state === 'failed') return recordFailure(ctx, next, activityFailed(`assign to ${input.serverName}`, input.serial, outcome.error).message);
  return poll(ctx.now, outcome.state === 'done' ? 0 : input.pollMs, next as never);
}
