// Who approves: the subject's manager; else the configured fallback approvers; else the helpdesk — never the
// requester nor the subject. A lost or stolen device reported by the helpdesk may skip approval by policy (audited,
// off by default), but never on one person's click: a second helpdesk member (not the requester, not the subject)
// confirms in the thread before the wipe or the deletion (issue 13, item 10). With no second member the
// approval is not skipped.
import type { PlanContext } from './context';
import type { PlanDecisions, PlanWarning } from './types';
import { warning } from './warning';

export function planApproval(ctx: PlanContext): { approval: PlanDecisions['approval']; warnings: PlanWarning[] } {
  const { facts, input, policy } = ctx;
  const requester = input.requesterSlackId;
  // The requester and the person the request is about never approve it (src/domain/authorization).
  const may = (id: string) => id !== requester && id !== input.subjectSlackId;
  const secondHelpdesk = facts.helpdeskIds.filter(may);
  const skip = policy.skipApprovalForHelpdeskLost && ctx.lostOrStolen && input.requestedByHelpdesk && facts.requester.isHelpdesk && secondHelpdesk.length > 0;
  if (skip) {
    return {
      approval: { mode: 'skipped', approvers: [], confirmers: secondHelpdesk },
      warnings: [warning('approvalSkipped', 'info', { reason: input.reason }, false)],
    };
  }

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
