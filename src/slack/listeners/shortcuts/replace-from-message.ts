// Message shortcut "Start a device replacement": from a helpdesk conversation, opens the replace modal for the
// message's author with the message as notes. Only the helpdesk may request for someone else: anyone else gets
// the modal locked to themselves (as /device replace gives them).
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { can } from '../../access/check';
import { openReplaceModal } from '../../features/replace';
import type { SlackRuntime } from '../../runtime';

export const replaceFromMessage =
  (rt: SlackRuntime) =>
  async ({ ack, shortcut }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = shortcut.user.id;
    const pickOthers = await can(rt, user, 'device.pick.others');
    const author = shortcut.message.user ?? user;
    const subject = pickOthers ? author : user;
    await openReplaceModal(rt, shortcut.trigger_id, user, subject, { channel: shortcut.channel.id, notes: shortcut.message.text ?? undefined, pickOthers });
  };
