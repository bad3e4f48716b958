// Step "abm-new": makes sure the new ADE device is assigned to the right MDM server in ABM, so that activation
// shows "Remote Management" and enrolls into our MDM. ABM usually assigns the default server by itself (DOMAIN.md);
// when the device is unassigned, or on another server and the helpdesk confirmed the move, we assign it.
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import { inputOf, note, stateOf, type Ctx, type PollTiming } from '../../shared/step-toolkit';
import { resumeActivity, startActivity, type ActivityState, type ActivityWatch } from './abm-activity';

interface AssignInput extends PollTiming {
  serial: string;
  serverId: string;
  serverName: string;
}

export async function assignNewDevice(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<AssignInput>(ctx);
  const abm = ctx.services.abm;
  // said in the thread (a person should know ABM was not touched); the reason is the audit trail's
  if (!abm)
    return {
      status: 'skip',
      reason: 'ABM is not configured (ABM_PROVIDER=none)',
      message: { key: 'replacement.abm.notConfigured.new', params: { serial: input.serial } },
    };
  const params = { serial: input.serial, server: input.serverName };
  const watch: ActivityWatch = {
    ...input,
    kind: 'ASSIGN_DEVICES',
    what: `assign to ${input.serverName}`,
    stillRunning: (waited) => `ABM has not finished assigning ${input.serial} to ${input.serverName} after ${waited}. Retry to keep waiting.`,
  };
  const state: ActivityState = { ...stateOf<ActivityState>(ctx) };
  const waiting = await resumeActivity(ctx, abm, state, watch);
  if (waiting) return waiting;

  const device = await abm.getDeviceBySerial(input.serial);
  if (!device) {
    throw new PermanentError(
      `The new device ${input.serial} is not (or no longer) in Apple Business Manager. Enroll it by hand (manual enrollment), then Skip this step.`,
      { system: 'abm' },
    );
  }
  const server = device.status === 'ASSIGNED' ? await abm.getAssignedServer(input.serial) : null;
  if (server?.id === input.serverId) {
    await note(ctx, 'success', state.activityId ? 'replacement.abm.assigned' : 'replacement.abm.alreadyAssigned', params);
    return { status: 'done', output: { serial: input.serial, serverId: input.serverId, assignedByUs: Boolean(state.activityId), at: ctx.now.toISOString() } };
  }
  if (state.activityId) {
    throw new PermanentError(
      `ABM reports the assignment of ${input.serial} as completed, but the device is on ${server?.name ?? 'no server'}, not ${input.serverName}.`,
      { system: 'abm' },
    );
  }
  // The planner decided to (re)assign; the helpdesk confirmed a move from another server in "confirm-reassign".
  return startActivity(ctx, abm, state, watch, input.serverId, () => note(ctx, 'info', 'replacement.abm.assigning', { ...params, from: server?.name ?? '-' }));
}
