// The per-device MDM steps, in the order the decision table gives them. Each step re-reads the device where a
// wrong assumption would be harmful (lost mode, greyed out), because a scheduled offboarding may run days after
// its plan was made.
import { BlockedError, NotFoundError, PermanentError } from '../../../errors';
import type { Json, StepAction, StepResult } from '../../../engine/types';
import type { CommandHandle, MdmDevice, MdmPort } from '../../../ports/mdm';
import type { Services } from '../../../ports/services';
import { helpdeskIds } from '../../shared/device-facts';
import { commandState, deviceLabel, deviceMdm, failSoon, followCommand, note, policy, str, waitOrTimeout, type CommandState, type Ctx } from './common';

const GREYED = new Set(['wiped', 'retired', 'deleted']);

async function readDevice(mdm: MdmPort, id: string): Promise<MdmDevice | null> {
  try {
    return await mdm.getDevice(id);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** A command step whose only check is the vendor's command status (plus an optional confirmation read). */
function simpleCommand(
  name: string,
  issue: (mdm: MdmPort, deviceId: string, key: string, ctx: Ctx) => Promise<CommandHandle>,
  confirm?: (device: MdmDevice | null, ctx: Ctx) => boolean,
  capability?: keyof MdmPort['capabilities'],
): StepAction<Services> {
  return async (ctx): Promise<StepResult> => {
    const { mdm, deviceId } = deviceMdm(ctx);
    let state = commandState(ctx);
    if (capability && !mdm.capabilities[capability] && !mdm.capabilities.manual) {
      await note(ctx, 'error', 'offboarding.unsupported', { device: deviceLabel(ctx), action: name, source: mdm.source }, {
        action: { key: `offboarding.instruction.${name}`, params: { device: deviceLabel(ctx), source: mdm.source } },
      });
      throw new PermanentError(`${mdm.source} cannot ${name} by API: do it in the console, then skip this step`);
    }
    if (state.phase !== 'confirm') {
      const followed = await followCommand(ctx, mdm, state, (key) => issue(mdm, deviceId, key, ctx), { timeoutMs: name === 'wipe' ? policy(ctx).wipeTimeoutMs : policy(ctx).timeoutMs });
      if (!followed.done) return followed.result;
      state = { ...followed.state, phase: 'confirm' };
    }
    if (confirm && !state.handle?.manual) {
      const device = await readDevice(mdm, deviceId);
      if (!confirm(device, ctx))
        return (await waitOrTimeout(ctx, state, name === 'wipe' ? policy(ctx).wipeTimeoutMs : policy(ctx).timeoutMs, { key: 'offboarding.wait.confirm', params: { device: deviceLabel(ctx), action: name } })).result;
      return { status: 'done', output: { command: state.handle?.id ?? null, state: device?.managementState ?? 'deleted', lostMode: device?.lostMode ?? null } };
    }
    return { status: 'done', output: { command: state.handle?.id ?? null, manual: Boolean(state.handle?.manual) } };
  };
}

export const disableLostMode = simpleCommand(
  'disableLostMode',
  (mdm, id, key) => mdm.disableLostMode(id, key),
  (device) => device !== null && device.lostMode !== 'enabled',
  'disableLostMode',
);

/** Wipe with the chosen options; done when the MDM shows the record greyed out (or, with Return to Service,
 *  enrolled again). */
export const wipe = simpleCommand(
  'wipe',
  (mdm, id, key, ctx) =>
    mdm.wipe(id, { removeEsim: ctx.step.input.removeEsim === true, returnToService: ctx.step.input.returnToService === true }, key),
  (device, ctx) => (ctx.step.input.returnToService === true ? device !== null && device.managementState === 'managed' : device === null || GREYED.has(device.managementState)),
  'wipe',
);

/** ADE with profile removal restricted, not wiping: remove the installed configuration profiles (seed 3-1). */
export const removeProfiles = simpleCommand('removeProfiles', (mdm, id, key) => mdm.removeProfiles(id, key), undefined, 'removeProfiles');

export const revokeVpp = simpleCommand('revokeVpp', (mdm, id, key) => mdm.revokeVppLicenses(id, key), (device) => device === null || !device.vppLicenseCount, 'revokeVppLicenses');

export const removeCertificates = simpleCommand(
  'removeCertificates',
  (mdm, id, key) => mdm.removeCertificates(id, key),
  (device) => device === null || device.hasBlockingCertificate !== true,
  'removeCertificates',
);

/**
 * Not wiping, MDM profile removable (seed 3-2): the MDM profile leaves the device and the record turns grey.
 * "retire": the MDM's own remove-management command. "user": the leaving person removes the profile in Settings;
 * done when the MDM shows the record greyed out, or when a helpdesk member confirms it in the thread.
 */
export const unenroll: StepAction<Services> = async (ctx): Promise<StepResult> => {
  const method = str(ctx.step.input, 'method') ?? 'retire';
  const { mdm, deviceId } = deviceMdm(ctx);
  if (method === 'retire' && (mdm.capabilities.retire || mdm.capabilities.manual)) {
    return simpleCommand('retire', (m, id, key) => m.retire(id, key), (device) => device === null || GREYED.has(device.managementState))(ctx);
  }
  const state = commandState(ctx);
  const signal = ctx.step.signal as { decision?: string; by?: string; reason?: string } | undefined;
  if (signal?.decision === 'failed' || signal?.decision === 'rejected')
    return failSoon(ctx, state, `the MDM profile could not be removed from ${deviceLabel(ctx)}: ${signal.reason ?? 'reported by ' + (signal.by ?? '?')}`);
  if (signal?.decision) return { status: 'done', output: { confirmedBy: signal.by ?? null, method: 'user' } };
  const device = await readDevice(mdm, deviceId);
  if (device === null || GREYED.has(device.managementState)) return { status: 'done', output: { state: device?.managementState ?? 'deleted', method: 'user' } };
  if (!state.announced) {
    const steps = [1, 2, 3, 4, 5].map((n) => ({ key: `offboarding.userUnenroll.step${n}` }));
    const personSlackId = str(ctx.step.input, 'personSlackId');
    const instructions = { kind: 'instructions' as const, text: { key: 'offboarding.userUnenroll.title', params: { device: deviceLabel(ctx) } }, items: steps };
    if (personSlackId) await ctx.services.chat.notifyUser(personSlackId, instructions, ctx.workflow.id);
    await ctx.services.chat.postToThread(ctx.workflow.id, instructions);
    await ctx.services.chat.requestDecision({
      workflowId: ctx.workflow.id,
      stepKey: ctx.step.key,
      kind: 'confirmation',
      deciders: await helpdesk(ctx),
      summary: { key: 'offboarding.userUnenroll.confirm', params: { device: deviceLabel(ctx) } },
    });
    const next: CommandState = { ...state, announced: true, issuedAt: ctx.now.toISOString() };
    return (await waitOrTimeout(ctx, next, policy(ctx).timeoutMs, { key: 'offboarding.wait.userUnenroll', params: { device: deviceLabel(ctx) } })).result;
  }
  return (await waitOrTimeout(ctx, state, policy(ctx).timeoutMs, { key: 'offboarding.wait.userUnenroll', params: { device: deviceLabel(ctx) } })).result;
};

function helpdesk(ctx: Ctx): Promise<string[]> {
  return helpdeskIds(ctx.services);
}

/**
 * Deletes the MDM record (frees the license) and confirms it is gone. Lost mode still on ⇒ refuse (the record's
 * deletion would make lost mode impossible to disable). VPP licenses / a certificate refusing the deletion are
 * cleared once automatically when the MDM can do it; otherwise the step stops with the console instruction.
 */
export const deleteRecord: StepAction<Services> = async (ctx): Promise<StepResult> => {
  const { mdm, deviceId } = deviceMdm(ctx);
  let state = commandState(ctx);
  const label = deviceLabel(ctx);

  if (!state.handle && state.phase === undefined) {
    const device = await readDevice(mdm, deviceId);
    if (device === null || device.managementState === 'deleted') return { status: 'skip', reason: 'the record is already gone', output: { alreadyGone: true } };
    if (device.lostMode === 'enabled' && !GREYED.has(device.managementState)) {
      await note(ctx, 'error', 'offboarding.blocked.lostMode', { device: label }, { action: { key: 'offboarding.instruction.lostMode', params: { device: label } } });
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
      (key) => (reason === 'vpp_licenses' ? mdm.revokeVppLicenses(deviceId, key) : mdm.removeCertificates(deviceId, key)),
      { timeoutMs: policy(ctx).timeoutMs, keySuffix: `:${reason}` },
    );
    if (!followed.done) return followed.result;
    state = { round: followed.state.round, announced: followed.state.announced, extra: { ...(state.extra ?? {}), [reason]: true } };
  }

  if (state.phase !== 'confirm') {
    let followed;
    try {
      followed = await followCommand(ctx, mdm, state, (key) => mdm.deleteRecord(deviceId, key, { removeAutoInstalledApps: ctx.step.input.keepAutoInstalledApps !== true }), { timeoutMs: policy(ctx).timeoutMs });
    } catch (error) {
      if (!(error instanceof BlockedError)) throw error;
      const reason = error.reason;
      const canClear =
        (reason === 'vpp_licenses' && (mdm.capabilities.revokeVppLicenses || mdm.capabilities.manual)) ||
        (reason === 'certificate' && (mdm.capabilities.removeCertificates || mdm.capabilities.manual));
      if (canClear && !state.extra?.[reason]) {
        await note(ctx, 'warning', `offboarding.blocked.${reason === 'vpp_licenses' ? 'vpp' : 'certificate'}.clearing`, { device: label });
        const next: CommandState = { round: state.round, announced: state.announced, phase: `clear:${reason}`, extra: state.extra };
        return { status: 'wait', reason: 'poll', until: ctx.now, state: next as unknown as Json, message: { key: 'offboarding.wait.clearing', params: { device: label, reason } } };
      }
      const key = reason === 'vpp_licenses' ? 'vpp' : reason === 'certificate' ? 'certificate' : reason === 'lost_mode' ? 'lostMode' : 'other';
      await note(ctx, 'error', `offboarding.blocked.${key}`, { device: label, detail: error.message }, { action: { key: `offboarding.instruction.${key}`, params: { device: label } } });
      throw new BlockedError(`${label}: ${error.message}`, reason);
    }
    if (!followed.done) return followed.result;
    state = { ...followed.state, phase: 'confirm' };
  }

  const device = await readDevice(mdm, deviceId);
  if (device !== null && device.managementState !== 'deleted' && !state.handle?.manual)
    return (await waitOrTimeout(ctx, state, policy(ctx).timeoutMs, { key: 'offboarding.wait.confirm', params: { device: label, action: 'delete' } })).result;
  const license = mdm.capabilities.licenseStatus ? await mdm.licenseStatus().catch(() => null) : null;
  return {
    status: 'done',
    output: { command: state.handle?.id ?? null, deleted: true, freeLicenses: license?.known ? (license.free ?? null) : null } as Json,
  };
};
