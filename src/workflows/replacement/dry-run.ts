// A dry run: the plan and its warnings for a request, read from the real systems, changing nothing. The
// /device lookup command and the request modal's preview can show exactly what the workflow would do.
import type { Services } from '../../ports/services';
import { gatherReplacementFacts, type ReplacementFacts } from './facts';
import { replacementInputSchema } from './input';
import { planReplacement, type ReplacementPlan } from './plan';
import { replacementPolicy } from './policy';

export async function dryRunReplacement(services: Services, request: unknown): Promise<{ facts: ReplacementFacts; plan: ReplacementPlan }> {
  const input = replacementInputSchema.parse(request);
  const policy = replacementPolicy(services.config);
  const facts = await gatherReplacementFacts(services, input, policy.abmServer);
  return { facts, plan: planReplacement(facts, input, policy) };
}
