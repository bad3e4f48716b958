// Guided steps for vendors without an API (CLOMO): the adapter writes a ManualTask row with the exact console
// clicks; the Slack layer shows it in the workflow's thread with Done / Failed buttons for the helpdesk, and the
// first click decides (a conditional update). The adapter's commandStatus() then reads the row.
import { ManualTasks } from '../ports/manual-tasks';
import type { ManualTask } from '../generated/sqlite/client';
import type { Locale } from '../i18n';
import { t } from '../i18n';
import { escapeMrkdwn, capList, LIMITS, truncate } from './blocks/limits';
import { actions, button, context, section } from './blocks/kit';
import type { SlackCoreDeps } from './deps';
import type { Outbox } from './outbox';
import { formatTime, mention } from './render/text';
import type { Threads } from './threads';
import type { Rendered } from './render/workflow';

export const MANUAL_ACTIONS = { done: 'manual.done', failed: 'manual.failed' } as const;

/** First click wins: true when this call recorded the outcome. The row is written by the adapter's own
 *  ManualTasks service (one place decides what a confirmation means); the Slack layer adds the audit entry. */
export async function confirmManualTask(deps: Pick<SlackCoreDeps, 'db' | 'now'>, taskId: string, userId: string, outcome: 'done' | 'failed', note?: string | null): Promise<boolean> {
  // The Failed button carries no text: the note says who marked it, and the thread shows the step as failed.
  const reason = note?.trim() || (outcome === 'failed' ? `marked failed in Slack by ${userId}` : undefined);
  const { task, changed } = await new ManualTasks(deps.db, deps.now).confirm(taskId, userId, outcome === 'done', reason);
  if (changed)
    await deps.db.auditEvent.create({ data: { workflowId: task.workflowId ?? null, actor: userId, action: `manual_task.${outcome}`, toStatus: outcome, message: `${task.source} ${task.action} ${task.deviceId}` } });
  return changed;
}

function instructions(task: ManualTask, locale: Locale): string[] {
  try {
    const parsed = JSON.parse(task.instructionsJson) as Partial<Record<Locale, string[]>>;
    return parsed[locale] ?? parsed.en ?? parsed.ja ?? [];
  } catch {
    return [];
  }
}

export function renderManualTask(locale: Locale, task: ManualTask): Rendered {
  const heading = t(locale, 'slack.manual.heading', { source: escapeMrkdwn(task.source), action: escapeMrkdwn(task.action), device: escapeMrkdwn(task.deviceId) });
  const { shown, more } = capList(instructions(task, locale), 40);
  const lines = shown.map((s, i) => `${i + 1}. ${escapeMrkdwn(s)}`);
  if (more) lines.push(t(locale, 'slack.more', { count: more }));
  return {
    text: heading,
    blocks: [
      section(`🛠️ *${heading}*`),
      ...(lines.length ? [section(truncate(lines.join('\n'), LIMITS.text))] : []),
      actions(`manual:${task.id}`, [
        button(t(locale, 'slack.button.done'), MANUAL_ACTIONS.done, task.id, 'primary'),
        button(t(locale, 'slack.button.failed'), MANUAL_ACTIONS.failed, task.id, 'danger'),
      ]),
      context(t(locale, 'slack.step.helpdeskOnly')),
    ],
  };
}

export function renderManualTaskOutcome(locale: Locale, task: ManualTask, timeZone: string): Rendered {
  const heading = t(locale, 'slack.manual.heading', { source: escapeMrkdwn(task.source), action: escapeMrkdwn(task.action), device: escapeMrkdwn(task.deviceId) });
  const line = t(locale, `slack.manual.outcome.${task.status === 'done' ? 'done' : 'failed'}`, { who: mention(task.decidedBy), at: formatTime(locale, task.decidedAt ?? new Date(), timeZone) });
  return { text: `${heading}: ${line}`, blocks: [section(`🛠️ *${heading}*\n${task.status === 'done' ? '✅' : '❌'} ${line}`)] };
}

/** Posts every pending task that has no message yet (into its workflow's thread, else the helpdesk channel). */
export async function announceManualTasks(deps: Pick<SlackCoreDeps, 'db' | 'config' | 'logger'> & { outbox: Outbox; threads: Threads }, workflowId?: string): Promise<number> {
  const tasks = await deps.db.manualTask.findMany({ where: { status: 'pending', slackMessageTs: null, ...(workflowId ? { workflowId } : {}) }, orderBy: { createdAt: 'asc' }, take: 50 });
  let posted = 0;
  for (const task of tasks) {
    // a task already queued in the outbox (not sent yet) is not queued twice
    const queued = await deps.db.outboxMessage.count({ where: { payloadJson: { contains: `"manualTaskId":"${task.id}"` }, status: { in: ['pending', 'sent'] } } });
    if (queued) continue;
    const rendered = renderManualTask(deps.threads.channelLocale, task);
    const payload = { ...rendered, record: { manualTaskId: task.id } };
    if (task.workflowId) await deps.threads.reply(task.workflowId, payload);
    else if (deps.config.SLACK_HELPDESK_CHANNEL) await deps.outbox.enqueue({ kind: 'post', channel: deps.config.SLACK_HELPDESK_CHANNEL, payload });
    posted++;
  }
  return posted;
}
