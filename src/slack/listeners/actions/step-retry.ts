// Retry a failed step (helpdesk only). A second press finds the step no longer failed and is told so.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorMessage } from '../../../errors';
import { t } from '../../../i18n';
import { escapeMrkdwn } from '../../blocks/limits';
import { isHelpdesk } from '../../deps';
import { formatTime } from '../../render/text';
import { renderStepFailedResolved } from '../../render/workflow';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';

export function stepRef(value: string | undefined): { w: string; s: string } | null {
  try {
    const v = JSON.parse(value ?? '') as { w?: unknown; s?: unknown };
    return typeof v.w === 'string' && typeof v.s === 'string' ? { w: v.w, s: v.s } : null;
  } catch {
    return null;
  }
}

export const stepRetry = (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    if (!isHelpdesk(rt.config, user)) return void (await tellPresser(respond, t(locale, 'slack.helpdeskOnly')));
    const ref = stepRef(action.value);
    if (!ref) return;
    try {
      await rt.engine.retryStep(ref.w, ref.s, user);
    } catch (error) {
      return void (await tellPresser(respond, t(locale, 'slack.operator.notPossible', { error: escapeMrkdwn(errorMessage(error)) })));
    }
    await replaceFailedButtons(rt, body, ref, 'retried', user);
  };

/** The failed step's message loses its buttons once someone acted on them. */
export async function replaceFailedButtons(rt: SlackRuntime, body: { container?: { channel_id?: string; message_ts?: string } }, ref: { w: string; s: string }, outcome: 'retried' | 'skipped' | 'cancelled', user: string): Promise<void> {
  const channel = body.container?.channel_id;
  const ts = body.container?.message_ts;
  if (!channel || !ts) return;
  const step = await rt.db.workflowStep.findUnique({ where: { workflowId_key: { workflowId: ref.w, key: ref.s } }, select: { title: true, key: true } });
  const locale = rt.threads.channelLocale;
  const rendered = renderStepFailedResolved(locale, step ?? { title: ref.s, key: ref.s }, outcome, user, formatTime(locale, rt.now(), rt.config.TIME_ZONE));
  await rt.outbox.enqueue({ kind: 'update', channel, workflowId: ref.w, coalesceKey: `failed:${channel}:${ts}`, payload: { ...rendered, ts } });
}
