import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime';
import { REPLACE_SHORTCUT, replaceFromMessage } from './replace-from-message';

export function registerShortcuts(app: App, rt: SlackRuntime): void {
  app.shortcut(REPLACE_SHORTCUT, replaceFromMessage(rt));
}
