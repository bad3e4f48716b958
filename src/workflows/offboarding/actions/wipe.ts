// Step "wipe", with the chosen options (remove eSIM, Return to Service). Done when the device has left management
// (src/domain/record-state.ts hasLeftManagement: the record greyed out after the wipe ran, or gone — each adapter
// maps its vendor's own completion signal, e.g. Intune's deviceActionResults, onto it), or, with Return to
// Service, when it is enrolled again.
// - A wipe already queued at the MDM when the plan was made (`queued`) is not sent again: the step waits for it to
//   run (the record is deleted only after that, CLOMO 2-2). If it never runs, the step fails at
//   OFFBOARDING_WIPE_TIMEOUT; the helpdesk's Retry then sends a wipe of its own.
// - Activation Lock: when the MDM holds the device's bypass code (`keepBypassCode`), it is written to the device's
//   ledger record before the wipe is sent, so the wiped device can be activated by the next person.
import type { StepAction, StepResult } from '../../../engine/types';
import { hasLeftManagement } from '../../../domain/record-state';
import type { Services } from '../../../ports/services';
import { ledgerActor, note, nullIfNotFound, stringField, type Ctx } from '../../shared/step-toolkit';
import { commandState, commandTiming, waitOrTimeout } from './command';
import { commandStep } from './command-step';
import { deviceLabel, deviceMdm } from './device';

const sendWipe = commandStep(
  'wipe',
  (mdm, id, key, ctx) => mdm.wipe(id, { removeEsim: ctx.step.input.removeEsim === true, returnToService: ctx.step.input.returnToService === true }, key),
  (device, ctx) => (ctx.step.input.returnToService === true ? device !== null && device.managementState === 'managed' : hasLeftManagement(device)),
  'wipe',
);

export const wipe: StepAction<Services> = async (ctx): Promise<StepResult> => {
  const state = commandState(ctx);
  if (ctx.step.input.queued === true && state.round === 0 && !state.handle) return waitForQueuedWipe(ctx);
  if (ctx.step.input.keepBypassCode === true && !state.handle && state.phase === undefined) await keepBypassCode(ctx);
  return sendWipe(ctx);
};

async function waitForQueuedWipe(ctx: Ctx): Promise<StepResult> {
  const { mdm, deviceId } = deviceMdm(ctx);
  const device = await nullIfNotFound(mdm.getDevice(deviceId));
  if (hasLeftManagement(device)) return { status: 'done', output: { queued: true, state: device?.managementState ?? 'deleted' } };
  const state = { ...commandState(ctx), issuedAt: ctx.step.firstStartedAt.toISOString() };
  return waitOrTimeout(ctx, state, commandTiming(ctx).wipeTimeoutMs, { key: 'offboarding.wait.queuedWipe', params: { device: deviceLabel(ctx) } });
}

/** The MDM's Activation Lock bypass code, into the ledger record's notes (once: an unchanged note is not rewritten). */
async function keepBypassCode(ctx: Ctx): Promise<void> {
  const { mdm, deviceId } = deviceMdm(ctx);
  const ledgerId = stringField(ctx.step.input, 'ledgerId');
  const code = (await nullIfNotFound(mdm.getDevice(deviceId)))?.activationLock?.bypassCode ?? null;
  if (!code || !ledgerId) {
    await note(ctx, 'warning', 'offboarding.activationLock.bypassNotKept', { device: deviceLabel(ctx) });
    return;
  }
  const record = await ctx.services.ledger.get(ledgerId);
  const line = `Activation Lock bypass code (${mdm.source}, ${ctx.now.toISOString().slice(0, 10)}): ${code}`;
  if (!record.notes?.includes(code)) {
    await ctx.services.ledger.update(ledgerId, { notes: record.notes ? `${record.notes}\n${line}` : line }, ledgerActor(ctx));
  }
  await note(ctx, 'info', 'offboarding.activationLock.bypassKept', { device: deviceLabel(ctx) });
}
