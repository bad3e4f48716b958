// First step: read every device of the leaving person, plan each one, post the plan in the thread before
// anything changes, tell the manager, and expand the workflow into the plan's steps.
import type { Json, JsonObject, StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { gatherOffboardingFacts } from '../facts';
import { offboardingInputSchema } from '../input';
import { planOffboarding, type PlanPolicy } from '../plan';
import { personName, planPosts } from '../render';
import { planSteps } from '../steps';
import type { Ctx } from '../../shared/step-toolkit';

export function planPolicy(config: Services['config']): PlanPolicy {
  return { abmDisposeAction: config.OFFBOARDING_ABM_DISPOSE_ACTION, unenrollMethod: config.OFFBOARDING_UNENROLL_METHOD };
}

export const gather: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const input = offboardingInputSchema.parse(ctx.workflow.input);
  const facts = await gatherOffboardingFacts(ctx.services, input);
  const plan = planOffboarding(facts, input, planPolicy(ctx.services.config));
  for (const n of planPosts(plan, { timeZone: ctx.services.config.TIME_ZONE })) await ctx.services.chat.postToThread(ctx.workflow.id, n);
  const output = { facts, plan } as unknown as Json;
  if (plan.devices.length === 0) {
    return { status: 'stop', outcome: 'succeeded', reason: 'no devices found for the leaving person', output };
  }
  if (facts.person.managerSlackId) {
    await ctx.services.chat.notifyUser(
      facts.person.managerSlackId,
      {
        kind: 'info',
        text: { key: 'offboarding.manager.informed', params: { person: personName(plan), count: plan.devices.length, lastWorkingDay: input.lastWorkingDay } },
      },
      ctx.workflow.id,
    );
  }
  return {
    status: 'done',
    output,
    addSteps: planSteps(plan),
    setState: { person: personName(plan), devices: plan.devices.map((d) => d.key), runAt: plan.runAt } as JsonObject,
    // the devices the plan found, for `/device status <serial>` (the input names only those the requester listed)
    serials: plan.devices.map((d) => d.serial),
  };
};
