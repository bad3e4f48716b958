// Skip a failed step (helpdesk only): asks for the reason in a modal; the skip happens on submit.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { t } from '../../../i18n';
import { isHelpdesk } from '../../deps';
import { reasonModal } from '../../features/reason';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';
import { stepRef } from './step-retry';

export const stepSkip = (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    if (!isHelpdesk(rt.config, user)) return void (await tellPresser(respond, t(locale, 'slack.helpdeskOnly')));
    const ref = stepRef(action.value);
    if (!ref) return;
    await rt.client.views.open({
      trigger_id: body.trigger_id,
      view: reasonModal(locale, 'skip', { w: ref.w, s: ref.s, c: body.container?.channel_id, m: body.container?.message_ts }),
    });
  };
