// Bolt listener middleware for what only the helpdesk (HELPDESK_USER_IDS) may do: registered in front of the
// handler (app.action(id, helpdeskOnlyAction(rt), handler)), it lets a helpdesk member through and answers
// anyone else with "helpdesk only" in their language, so no handler repeats the check. It calls next() without
// acknowledging: the handler acknowledges, as Bolt allows only one ack per request.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { t } from '../../../i18n';
import { isHelpdesk } from '../../people/helpdesk';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from '../actions/reply';

/** A button: a refused presser gets an ephemeral answer only they see; nothing else happens. */
export const helpdeskOnlyAction = (rt: Pick<SlackRuntime, 'config' | 'locales'>) =>
  async ({ ack, body, respond, next }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    if (isHelpdesk(rt.config, body.user.id)) return next();
    await ack();
    const locale = await rt.locales.forUser(body.user.id);
    await tellPresser(respond, t(locale, 'slack.helpdeskOnly'));
  };

/** A modal: a refused submitter sees "helpdesk only" on the input block `blockId` and the modal stays open. */
export const helpdeskOnlyView = (rt: Pick<SlackRuntime, 'config' | 'locales'>, blockId: string) =>
  async ({ ack, body, next }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    if (isHelpdesk(rt.config, body.user.id)) return next();
    const locale = await rt.locales.forUser(body.user.id);
    await ack({ response_action: 'errors', errors: { [blockId]: t(locale, 'slack.helpdeskOnly') } });
  };
