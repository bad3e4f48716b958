// Approval by the offboarding approver group (OFFBOARDING_APPROVER_IDS), in the thread. The Slack layer delivers
// the click as engine.signal(workflowId, "approve", { decision, by, reason }).
import type { StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { helpdeskIds } from '../../shared/device-facts';
import { deviceCellText, personName } from '../render';
import { askDecision, note, type Ctx } from '../../shared/step-toolkit';
import { gathered } from './gathered';

export async function offboardingApprovers(services: Pick<Services, 'config' | 'db'>): Promise<string[]> {
  const c = services.config;
  if (c.OFFBOARDING_APPROVER_IDS.length > 0) return [...c.OFFBOARDING_APPROVER_IDS];
  if (c.OFFBOARDING_FALLBACK_APPROVER_IDS.length > 0) return [...c.OFFBOARDING_FALLBACK_APPROVER_IDS];
  return helpdeskIds(services);
}

interface Decision {
  decision?: string;
  by?: string;
  reason?: string;
}

export const approve: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const { plan } = gathered(ctx);
  const deciders = await offboardingApprovers(ctx.services);
  const signal = ctx.step.signal as Decision | undefined;
  const waiting = { status: 'wait' as const, reason: 'decision' as const, message: { key: 'offboarding.wait.approval', params: { approvers: deciders.join(', ') } } };

  if (!signal) {
    await askDecision(ctx, {
      kind: 'approval',
      deciders,
      summary: { key: 'offboarding.approval.summary', params: { person: personName(plan), count: plan.devices.length } },
      details: plan.devices.map(deviceCellText),
    });
    return waiting;
  }
  // The Slack layer checks who clicked; this check keeps a stray signal (another caller, a bug) from approving.
  if (!signal.by || !deciders.includes(signal.by)) {
    await note(ctx, 'warning', 'offboarding.approval.notAllowed', { by: signal.by ?? '?' });
    return waiting;
  }
  if (signal.decision === 'approved') {
    await note(ctx, 'success', 'offboarding.approval.approved', { by: signal.by });
    return { status: 'done', output: { approvedBy: signal.by, reason: signal.reason ?? null } };
  }
  await note(ctx, 'error', 'offboarding.approval.rejected', { by: signal.by, reason: signal.reason ?? '' });
  return { status: 'stop', outcome: 'cancelled', reason: `rejected by ${signal.by}${signal.reason ? `: ${signal.reason}` : ''}`, output: { rejectedBy: signal.by } };
};
