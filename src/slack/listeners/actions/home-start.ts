// The App Home's "New replacement" / "New offboarding" buttons open the same modals as /device. (The offboarding
// button is only shown to the helpdesk; anyone else pressing an old copy of it gets nothing.)
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { openOffboardModal } from '../../features/offboard';
import { openReplaceModal } from '../../features/replace';
import { ACTIONS } from '../../ids';
import { isHelpdesk } from '../../people/helpdesk';
import type { SlackRuntime } from '../../runtime';

export const homeStart = (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    if (action.action_id === ACTIONS.home.offboard) {
      if (isHelpdesk(rt.config, user)) await openOffboardModal(rt, body.trigger_id, user);
      return;
    }
    await openReplaceModal(rt, body.trigger_id, user, user);
  };
