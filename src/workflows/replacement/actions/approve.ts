// Step "approve": the subject's manager (or the configured fallback approvers, or the helpdesk) approves in the
// thread. Policy may skip it for a lost/stolen replacement started by the helpdesk: the step is then recorded
// as skipped with its reason, which the engine writes to the audit log. A rejection ends the workflow before
// anything has changed.
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import { askDecision, inputOf, note, tell, type Ctx } from '../../shared/step-toolkit';
import { eligibleDecision } from './decision';

interface ApproveInput {
  skip: boolean;
  approvers: string[];
  reason: string;
  subject: string;
  requester: string;
  oldName: string;
  newSerial: string | null;
}

export async function approve(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<ApproveInput>(ctx);
  if (input.skip) {
    await note(ctx, 'info', 'replacement.approval.skipped', { requester: input.requester });
    return { status: 'skip', reason: `approval skipped by policy REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST (helpdesk-initiated ${input.reason} replacement, requested by ${input.requester})` };
  }

  const decision = await eligibleDecision(ctx, input.approvers, input.requester);
  if (decision) {
    const params = { by: decision.by, reason: decision.reason ?? '-' };
    if (decision.decision === 'approved') {
      await note(ctx, 'success', 'replacement.approval.approved', params);
      return { status: 'done', output: { decision: 'approved', by: decision.by, at: ctx.now.toISOString() } };
    }
    await note(ctx, 'error', 'replacement.approval.rejected', params);
    await tell(ctx, input.requester, { kind: 'error', text: { key: 'replacement.approval.rejected', params } });
    return {
      status: 'stop',
      outcome: 'cancelled',
      reason: `rejected by ${decision.by}${decision.reason ? `: ${decision.reason}` : ''}`,
      output: { decision: 'rejected', by: decision.by, reason: decision.reason, at: ctx.now.toISOString() },
    };
  }

  if (input.approvers.length === 0) {
    throw new PermanentError(
      'Nobody can approve this replacement: the person has no manager in the directory and neither REPLACEMENT_FALLBACK_APPROVER_IDS nor HELPDESK_USER_IDS names anyone else. Add a manager or an approver, then Retry.',
    );
  }
  // Idempotent per step (ChatPort contract): a re-run after a crash does not post a second set of buttons.
  await askDecision(ctx, {
    kind: 'approval',
    deciders: input.approvers,
    summary: { key: `replacement.approval.request.${input.reason}`, params: { subject: input.subject, requester: input.requester, old: input.oldName, newSerial: input.newSerial ?? '?' } },
  });
  return { status: 'wait', reason: 'decision', message: { key: 'replacement.approval.waiting', params: { approvers: input.approvers.map((id) => `<@${id}>`).join(' ') } } };
}
