// Cancel a workflow from a failed step's message (helpdesk only; the button carries a confirm dialog).
import { t } from '../../../i18n';
import type { SlackRuntime } from '../../runtime';
import { operatorAction } from './operator-action';

export const workflowCancel = (rt: SlackRuntime) =>
  operatorAction(rt, 'cancelled', (ref, user) => rt.engine.cancel(ref.w, user, t(rt.threads.channelLocale, 'slack.cancel.reason', { who: `<@${user}>` })));
