// What a step says to people, through the chat port: a note in the workflow's thread, a direct message, and a
// request for a decision (the buttons whose click engine.signal() delivers back to the waiting step).
import type { DecisionRequest, Text, ThreadNote } from '../../../ports/chat';
import type { Ctx } from './context';

/** Posts a note (a catalogue key and its params) in the workflow's thread. A step's success is its progress
 *  (ThreadNote.progress): recorded, shown by the parent's checklist and the summary, not a reply of its own. */
export async function note(ctx: Ctx, kind: ThreadNote['kind'], key: string, params: Text['params'] = {}, extra: Partial<ThreadNote> = {}): Promise<void> {
  await ctx.services.chat.postToThread(ctx.workflow.id, { kind, text: { key, params }, ...(kind === 'success' ? { progress: true } : {}), ...extra });
}

/** A direct message to one person, linking to the workflow's thread. */
export async function tell(ctx: Ctx, slackUserId: string, message: ThreadNote): Promise<void> {
  await ctx.services.chat.notifyUser(slackUserId, message, ctx.workflow.id);
}

/** Asks for a decision on this step. Idempotent per step (ChatPort contract): a re-run after a crash does not
 *  post a second set of buttons. */
export async function askDecision(ctx: Ctx, request: Omit<DecisionRequest, 'workflowId' | 'stepKey'>): Promise<void> {
  await ctx.services.chat.requestDecision({ workflowId: ctx.workflow.id, stepKey: ctx.step.key, ...request });
}
