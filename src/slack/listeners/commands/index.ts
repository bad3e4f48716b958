import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime';
import { deviceCommand } from './device';

export function registerCommands(app: App, rt: SlackRuntime): void {
  app.command('/device', deviceCommand(rt));
}
