// A failed step's message (render/workflow.ts renderStepFailed) carries Retry / Skip / Cancel buttons whose value
// names the step; once a helpdesk member acted on them, the buttons give way to who did what and when.
import { formatTime } from '../render/text';
import { renderStepFailedResolved } from '../render/workflow';
import type { SlackRuntime } from '../runtime';

export interface StepRef {
  /** workflow id */
  w: string;
  /** step key */
  s: string;
}

/** The step a failed-step button names (its value is `{"w": workflowId, "s": stepKey}`); null when unreadable. */
export function stepRef(value: string | undefined): StepRef | null {
  try {
    const v = JSON.parse(value ?? '') as { w?: unknown; s?: unknown };
    return typeof v.w === 'string' && typeof v.s === 'string' ? { w: v.w, s: v.s } : null;
  } catch {
    return null;
  }
}

/** The failed step's message loses its buttons once someone acted on them. */
export async function replaceFailedButtons(
  rt: SlackRuntime,
  body: { container?: { channel_id?: string; message_ts?: string } },
  ref: StepRef,
  outcome: 'retried' | 'skipped' | 'cancelled',
  user: string,
): Promise<void> {
  const channel = body.container?.channel_id;
  const ts = body.container?.message_ts;
  if (!channel || !ts) return;
  const step = await rt.db.workflowStep.findUnique({ where: { workflowId_key: { workflowId: ref.w, key: ref.s } }, select: { title: true, key: true } });
  const locale = rt.threads.channelLocale;
  const rendered = renderStepFailedResolved(locale, step ?? { title: ref.s, key: ref.s }, outcome, user, formatTime(locale, rt.now(), rt.config.TIME_ZONE));
  await rt.outbox.enqueue({ kind: 'update', channel, workflowId: ref.w, coalesceKey: `failed:${channel}:${ts}`, payload: { ...rendered, ts } });
}
