import type { App } from '@slack/bolt';
import { OFFBOARD_CALLBACK } from '../../features/offboard';
import { REASON_CALLBACK } from '../../features/reason';
import { REPLACE_CALLBACK } from '../../features/replace';
import type { SlackRuntime } from '../../runtime';
import { offboardSubmit } from './offboard-submit';
import { reasonSubmit } from './reason-submit';
import { replaceSubmit } from './replace-submit';

export function registerViews(app: App, rt: SlackRuntime): void {
  app.view(REPLACE_CALLBACK, replaceSubmit(rt));
  app.view(OFFBOARD_CALLBACK, offboardSubmit(rt));
  app.view(REASON_CALLBACK, reasonSubmit(rt));
}
