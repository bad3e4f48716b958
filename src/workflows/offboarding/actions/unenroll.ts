// Step "unenroll" (not wiping, MDM profile removable; clomo-remove-ios-device.ja.txt, 3-2): the MDM profile leaves
// the device and the record turns grey. "retire": the MDM's own remove-management command. "user": the leaving
// person removes the profile in Settings; done when the MDM shows the record greyed out, or when a helpdesk member
// confirms it in the thread.
import type { StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { acceptedDecision } from '../../shared/decisions';
import { helpdeskIds } from '../../shared/device-facts';
import { askDecision, nullIfNotFound, stringField, tell, type Ctx } from '../../shared/step-toolkit';
import { commandState, commandTiming, failSoon, waitOrTimeout, type CommandState } from './command';
import { commandStep } from './command-step';
import { deviceLabel, deviceMdm, isGreyedOut } from './device';

const retire = commandStep(
  'retire',
  (mdm, id, key) => mdm.retire(id, key),
  (device) => device === null || isGreyedOut(device),
);

export const unenroll: StepAction<Services> = async (ctx): Promise<StepResult> => {
  const method = stringField(ctx.step.input, 'method') ?? 'retire';
  const { mdm, deviceId } = deviceMdm(ctx);
  const state = commandState(ctx);
  // A retire already queued when the plan was made: wait for it to run rather than send another (a Retry sends one).
  if (ctx.step.input.queued === true && state.round === 0 && !state.handle) {
    const device = await nullIfNotFound(mdm.getDevice(deviceId));
    if (device === null || isGreyedOut(device)) return { status: 'done', output: { queued: true, state: device?.managementState ?? 'deleted' } };
    const waiting = { key: 'offboarding.wait.queuedRetire', params: { device: deviceLabel(ctx) } };
    return waitOrTimeout(ctx, { ...state, issuedAt: ctx.step.firstStartedAt.toISOString() }, commandTiming(ctx).timeoutMs, waiting);
  }
  if (method === 'retire' && (mdm.capabilities.retire || mdm.capabilities.manual)) return retire(ctx);
  // A helpdesk member's Done / Failed counts only from the deciders on the step's Approval row (shared/decisions.ts).
  const signal = await acceptedDecision(ctx, 'confirmation', await helpdeskIds(ctx.services));
  if (signal?.decision === 'rejected')
    return failSoon(ctx, state, `the MDM profile could not be removed from ${deviceLabel(ctx)}: ${signal.reason ?? 'reported by ' + signal.by}`);
  if (signal) return { status: 'done', output: { confirmedBy: signal.by, method: 'user' } };
  const device = await nullIfNotFound(mdm.getDevice(deviceId));
  if (device === null || isGreyedOut(device)) return { status: 'done', output: { state: device?.managementState ?? 'deleted', method: 'user' } };
  const waiting = { key: 'offboarding.wait.userUnenroll', params: { device: deviceLabel(ctx) } };
  // the leaving person's own task: said at once, like a guided task
  if (state.announced) return waitOrTimeout(ctx, state, commandTiming(ctx).timeoutMs, waiting, { sayAtOnce: true });
  await askPersonToUnenroll(ctx);
  const next: CommandState = { ...state, announced: true, issuedAt: ctx.now.toISOString() };
  return waitOrTimeout(ctx, next, commandTiming(ctx).timeoutMs, waiting, { sayAtOnce: true });
};

/** The steps to remove the profile, to the person (when known) and in the thread, and the helpdesk's buttons. */
async function askPersonToUnenroll(ctx: Ctx): Promise<void> {
  const steps = [1, 2, 3, 4, 5].map((n) => ({ key: `offboarding.userUnenroll.step${n}` }));
  const personSlackId = stringField(ctx.step.input, 'personSlackId');
  const instructions = { kind: 'instructions' as const, text: { key: 'offboarding.userUnenroll.title', params: { device: deviceLabel(ctx) } }, items: steps };
  if (personSlackId) await tell(ctx, personSlackId, instructions);
  await ctx.services.chat.postToThread(ctx.workflow.id, instructions);
  await askDecision(ctx, {
    kind: 'confirmation',
    deciders: await helpdeskIds(ctx.services),
    summary: { key: 'offboarding.userUnenroll.confirm', params: { device: deviceLabel(ctx) } },
  });
}
