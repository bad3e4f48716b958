// The person picker in the replace / offboard modals (dispatch_action): reload that person's devices.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, UsersSelectAction } from '@slack/bolt';
import { refreshOffboardDevices } from '../../features/offboard';
import { refreshReplaceDevices, type ReplaceMeta } from '../../features/replace';
import type { SlackRuntime } from '../../runtime';

export const replaceSubjectChanged = (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<UsersSelectAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view || !action.selected_user) return;
    const meta = JSON.parse(view.private_metadata || '{}') as ReplaceMeta;
    const locale = await rt.locales.forUser(body.user.id);
    await refreshReplaceDevices(rt, view.id, view.hash, locale, meta, action.selected_user);
  };

export const offboardSubjectChanged = (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<UsersSelectAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view || !action.selected_user) return;
    await refreshOffboardDevices(rt, view.id, view.hash, body.user.id, action.selected_user);
  };
