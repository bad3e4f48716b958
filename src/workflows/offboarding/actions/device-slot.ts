// The device limit (OFFBOARDING_MAX_PARALLEL_DEVICES). The engine's maxParallel bounds *running* steps, but a
// device spends most of its time in waiting steps (a wipe takes minutes to days), so it cannot bound devices in
// progress. This gate does: device number i (plan order) starts only when fewer than `limit` devices before it
// are unfinished. Why "before it": the decision depends only on earlier devices, whose finished state only
// moves forward, so two branches deciding at the same moment can never both take the last slot.
import type { Json, StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import type { Ctx } from '../../shared/step-toolkit';
import { gathered } from './gathered';
import { deviceOutcomes, deviceStepRows } from './summary';

const GATE = { gate: true } as const;

async function slotWait(ctx: Ctx): Promise<StepResult | null> {
  const index = Number(ctx.step.input.deviceIndex ?? 0);
  const limit = ctx.services.config.OFFBOARDING_MAX_PARALLEL_DEVICES;
  if (index < limit) return null;
  const { plan } = gathered(ctx);
  const earlier = plan.devices.slice(0, index);
  const { outcomes } = deviceOutcomes(earlier, await deviceStepRows(ctx));
  const unfinished = outcomes.filter((o) => !o.finished).length;
  if (unfinished < limit) return null;
  return {
    status: 'wait',
    reason: 'poll',
    until: new Date(ctx.now.getTime() + ctx.services.config.OFFBOARDING_COMMAND_POLL),
    state: GATE as unknown as Json,
    message: { key: 'offboarding.wait.deviceSlot', params: { limit, position: index + 1 } },
  };
}

/** Wraps the action of a branch's first step: it waits for a device slot before doing anything. */
export function gated(action: StepAction<Services>): StepAction<Services> {
  return async (ctx) => {
    const state = ctx.step.state as { gate?: boolean } | null | undefined;
    const atGate = ctx.step.input.first === true && (state === undefined || state === null || state.gate === true);
    if (atGate) {
      const wait = await slotWait(ctx);
      if (wait) return wait;
    }
    return action(ctx);
  };
}
