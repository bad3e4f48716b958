// The App Home's "New replacement" / "New offboarding" buttons open the same modals as /device. (The offboarding
// button is only shown to the helpdesk; anyone else pressing an old copy of it is refused, audited, and told in a
// small modal: a Home tab has no place for an ephemeral answer.)
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { can, checkAccess } from '../../access/check';
import { openOffboardModal } from '../../features/offboard';
import { openReplaceModal } from '../../features/replace';
import { ACTIONS } from '../../ids';
import type { SlackRuntime } from '../../runtime';
import { showRefusalModal } from '../refusal';

export const homeStart =
  (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const offboard = action.action_id === ACTIONS.home.offboard;
    const access = await checkAccess(rt, { user, permission: offboard ? 'offboarding.start' : 'replacement.start.self', surface: action.action_id });
    if (!access.allowed) return showRefusalModal(rt, body.trigger_id, user, access.text);
    if (offboard) return openOffboardModal(rt, body.trigger_id, user);
    await openReplaceModal(rt, body.trigger_id, user, user, { pickOthers: await can(rt, user, 'device.pick.others') });
  };
