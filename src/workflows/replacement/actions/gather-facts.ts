// Step "facts": reads the person, the old and new devices, licenses and ABM, then expands the workflow with
// the plan's steps. Read-only, so a crash or a retry simply reads again.
import type { JsonObject, StepResult } from '../../../engine/types';
import { gatherReplacementFacts } from '../facts';
import { replacementInputSchema } from '../input';
import { planReplacement } from '../plan';
import { replacementPolicy } from '../policy';
import type { Ctx } from '../../shared/step-toolkit';

export async function gatherFacts(ctx: Ctx): Promise<StepResult> {
  const input = replacementInputSchema.parse(ctx.workflow.input);
  const policy = replacementPolicy(ctx.services.config);
  const facts = await gatherReplacementFacts(ctx.services, input, policy.abmServer);
  const plan = planReplacement(facts, input, policy);
  ctx.logger.info('replacement plan made', {
    workflowId: ctx.workflow.id,
    steps: plan.steps.map((s) => s.key),
    warnings: plan.warnings.map((w) => w.code),
  });
  return {
    status: 'done',
    output: { facts: facts as unknown as JsonObject, decisions: plan.decisions as unknown as JsonObject },
    addSteps: plan.steps,
    setState: { decisions: plan.decisions as unknown as JsonObject, plannedSteps: plan.steps.map((s) => s.key) },
  };
}
