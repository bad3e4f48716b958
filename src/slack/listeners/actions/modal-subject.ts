// The person picker in the replace / offboard modals (dispatch_action): reload that person's devices — for whom
// the user may see them. Another person's devices are for the helpdesk only (device.pick.others; the offboard
// modal is helpdesk-only as a whole); a refused change is audited and the modal goes back to the user's own list
// with the reason on top. Nothing of the payload but the chosen user id is read.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, UsersSelectAction } from '@slack/bolt';
import { can, checkAccess } from '../../access/check';
import { refreshOffboardDevices } from '../../features/offboard';
import { showReplaceDevices } from '../../features/replace';
import { ACTIONS } from '../../ids';
import type { SlackRuntime } from '../../runtime';
import { showRefusalInView } from '../refusal';

export const replaceSubjectChanged =
  (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<UsersSelectAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const view = body.view;
    const user = body.user.id;
    if (!view || !action.selected_user) return;
    const locale = await rt.locales.forUser(user);
    const channel = (JSON.parse(view.private_metadata || '{}') as { c?: unknown }).c;
    const meta = { r: user, ...(typeof channel === 'string' ? { c: channel } : {}) };
    let subject = action.selected_user;
    let error: string | undefined;
    const pickOthers = await can(rt, user, 'device.pick.others');
    if (subject !== user && !pickOthers) {
      // checked again to write the refusal's audit row and get its sentence
      const access = await checkAccess(rt, { user, permission: 'device.pick.others', surface: ACTIONS.modalSubject.replace });
      if (!access.allowed) {
        subject = user;
        error = access.text;
      }
    }
    await showReplaceDevices(rt, view.id, view.hash, locale, { meta, subject, pickOthers, error });
  };

export const offboardSubjectChanged =
  (rt: SlackRuntime) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<UsersSelectAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const view = body.view;
    const user = body.user.id;
    if (!view || !action.selected_user) return;
    const access = await checkAccess(rt, { user, permission: 'offboarding.start', surface: ACTIONS.modalSubject.offboard });
    if (!access.allowed) return showRefusalInView(rt, view.id, user, access.text);
    await refreshOffboardDevices(rt, view.id, view.hash, user, action.selected_user);
  };
