// Skip a failed step (step.skip: the helpdesk, never an approval or confirmation step; checked by the middleware
// in front): asks for the reason in a modal; the skip happens on submit (listeners/views/reason-submit.ts, which
// asks the authorization model again: the modal's metadata is not believed).
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { stepRef } from '../../features/failed-step';
import { reasonModal } from '../../features/reason';
import type { SlackRuntime } from '../../runtime';

export const stepSkip =
  (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const ref = stepRef(action.value);
    if (!ref) return;
    const locale = await rt.locales.forUser(body.user.id);
    await rt.client.views.open({
      trigger_id: body.trigger_id,
      view: reasonModal(locale, 'skip', { w: ref.w, s: ref.s, c: body.container?.channel_id, m: body.container?.message_ts }),
    });
  };
