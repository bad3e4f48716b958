// The App Home's "New replacement" / "New offboarding" buttons open the same modals as /device.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isHelpdesk } from '../../deps';
import { openOffboardModal } from '../../features/offboard';
import { openReplaceModal } from '../../features/replace';
import type { SlackRuntime } from '../../runtime';

export const homeStart = (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    if (action.action_id === 'home.offboard') {
      if (isHelpdesk(rt.config, user)) await openOffboardModal(rt, body.trigger_id, user);
      return;
    }
    await openReplaceModal(rt, body.trigger_id, user, user);
  };
