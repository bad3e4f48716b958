import type { App } from '@slack/bolt';
import { COMMANDS } from '../../ids';
import type { SlackRuntime } from '../../runtime';
import { deviceCommand } from './device';

export function registerCommands(app: App, rt: SlackRuntime): void {
  app.command(COMMANDS.device, deviceCommand(rt));
}
