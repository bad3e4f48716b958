// Message shortcut "Start a device replacement": from a helpdesk conversation, opens the replace modal for
// the message's author with the message as notes.
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { openReplaceModal } from '../../features/replace';
import type { SlackRuntime } from '../../runtime';

export const replaceFromMessage = (rt: SlackRuntime) =>
  async ({ ack, shortcut }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const author = shortcut.message.user ?? shortcut.user.id;
    await openReplaceModal(rt, shortcut.trigger_id, shortcut.user.id, author, { channel: shortcut.channel.id, notes: shortcut.message.text ?? undefined });
  };
