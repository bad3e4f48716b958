// Step "delete record": deletes the MDM record (frees the license) and confirms it is gone. Lost mode still on ⇒
// refuse (the record's deletion would make lost mode impossible to disable). VPP licenses / a certificate refusing
// the deletion are cleared once automatically when the MDM can do it; otherwise the step stops with the console
// instruction.
import { BlockedError } from '../../../errors';
import type { Json, StepAction, StepResult } from '../../../engine/types';
import type { MdmPort } from '../../../ports/mdm';
import type { Services } from '../../../ports/services';
import { note, nullIfNotFound, settleIntent, type Ctx } from '../../shared/step-toolkit';
import { commandKey, commandState, commandTiming, followCommand, waitOrTimeout, type CommandState } from './command';
import { deviceLabel, deviceMdm, isGreyedOut } from './device';

export const deleteRecord: StepAction<Services> = async (ctx): Promise<StepResult> => {
  const { mdm, deviceId } = deviceMdm(ctx);
  let state = commandState(ctx);
  const label = deviceLabel(ctx);
  const { timeoutMs } = commandTiming(ctx);

  if (!state.handle && state.phase === undefined) {
    const device = await nullIfNotFound(mdm.getDevice(deviceId));
    if (device === null || device.managementState === 'deleted') {
      await settleIntent(ctx, commandKey(ctx, state), 'done'); // a deletion of ours whose answer was lost, maybe
      // the goal is met: no message, so the thread is not told (the checklist and the summary show ⏭)
      return { status: 'skip', reason: 'the record is already gone', output: { alreadyGone: true } };
    }
    if (device.lostMode === 'enabled' && !isGreyedOut(device)) {
      await note(
        ctx,
        'error',
        'offboarding.blocked.lostMode',
        { device: label },
        { action: { key: 'offboarding.instruction.lostMode', params: { device: label } } },
      );
      throw new BlockedError(`lost mode is active on ${label}: disable it (or wipe the device) before deleting its record`, 'lost_mode');
    }
  }

  // Clearing a blocker the MDM reported (phase "clear:<reason>")
  if (state.phase?.startsWith('clear:')) {
    const reason = state.phase.slice('clear:'.length);
    const followed = await followCommand(
      ctx,
      mdm,
      state,
      reason === 'vpp_licenses'
        ? { action: 'revoke_vpp_licenses', send: (key) => mdm.revokeVppLicenses(deviceId, key) }
        : { action: 'remove_certificates', send: (key) => mdm.removeCertificates(deviceId, key) },
      { timeoutMs, keySuffix: `:${reason}` },
    );
    if (!followed.done) return followed.result;
    state = { round: followed.state.round, announced: followed.state.announced, extra: { ...(state.extra ?? {}), [reason]: true } };
  }

  if (state.phase !== 'confirm') {
    let followed: Awaited<ReturnType<typeof followCommand>>;
    try {
      const send = (key: string) => mdm.deleteRecord(deviceId, key, { removeAutoInstalledApps: ctx.step.input.keepAutoInstalledApps !== true });
      followed = await followCommand(ctx, mdm, state, { action: 'delete', send }, { timeoutMs });
    } catch (error) {
      if (!(error instanceof BlockedError)) throw error;
      return clearOrStop(ctx, mdm, state, error);
    }
    if (!followed.done) return followed.result;
    state = { ...followed.state, phase: 'confirm' };
  }

  const device = await nullIfNotFound(mdm.getDevice(deviceId));
  if (device !== null && device.managementState !== 'deleted' && !state.handle?.manual)
    return waitOrTimeout(ctx, state, timeoutMs, { key: 'offboarding.wait.confirm', params: { device: label, action: 'delete' } });
  const license = mdm.capabilities.licenseStatus ? await mdm.licenseStatus().catch(() => null) : null;
  return {
    status: 'done',
    output: { command: state.handle?.id ?? null, deleted: true, freeLicenses: license?.known ? (license.free ?? null) : null } as Json,
  };
};

/** The MDM refused the deletion: clear the blocker once when the MDM can (VPP licenses, a certificate), then delete
 *  again; otherwise stop with the console instruction. */
async function clearOrStop(ctx: Ctx, mdm: MdmPort, state: CommandState, error: BlockedError): Promise<StepResult> {
  const label = deviceLabel(ctx);
  const reason = error.reason;
  const canClear =
    (reason === 'vpp_licenses' && (mdm.capabilities.revokeVppLicenses || mdm.capabilities.manual)) ||
    (reason === 'certificate' && (mdm.capabilities.removeCertificates || mdm.capabilities.manual));
  if (canClear && !state.extra?.[reason]) {
    await note(ctx, 'warning', `offboarding.blocked.${reason === 'vpp_licenses' ? 'vpp' : 'certificate'}.clearing`, { device: label });
    const next: CommandState = { round: state.round, announced: state.announced, phase: `clear:${reason}`, extra: state.extra };
    return {
      status: 'wait',
      reason: 'poll',
      until: ctx.now,
      state: next as unknown as Json,
      message: { key: 'offboarding.wait.clearing', params: { device: label, reason } },
    };
  }
  const key = reason === 'vpp_licenses' ? 'vpp' : reason === 'certificate' ? 'certificate' : reason === 'lost_mode' ? 'lostMode' : 'other';
  await note(
    ctx,
    'error',
    `offboarding.blocked.${key}`,
    { device: label, detail: error.message },
    { action: { key: `offboarding.instruction.${key}`, params: { device: label } } },
  );
  throw new BlockedError(`${label}: ${error.message}`, reason);
}
