// Approve (approvals) and Done (confirmations). The authorization model decides who may (the Approval row's
// stored deciders, escalations included; never the requester or the subject of an approval); a refusal is audited
// and told privately. Then decisions/approvals.ts takes the decision: first decision wins.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { checkAccess } from '../../access/check';
import { loadApproval } from '../../access/roles';
import { decide, explainRefusal } from '../../decisions/approvals';
import type { SlackRuntime } from '../../runtime';
import { labelOf, summaryOf, tellPresser } from './reply';

export const decisionApprove =
  (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const approvalId = action.value ?? '';
    // the permission follows the stored row's kind, not the button pressed
    const kind = (await loadApproval(rt, approvalId))?.kind;
    const confirmation = kind === 'confirmation' || kind === 'choice';
    const access = await checkAccess(rt, { user, permission: confirmation ? 'decision.confirm' : 'decision.approve', surface: action.action_id, approvalId });
    if (!access.allowed) return void (await tellPresser(respond, access.text));
    const result = await decide(rt, {
      approvalId,
      userId: user,
      decision: confirmation ? 'confirmed' : 'approved',
      summaryText: summaryOf(body),
      choiceLabel: labelOf(action),
    });
    if (!result.ok) await tellPresser(respond, await explainRefusal(rt, user, result));
  };
