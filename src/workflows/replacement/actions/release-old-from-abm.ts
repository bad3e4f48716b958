// Step "abm-old": a device leaving the company must not stay ADE-assigned, or it enrolls itself again after a
// reset (DOMAIN.md: release the MDM license → unassign in ABM → wipe by hand). Unassign keeps it in the
// organisation; release removes it for good (policy REPLACEMENT_ABM_OLD_DEVICE_ACTION).
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import { inputOf, note, stateOf, type Ctx, type PollTiming } from '../../shared/step-toolkit';
import { resumeActivity, startActivity, type ActivityState, type ActivityWatch } from './abm-activity';

interface OldAbmInput extends PollTiming {
  serial: string;
  how: 'unassign' | 'release';
  serverId: string | null;
  serverName: string | null;
}

export async function releaseOldFromAbm(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<OldAbmInput>(ctx);
  const abm = ctx.services.abm;
  // said in the thread (a person should know ABM was not touched); the reason is the audit trail's
  if (!abm)
    return {
      status: 'skip',
      reason: 'ABM is not configured (ABM_PROVIDER=none)',
      message: { key: 'replacement.abm.notConfigured.old', params: { serial: input.serial } },
    };
  const params = { serial: input.serial, server: input.serverName ?? '-' };
  const watch: ActivityWatch = {
    ...input,
    kind: input.how === 'release' ? 'RELEASE_DEVICES' : 'UNASSIGN_DEVICES',
    what: input.how,
    stillRunning: (waited) => `ABM has not finished (${input.how}) ${input.serial} after ${waited}. Retry to keep waiting.`,
  };
  const state: ActivityState = { ...stateOf<ActivityState>(ctx) };
  const waiting = await resumeActivity(ctx, abm, state, watch);
  if (waiting) return waiting;

  const device = await abm.getDeviceBySerial(input.serial);
  const finished = input.how === 'release' ? device === null || device.releasedAt !== null : device === null || device.status === 'UNASSIGNED';
  if (finished) {
    await note(ctx, 'success', input.how === 'release' ? 'replacement.abm.old.released' : 'replacement.abm.old.unassigned', params);
    return { status: 'done', output: { serial: input.serial, how: input.how, at: ctx.now.toISOString() } };
  }
  if (state.activityId) {
    throw new PermanentError(`ABM reports the ${input.how} of ${input.serial} as completed, but the device is still ${device?.status ?? 'present'}.`, {
      system: 'abm',
    });
  }
  let serverId = input.serverId;
  if (input.how === 'unassign' && !serverId) serverId = (await abm.getAssignedServer(input.serial))?.id ?? null;
  return startActivity(ctx, abm, state, watch, input.how === 'release' ? null : serverId);
}
