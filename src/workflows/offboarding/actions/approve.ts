// Approval by the offboarding approver group (OFFBOARDING_APPROVER_IDS), in the thread. The Slack layer delivers
// the click as engine.signal(workflowId, "approve", { decision, by, reason }). Never the requester nor the leaving
// person; once asked, the deciders are the step's Approval row's (escalations included), not today's
// configuration (src/workflows/shared/decisions.ts). An operator can never skip it (a decision step).
import type { StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { helpdeskIds } from '../../shared/device-facts';
import { acceptedDecision, decidersOf, nobodyCanDecide, storedParties } from '../../shared/decisions';
import { deviceCellText, personName } from '../render';
import { askDecision, note, type Ctx } from '../../shared/step-toolkit';
import { gathered } from './gathered';

/** The first group with anyone left once `exclude` (the requester, the leaving person) is removed:
 *  OFFBOARDING_APPROVER_IDS, else OFFBOARDING_FALLBACK_APPROVER_IDS, else the helpdesk, else the leaving person's
 *  manager (from the directory, as the plan read it). The manager comes last so that a configured group keeps
 *  its say; without it a one-person helpdesk, who may never approve their own request, would leave nobody. */
export async function offboardingApprovers(
  services: Pick<Services, 'config' | 'db'>,
  exclude: readonly (string | null)[] = [],
  manager: string | null = null,
): Promise<string[]> {
  const c = services.config;
  for (const group of [c.OFFBOARDING_APPROVER_IDS, c.OFFBOARDING_FALLBACK_APPROVER_IDS, await helpdeskIds(services), manager ? [manager] : []]) {
    const able = [...new Set(group)].filter((id) => !exclude.includes(id));
    if (able.length > 0) return able;
  }
  return [];
}

export const approve: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const { plan, facts } = gathered(ctx);
  const { requester, subject } = await storedParties(ctx, []);
  const planned = await offboardingApprovers(ctx.services, [requester, subject], facts.person.managerSlackId);
  const decision = await acceptedDecision(ctx, 'approval', planned);
  if (decision?.decision === 'approved') {
    await note(ctx, 'success', 'offboarding.approval.approved', { by: decision.by });
    return { status: 'done', output: { approvedBy: decision.by, reason: decision.reason } };
  }
  if (decision) {
    await note(ctx, 'error', 'offboarding.approval.rejected', { by: decision.by, reason: decision.reason ?? '' });
    return {
      status: 'stop',
      outcome: 'cancelled',
      reason: `rejected by ${decision.by}${decision.reason ? `: ${decision.reason}` : ''}`,
      output: { rejectedBy: decision.by },
    };
  }
  const able = (await decidersOf(ctx, planned)).deciders.filter((id) => id !== requester && id !== subject);
  if (able.length === 0) return nobodyCanDecide(ctx, 'offboarding', 'OFFBOARDING_APPROVER_IDS (or OFFBOARDING_FALLBACK_APPROVER_IDS, or HELPDESK_USER_IDS)');
  await askDecision(ctx, {
    kind: 'approval',
    deciders: planned,
    summary: { key: 'offboarding.approval.summary', params: { person: personName(plan), count: plan.devices.length } },
    details: plan.devices.map(deviceCellText),
  });
  return { status: 'wait', reason: 'decision', message: { key: 'offboarding.wait.approval', params: { approvers: able.join(', ') } } };
};
