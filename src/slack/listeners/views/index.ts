// Modal submissions, one file each; the callback_ids come from ../../ids.ts.
import type { App } from '@slack/bolt';
import { VIEWS } from '../../ids';
import type { SlackRuntime } from '../../runtime';
import { helpdeskOnlyView } from '../middleware/helpdesk-only';
import { offboardSubmit } from './offboard-submit';
import { reasonSubmit } from './reason-submit';
import { replaceSubmit } from './replace-submit';

export function registerViews(app: App, rt: SlackRuntime): void {
  app.view(VIEWS.replace, replaceSubmit(rt));
  app.view(VIEWS.offboard, helpdeskOnlyView(rt, 'subject'), offboardSubmit(rt));
  app.view(VIEWS.reason, reasonSubmit(rt));
}
