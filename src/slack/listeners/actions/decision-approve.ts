// Approve (approvals) and Done (confirmations): first decision wins; everyone else gets an ephemeral reason.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { t } from '../../../i18n';
import { decide, type DecideResult } from '../../approvals';
import { mention } from '../../render/text';
import type { SlackRuntime } from '../../runtime';
import { approvalDeps } from '../../wiring';
import { summaryOf, tellPresser } from './reply';

export const decisionApprove = (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const approval = await rt.db.approval.findUnique({ where: { id: action.value ?? '' }, select: { kind: true } });
    const result = await decide(approvalDeps(rt), {
      approvalId: action.value ?? '',
      userId: body.user.id,
      decision: approval?.kind === 'confirmation' ? 'confirmed' : 'approved',
      summaryText: summaryOf(body),
    });
    if (!result.ok) await tellPresser(respond, await refusal(rt, body.user.id, result));
  };

export async function refusal(rt: SlackRuntime, userId: string, result: Extract<DecideResult, { ok: false }>): Promise<string> {
  const locale = await rt.locales.forUser(userId);
  if (result.why === 'already_decided') {
    return t(locale, 'slack.decision.already', { who: mention(result.approval?.decidedBy), status: t(locale, `slack.approvalStatus.${result.approval?.status ?? 'pending'}`) });
  }
  return t(locale, `slack.decision.refused.${result.why}`);
}
