// Approve (approvals) and Done (confirmations): first decision wins; everyone else gets an ephemeral reason.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decide, explainRefusal } from '../../decisions/approvals';
import type { SlackRuntime } from '../../runtime';
import { summaryOf, tellPresser } from './reply';

export const decisionApprove = (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const approval = await rt.db.approval.findUnique({ where: { id: action.value ?? '' }, select: { kind: true } });
    const result = await decide(rt, {
      approvalId: action.value ?? '',
      userId: body.user.id,
      decision: approval?.kind === 'confirmation' ? 'confirmed' : 'approved',
      summaryText: summaryOf(body),
    });
    if (!result.ok) await tellPresser(respond, await explainRefusal(rt, body.user.id, result));
  };
