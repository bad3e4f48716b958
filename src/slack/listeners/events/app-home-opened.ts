// The Home tab opened: publish the person's view (requests, approvals, and the helpdesk's overview).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeView } from '../../features/home';
import type { SlackRuntime } from '../../runtime';
import { firstDelivery } from '../first-delivery';

export const appHomeOpened =
  (rt: SlackRuntime) =>
  async ({ event, body, context }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    // Slack re-sends an event it thinks we missed (X-Slack-Retry-Num): handle each event_id once
    const eventId = (body as { event_id?: string }).event_id;
    if (context.retryNum && eventId && !(await firstDelivery(rt, `event:${eventId}`))) return;
    if (!context.retryNum && eventId) await firstDelivery(rt, `event:${eventId}`);
    await rt.client.views.publish({ user_id: event.user, view: await homeView(rt, event.user) });
  };
