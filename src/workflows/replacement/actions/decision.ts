// A person's decision in the thread (approve / reject, confirm / refuse, mark done / failed), as engine.signal()
// delivers it to the waiting step, and who may take it: the rules are shared by both workflows
// (src/workflows/shared/decisions.ts); this names them the way the replacement's steps use them.
import { acceptedDecision, type Decision, type DecisionKind } from '../../shared/decisions';
import type { Ctx } from '../../shared/step-toolkit';

export { decisionOf, type Decision } from '../../shared/decisions';

/**
 * The decision delivered to this step when it counts (else null, and the thread says it was ignored). Allowed:
 * the deciders on the step's Approval row (the plan's, plus escalations) — `deciders`, the plan's list, only
 * until the Slack layer has recorded one; an approval never by the workflow's requester or subject.
 */
export function eligibleDecision(ctx: Ctx, deciders: string[], kind: DecisionKind = 'confirmation'): Promise<Decision | null> {
  return acceptedDecision(ctx, kind, deciders);
}
