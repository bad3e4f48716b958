// Step "confirm-…": a yes/no a person must give in the thread before the workflow goes on (Android removal
// wipes the phone; a new device on another MDM server; back up the old phone first). The planner sets what a
// "no" means: stop safely (nothing has changed yet) or note it and continue. Never skipped by an operator (a
// decision step); the answer counts only from the deciders on the step's Approval row (shared/decisions.ts).
import type { StepResult } from '../../../engine/types';
import type { Text } from '../../../ports/chat';
import { askDecision, inputOf, note, stateOf, tell, type Ctx } from '../../shared/step-toolkit';
import { nobodyCanDecide, withoutParties } from '../../shared/decisions';
import { eligibleDecision } from './decision';

interface ConfirmInput {
  deciders: string[];
  summaryKey: string;
  params: Text['params'];
  items: string[];
  confirmKey: string;
  rejectKey: string;
  onReject: 'stop' | 'continue';
  rejectedKey: string;
  notify: string | null;
  /** 'approval': the requester and the subject never count, even when listed (the second helpdesk member's
   *  confirmation of a lost/stolen replacement whose approval was skipped) */
  decisionKind?: 'approval' | 'confirmation';
}

export async function confirm(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<ConfirmInput>(ctx);
  const kind = input.decisionKind ?? 'confirmation';
  const deciders = kind === 'approval' ? await withoutParties(ctx, input.deciders) : input.deciders;
  const decision = await eligibleDecision(ctx, deciders, kind);
  if (decision) {
    const params = { ...input.params, by: decision.by, reason: decision.reason ?? '-' };
    if (decision.decision === 'approved') {
      await note(ctx, 'success', `${input.summaryKey}.confirmed`, params);
      return { status: 'done', output: { confirmed: true, by: decision.by, at: ctx.now.toISOString() } };
    }
    await note(ctx, input.onReject === 'stop' ? 'error' : 'warning', input.rejectedKey, params);
    if (input.onReject === 'stop') {
      return {
        status: 'stop',
        outcome: 'cancelled',
        reason: `${ctx.step.key}: refused by ${decision.by}${decision.reason ? ` (${decision.reason})` : ''}; nothing was changed`,
        output: { confirmed: false, by: decision.by, reason: decision.reason, at: ctx.now.toISOString() },
      };
    }
    return { status: 'done', output: { confirmed: false, by: decision.by, reason: decision.reason, at: ctx.now.toISOString() } };
  }

  if (deciders.length === 0) return nobodyCanDecide(ctx, 'confirmation', 'HELPDESK_USER_IDS');
  const summary: Text = { key: input.summaryKey, params: input.params };
  const details: Text[] = input.items.map((key) => ({ key, params: input.params }));
  await askDecision(ctx, {
    kind: 'confirmation',
    deciders,
    summary,
    details,
    confirmLabel: { key: input.confirmKey },
    rejectLabel: { key: input.rejectKey },
  });
  const state = stateOf<{ notified: boolean }>(ctx);
  if (input.notify && !state.notified) {
    await tell(ctx, input.notify, { kind: 'instructions', text: summary, items: details });
  }
  return { status: 'wait', reason: 'decision', state: { notified: true }, message: { key: input.summaryKey, params: input.params as never } };
}
