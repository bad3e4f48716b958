// Reject (approvals) opens a modal asking why; Failed (confirmations) asks the same. The second option of a
// choice is not a failure: it is decided at once, without a modal. Who may is checked first (so
// nobody types a reason for nothing), and again when the reason is submitted (views/reason-submit.ts): the
// decision is taken then.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { checkAccess } from '../../access/check';
import { loadApproval } from '../../access/roles';
import { checkEligible, decide, explainRefusal } from '../../decisions/approvals';
import { reasonModal } from '../../features/reason';
import type { SlackRuntime } from '../../runtime';
import { labelOf, summaryOf, tellPresser } from './reply';

export const decisionReject =
  (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const approvalId = action.value ?? '';
    const kind = (await loadApproval(rt, approvalId))?.kind;
    const confirmation = kind === 'confirmation' || kind === 'choice';
    const access = await checkAccess(rt, { user, permission: confirmation ? 'decision.confirm' : 'decision.reject', surface: action.action_id, approvalId });
    if (!access.allowed) return void (await tellPresser(respond, access.text));
    const eligible = await checkEligible(rt, approvalId, user);
    if (!eligible.ok) return void (await tellPresser(respond, await explainRefusal(rt, user, eligible)));
    if (kind === 'choice') {
      const result = await decide(rt, { approvalId, userId: user, decision: 'failed', summaryText: summaryOf(body), choiceLabel: labelOf(action) });
      if (!result.ok) await tellPresser(respond, await explainRefusal(rt, user, result));
      return;
    }
    const locale = await rt.locales.forUser(user);
    await rt.client.views.open({ trigger_id: body.trigger_id, view: reasonModal(locale, confirmation ? 'failed' : 'reject', { a: approvalId }) });
  };
