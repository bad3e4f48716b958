// Unassign (or release) the device in Apple Business Manager and confirm the activity. Without this, a deleted
// ADE device comes back as pre-registered at its next activation (DOMAIN.md, replacement fact 5;
// clomo-remove-ios-device.ja.txt, chapter 5). The activity is started once per round (issueOnce): a run that lost
// its answer learns from ABM whether it arrived before starting another.
import { PermanentError, ValidationError } from '../../../errors';
import type { Json, StepAction, StepResult } from '../../../engine/types';
import type { AbmActivityRequest } from '../../../ports/abm';
import type { Services } from '../../../ports/services';
import { normalizeSerial } from '../../../ports/mdm';
import { activityOnce, note, settleIntent, stringField, waitForVendor, type Ctx } from '../../shared/step-toolkit';
import { commandKey, commandState, commandTiming, failSoon, waitOrTimeout, type CommandState } from './command';
import { deviceLabel } from './device';

interface AbmState extends CommandState {
  activityId?: string;
  /** ABM showed the change before the activity's id was known (its answer was lost) */
  applied?: boolean;
}

export const abmStep: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const abm = ctx.services.abm;
  const label = deviceLabel(ctx);
  const serial = normalizeSerial(stringField(ctx.step.input, 'serial'));
  if (!serial) throw new ValidationError(`offboarding: ${ctx.step.key} has no serial`);
  if (!abm) {
    await note(
      ctx,
      'error',
      'offboarding.abm.notConfigured',
      { device: label },
      { action: { key: 'offboarding.leftover.abmUnassign', params: { device: label } } },
    );
    throw new PermanentError('ABM is not configured (ABM_PROVIDER=none): unassign the device in Apple Business Manager by hand, then skip this step');
  }
  const release = ctx.step.key.startsWith('abm-release:');
  let state: AbmState = commandState(ctx);
  const kind = release ? 'RELEASE_DEVICES' : 'UNASSIGN_DEVICES';
  const key = commandKey(ctx, state);

  if (!state.activityId && !state.applied) {
    const device = await abm.getDeviceBySerial(serial);
    // (an activity of ours whose answer was lost may be what made it so: its intent is settled). The goal is met: the
    // skips carry no message, so the thread is not told (the checklist and the summary show ⏭).
    // The activity's waits (waitOrTimeout) are said once it outlasts OFFBOARDING_COMMAND_POLL, polled progressively.
    if (!device) return settleIntent(ctx, key, 'done').then(() => ({ status: 'skip', reason: 'ABM no longer knows the device', output: { abm: 'absent' } }));
    let serverId: string | null = null;
    if (!release) {
      if (device.status !== 'ASSIGNED')
        return settleIntent(ctx, key, 'done').then(() => ({ status: 'skip', reason: 'already unassigned in ABM', output: { abm: 'UNASSIGNED' } }));
      // The assignment may have moved since the plan was made: unassign from the server ABM names now.
      serverId = (await abm.getAssignedServer(serial))?.id ?? stringField(ctx.step.input, 'serverId');
      if (!serverId) throw new PermanentError(`ABM says ${serial} is assigned but names no MDM server`);
    }
    const request: AbmActivityRequest = { kind, serials: [serial], serverId };
    const send = (k: string) => (release ? abm.release([serial], k) : abm.unassign([serial], serverId!, k));
    const once = await activityOnce(ctx, abm, { key, request, send });
    if (once.kind === 'wait')
      return { ...waitForVendor(ctx, once, state), message: { key: 'offboarding.wait.abm', params: { device: label, activity: kind } } };
    state =
      once.kind === 'applied'
        ? { ...state, applied: true, issuedAt: ctx.now.toISOString() }
        : { ...state, activityId: once.handle.id, issuedAt: ctx.now.toISOString() };
  }

  const waiting = { key: 'offboarding.wait.abm', params: { device: label, activity: kind } };
  const activity = state.activityId ? await abm.getActivity(state.activityId, { kind, serials: [serial] }) : null;
  if (activity?.status === 'IN_PROGRESS') return waitOrTimeout(ctx, state, commandTiming(ctx).timeoutMs, waiting);
  // ABM completes an activity even when a device in it failed: look at our device's own result.
  const mine = activity?.devices.find((d) => normalizeSerial(d.serial) === serial);
  if (activity && (activity.status === 'FAILED' || (mine && !mine.ok))) {
    const detail = mine?.error ?? `activity ${activity.id} ${activity.status}`;
    await settleIntent(ctx, key, 'failed', detail);
    await note(ctx, 'error', 'offboarding.abm.failed', { device: label, detail });
    return failSoon(ctx, { ...state, activityId: undefined, applied: undefined } as AbmState, `ABM ${activity.kind} for ${serial} failed: ${detail}`);
  }
  const after = await abm.getDeviceBySerial(serial);
  const confirmed = release ? after === null || after.releasedAt !== null || after.status === 'UNASSIGNED' : after === null || after.status === 'UNASSIGNED';
  if (!confirmed) return waitOrTimeout(ctx, state, commandTiming(ctx).timeoutMs, waiting);
  await settleIntent(ctx, key, 'done');
  return { status: 'done', output: { activity: activity?.id ?? null, kind, abm: after?.status ?? 'absent' } as Json };
};
