// Every listener, registered in one place, grouped by Slack surface (the layout of Slack's Bolt sample apps).
import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../runtime';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerEvents } from './events';
import { registerShortcuts } from './shortcuts';
import { registerViews } from './views';

export function registerListeners(app: App, rt: SlackRuntime): void {
  registerCommands(app, rt);
  registerActions(app, rt);
  registerViews(app, rt);
  registerEvents(app, rt);
  registerShortcuts(app, rt);
}
