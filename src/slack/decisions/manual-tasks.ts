// Guided steps for vendors without an API (CLOMO): the adapter writes a ManualTask row with the exact console
// clicks; the Slack layer shows it in the workflow's thread with Done / Failed buttons for the helpdesk
// (render/manual-task.ts), and the first click decides (a conditional update through the ManualTasks port). The
// adapter's commandStatus() then reads the row.
import { ManualTasks } from '../../ports/manual-tasks';
import type { Outbox } from '../delivery/outbox';
import type { Threads } from '../delivery/threads';
import type { SlackCoreDeps } from '../deps';
import { renderManualTask } from '../render/manual-task';

/** First click wins: true when this call recorded the outcome. The row is written by the adapter's own
 *  ManualTasks service (one place decides what a confirmation means); the Slack layer adds the audit entry. */
export async function confirmManualTask(
  deps: Pick<SlackCoreDeps, 'db' | 'now'>,
  taskId: string,
  userId: string,
  outcome: 'done' | 'failed',
  note?: string | null,
): Promise<boolean> {
  // The Failed button carries no text: the note says who marked it, and the thread shows the step as failed.
  const reason = note?.trim() || (outcome === 'failed' ? `marked failed in Slack by ${userId}` : undefined);
  const { task, changed } = await new ManualTasks(deps.db, deps.now).confirm(taskId, userId, outcome === 'done', reason);
  if (changed)
    await deps.db.auditEvent.create({
      data: {
        workflowId: task.workflowId ?? null,
        actor: userId,
        action: `manual_task.${outcome}`,
        toStatus: outcome,
        message: `${task.source} ${task.action} ${task.deviceId}`,
      },
    });
  return changed;
}

/** Posts every pending task that has no message yet (into its workflow's thread, else the helpdesk channel). */
export async function announceManualTasks(
  deps: Pick<SlackCoreDeps, 'db' | 'config' | 'logger'> & { outbox: Outbox; threads: Threads },
  workflowId?: string,
): Promise<number> {
  const tasks = await deps.db.manualTask.findMany({
    where: { status: 'pending', slackMessageTs: null, ...(workflowId ? { workflowId } : {}) },
    orderBy: { createdAt: 'asc' },
    take: 50,
  });
  let posted = 0;
  for (const task of tasks) {
    // a task queued once is never queued again — by this process or another, pending, sent or even failed (a failed
    // message is in the outbox's failures, not re-posted every tick): the outbox's dedupeKey
    const dedupeKey = `manual-task:${task.id}`;
    if (await deps.db.outboxMessage.count({ where: { dedupeKey } })) continue;
    const rendered = renderManualTask(deps.threads.channelLocale, task);
    const payload = { ...rendered, record: { manualTaskId: task.id } };
    if (task.workflowId) await deps.threads.reply(task.workflowId, payload, dedupeKey);
    else if (deps.config.SLACK_HELPDESK_CHANNEL) await deps.outbox.enqueue({ kind: 'post', channel: deps.config.SLACK_HELPDESK_CHANNEL, payload, dedupeKey });
    posted++;
  }
  return posted;
}
