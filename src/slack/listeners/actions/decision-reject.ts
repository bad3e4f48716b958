// Reject (approvals) opens a modal asking why; Failed (confirmations) asks the same. Who may is checked first (so
// nobody types a reason for nothing), and again when the reason is submitted (views/reason-submit.ts): the
// decision is taken then.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { checkAccess } from '../../access/check';
import { loadApproval } from '../../access/roles';
import { checkEligible, explainRefusal } from '../../decisions/approvals';
import { reasonModal } from '../../features/reason';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';

export const decisionReject =
  (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const approvalId = action.value ?? '';
    const confirmation = (await loadApproval(rt, approvalId))?.kind === 'confirmation';
    const access = await checkAccess(rt, { user, permission: confirmation ? 'decision.confirm' : 'decision.reject', surface: action.action_id, approvalId });
    if (!access.allowed) return void (await tellPresser(respond, access.text));
    const eligible = await checkEligible(rt, approvalId, user);
    if (!eligible.ok) return void (await tellPresser(respond, await explainRefusal(rt, user, eligible)));
    const locale = await rt.locales.forUser(user);
    await rt.client.views.open({ trigger_id: body.trigger_id, view: reasonModal(locale, confirmation ? 'failed' : 'reject', { a: approvalId }) });
  };
