import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime';
import { appHomeOpened } from './app-home-opened';

export function registerEvents(app: App, rt: SlackRuntime): void {
  app.event('app_home_opened', appHomeOpened(rt));
}
