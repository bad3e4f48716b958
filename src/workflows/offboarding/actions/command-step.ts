// The shape of most per-device MDM steps: check the MDM can do it by API, issue the command and follow it
// (command.ts), then, where a wrong assumption would be harmful, re-read the device until it shows the result —
// a scheduled offboarding may run days after its plan was made, and a command "done" is not a device changed.
import { PermanentError } from '../../../errors';
import type { StepAction, StepResult } from '../../../engine/types';
import type { CommandHandle, MdmAction, MdmDevice, MdmPort } from '../../../ports/mdm';
import type { Services } from '../../../ports/services';
import { note, nullIfNotFound, type Ctx } from '../../shared/step-toolkit';
import { commandState, commandTiming, followCommand, waitOrTimeout } from './command';
import { deviceLabel, deviceMdm } from './device';

/** The port action each command step sends (the intent names it; the vendor is asked for it). */
const ACTION_OF: Record<string, MdmAction> = {
  wipe: 'wipe',
  retire: 'retire',
  disableLostMode: 'disable_lost_mode',
  removeProfiles: 'remove_profiles',
  revokeVpp: 'revoke_vpp_licenses',
  removeCertificates: 'remove_certificates',
};

/**
 * A command step whose only check is the vendor's command status, plus an optional confirmation read of the device.
 * `capability`: the MDM capability it needs; without it (and without a guided fallback) the step stops with the
 * console instruction.
 */
export function commandStep(
  name: string,
  issue: (mdm: MdmPort, deviceId: string, key: string, ctx: Ctx) => Promise<CommandHandle>,
  confirm?: (device: MdmDevice | null, ctx: Ctx) => boolean,
  capability?: keyof MdmPort['capabilities'],
): StepAction<Services> {
  return async (ctx): Promise<StepResult> => {
    const { mdm, deviceId } = deviceMdm(ctx);
    let state = commandState(ctx);
    if (capability && !mdm.capabilities[capability] && !mdm.capabilities.manual) {
      await note(
        ctx,
        'error',
        'offboarding.unsupported',
        { device: deviceLabel(ctx), action: name, source: mdm.source },
        {
          action: { key: `offboarding.instruction.${name}`, params: { device: deviceLabel(ctx), source: mdm.source } },
        },
      );
      throw new PermanentError(`${mdm.source} cannot ${name} by API: do it in the console, then skip this step`);
    }
    const timing = commandTiming(ctx);
    const timeoutMs = name === 'wipe' ? timing.wipeTimeoutMs : timing.timeoutMs;
    if (state.phase !== 'confirm') {
      const action = ACTION_OF[name];
      if (!action) throw new PermanentError(`offboarding: no port action for the command step "${name}"`);
      const followed = await followCommand(ctx, mdm, state, { action, send: (key) => issue(mdm, deviceId, key, ctx) }, { timeoutMs });
      if (!followed.done) return followed.result;
      state = { ...followed.state, phase: 'confirm' };
    }
    if (confirm && !state.handle?.manual) {
      const device = await nullIfNotFound(mdm.getDevice(deviceId));
      if (!confirm(device, ctx))
        return waitOrTimeout(ctx, state, timeoutMs, { key: 'offboarding.wait.confirm', params: { device: deviceLabel(ctx), action: name } });
      return { status: 'done', output: { command: state.handle?.id ?? null, state: device?.managementState ?? 'deleted', lostMode: device?.lostMode ?? null } };
    }
    return { status: 'done', output: { command: state.handle?.id ?? null, manual: Boolean(state.handle?.manual) } };
  };
}
