// Who approves: the subject's manager; else the configured fallback approvers; else the helpdesk — never the
// requester nor the subject. A lost or stolen device reported by the helpdesk may skip approval by policy (audited).
import type { PlanContext } from './context';
import type { PlanDecisions, PlanWarning } from './types';
import { warning } from './warning';

export function planApproval(ctx: PlanContext): { approval: PlanDecisions['approval']; warnings: PlanWarning[] } {
  const { facts, input, policy } = ctx;
  const requester = input.requesterSlackId;
  const skip = policy.skipApprovalForHelpdeskLost && ctx.lostOrStolen && input.requestedByHelpdesk && facts.requester.isHelpdesk;
  if (skip) return { approval: { mode: 'skipped', approvers: [] }, warnings: [warning('approvalSkipped', 'info', { reason: input.reason }, false)] };

  // The requester and the person the request is about never approve it (src/domain/authorization).
  const may = (id: string) => id !== requester && id !== input.subjectSlackId;
  const manager = facts.subject.managerSlackId;
  if (manager && may(manager)) return { approval: { mode: 'manager', approvers: [manager] }, warnings: [] };
  const fallback = policy.fallbackApproverIds.filter(may);
  const helpdesk = facts.helpdeskIds.filter(may);
  let approval: PlanDecisions['approval'];
  if (fallback.length > 0) approval = { mode: 'fallback', approvers: fallback };
  else if (helpdesk.length > 0) approval = { mode: 'helpdesk', approvers: helpdesk };
  else approval = { mode: 'nobody', approvers: [] };
  const nobody = approval.mode === 'nobody';
  return { approval, warnings: [warning(nobody ? 'noApprover' : 'noManager', nobody ? 'error' : 'info', {})] };
}
