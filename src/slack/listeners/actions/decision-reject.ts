// Reject (approvals) opens a modal asking why (the eligibility check happens first, so nobody types a reason
// for nothing); Failed (confirmations) asks the same. The decision is taken when the reason is submitted.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { checkEligible, explainRefusal } from '../../decisions/approvals';
import { reasonModal } from '../../features/reason';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';

export const decisionReject = (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const approvalId = action.value ?? '';
    const eligible = await checkEligible(rt, approvalId, body.user.id);
    if (!eligible.ok) return void (await tellPresser(respond, await explainRefusal(rt, body.user.id, eligible)));
    const locale = await rt.locales.forUser(body.user.id);
    const kind = eligible.approval.kind === 'confirmation' ? 'failed' : 'reject';
    await rt.client.views.open({ trigger_id: body.trigger_id, view: reasonModal(locale, kind, { a: approvalId }) });
  };
