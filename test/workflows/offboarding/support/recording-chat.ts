// A ChatPort that records what the workflow says, so scenario tests can assert the thread's messages.
import type { ChatPort, DecisionRequest, ThreadNote } from '../../../../src/ports/chat';

export class RecordingChat implements ChatPort {
  readonly thread: { workflowId: string; note: ThreadNote }[] = [];
  readonly decisions: DecisionRequest[] = [];
  readonly dms: { userId: string; note: ThreadNote; workflowId?: string }[] = [];

  async postToThread(workflowId: string, note: ThreadNote): Promise<void> {
    this.thread.push({ workflowId, note });
  }

  async requestDecision(request: DecisionRequest): Promise<void> {
    this.decisions.push(request);
  }

  async notifyUser(slackUserId: string, note: ThreadNote, workflowId?: string): Promise<void> {
    this.dms.push({ userId: slackUserId, note, workflowId });
  }

  /** The catalogue keys posted in one workflow's thread, in order (the parts of a post after it). */
  keys(workflowId: string): string[] {
    return this.notes(workflowId).map((n) => n.text.key);
  }

  /** What the workflow said in its thread, in order; a post's parts (ThreadNote.sections) follow it as notes of
   *  their own. */
  notes(workflowId: string): ThreadNote[] {
    return this.thread.filter((m) => m.workflowId === workflowId).flatMap((m) => [m.note, ...(m.note.sections ?? [])]);
  }

  /** The notes Slack shows as thread replies: one per post, progress notes left out. */
  posts(workflowId: string): ThreadNote[] {
    return this.thread.filter((m) => m.workflowId === workflowId && !m.note.progress).map((m) => m.note);
  }

  /** Every key in a workflow's thread, items and actions included. */
  allKeys(workflowId: string): string[] {
    return this.notes(workflowId).flatMap((n) => [n.text.key, ...(n.items ?? []).map((i) => i.key), ...(n.action ? [n.action.key] : [])]);
  }
}
