import type { App } from '@slack/bolt';
import { SHORTCUTS } from '../../ids';
import type { SlackRuntime } from '../../runtime';
import { replaceFromMessage } from './replace-from-message';

export function registerShortcuts(app: App, rt: SlackRuntime): void {
  app.shortcut(SHORTCUTS.replaceFromMessage, replaceFromMessage(rt));
}
