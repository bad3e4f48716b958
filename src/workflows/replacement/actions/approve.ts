// Step "approve": the subject's manager (or the configured fallback approvers, or the helpdesk) approves in the
// thread; never the requester nor the subject (src/workflows/shared/decisions.ts). Policy may skip it for a
// lost/stolen replacement started by the helpdesk: the step is then recorded as skipped with its reason, which
// the engine writes to the audit log. An operator can never skip it (a decision step). A rejection ends the
// workflow before anything has changed.
import type { StepResult } from '../../../engine/types';
import { decidersOf, nobodyCanDecide, withoutParties } from '../../shared/decisions';
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

/** The settings that decide who approves a replacement, named when nobody can. */
const APPROVER_SETTINGS = 'a manager (MANAGER_SOURCES: the directory or MANAGER_MAPPING_FILE), REPLACEMENT_FALLBACK_APPROVER_IDS or HELPDESK_USER_IDS';

export async function approve(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<ApproveInput>(ctx);
  if (input.skip) {
    await note(ctx, 'info', 'replacement.approval.skipped', { requester: input.requester });
    // no skip `message`: the note above already tells the thread, in its language
    return {
      status: 'skip',
      reason: `approval skipped by policy REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST (helpdesk-initiated ${input.reason} replacement, requested by ${input.requester})`,
    };
  }

  const planned = await withoutParties(ctx, input.approvers);
  const decision = await eligibleDecision(ctx, planned, 'approval');
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

  // Who can decide now: the Approval row's list once asked (escalations included), less the requester and subject.
  const able = await withoutParties(ctx, (await decidersOf(ctx, planned)).deciders);
  if (able.length === 0) return nobodyCanDecide(ctx, 'replacement', APPROVER_SETTINGS);
  // Idempotent per step (ChatPort contract): a re-run after a crash does not post a second set of buttons.
  await askDecision(ctx, {
    kind: 'approval',
    deciders: planned,
    summary: {
      key: `replacement.approval.request.${input.reason}`,
      params: { subject: input.subject, requester: input.requester, old: input.oldName, newSerial: input.newSerial ?? '?' },
    },
  });
  return {
    status: 'wait',
    reason: 'decision',
    message: { key: 'replacement.approval.waiting', params: { approvers: able.map((id) => `<@${id}>`).join(' ') } },
  };
}
