// Modal submissions, one file each; the callback_ids come from ../../ids.ts. The offboard modal is behind the
// authorization middleware (offboarding.start); the other two ask ../../access/check.ts themselves (what they may
// do depends on what was submitted).
import type { App } from '@slack/bolt';
import { VIEWS } from '../../ids';
import type { SlackRuntime } from '../../runtime';
import { authorizedView } from '../middleware/authorized';
import { bulkOffboardSubmit } from './bulk-offboard-submit';
import { offboardSubmit } from './offboard-submit';
import { reasonSubmit } from './reason-submit';
import { replaceSubmit } from './replace-submit';

export function registerViews(app: App, rt: SlackRuntime): void {
  app.view(VIEWS.replace, replaceSubmit(rt));
  app.view(VIEWS.offboard, authorizedView(rt, 'offboarding.start', 'subject'), offboardSubmit(rt));
  app.view(VIEWS.bulkOffboard, authorizedView(rt, 'offboarding.start', 'file'), bulkOffboardSubmit(rt));
  app.view(VIEWS.reason, reasonSubmit(rt));
}
