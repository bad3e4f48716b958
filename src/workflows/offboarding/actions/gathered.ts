// The gather step's output (the facts it read and the plan made from them), which the later steps read back.
import { ValidationError } from '../../../errors';
import type { Ctx } from '../../shared/step-toolkit';
import type { OffboardingFacts } from '../facts';
import type { OffboardingPlan } from '../plan';
import { STEP } from '../steps';

export interface GatherOutput {
  facts: OffboardingFacts;
  plan: OffboardingPlan;
}

export function gathered(ctx: Ctx): GatherOutput {
  const out = ctx.outputs[STEP.gather] as unknown as GatherOutput | undefined;
  if (!out?.plan) throw new ValidationError('offboarding: the gather step has no plan (was it skipped?)');
  return out;
}
