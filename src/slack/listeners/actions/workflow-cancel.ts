// Cancel a workflow from a failed step's message (helpdesk only; the button carries a confirm dialog).
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorMessage } from '../../../errors';
import { t } from '../../../i18n';
import { escapeMrkdwn } from '../../blocks/limits';
import { isHelpdesk } from '../../deps';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';
import { replaceFailedButtons, stepRef } from './step-retry';

export const workflowCancel = (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    if (!isHelpdesk(rt.config, user)) return void (await tellPresser(respond, t(locale, 'slack.helpdeskOnly')));
    const ref = stepRef(action.value);
    if (!ref) return;
    try {
      await rt.engine.cancel(ref.w, user, t(rt.threads.channelLocale, 'slack.cancel.reason', { who: `<@${user}>` }));
    } catch (error) {
      return void (await tellPresser(respond, t(locale, 'slack.operator.notPossible', { error: escapeMrkdwn(errorMessage(error)) })));
    }
    await replaceFailedButtons(rt, body, ref, 'cancelled', user);
  };
