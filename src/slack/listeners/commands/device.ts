// /device <subcommand>: acknowledged at once (Slack wants an answer within 3 s); modals open with the
// trigger_id straight away; anything slow (look-ups, sync) answers later through response_url.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { errorMessage } from '../../../errors';
import { t } from '../../../i18n';
import { section } from '../../blocks/kit';
import { escapeMrkdwn } from '../../blocks/limits';
import { helpBlocks } from '../../features/help';
import { lookupBlocks } from '../../features/lookup';
import { openOffboardModal } from '../../features/offboard';
import { openReplaceModal } from '../../features/replace';
import { statusBlocks } from '../../features/status';
import { syncSummaryBlocks } from '../../features/sync';
import { isHelpdesk } from '../../people/helpdesk';
import type { SlackRuntime } from '../../runtime';
import { firstDelivery } from '../first-delivery';

export const deviceCommand = (rt: SlackRuntime) =>
  async ({ command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/);
    const arg = rest.join(' ');
    const user = command.user_id;
    const helpdesk = isHelpdesk(rt.config, user);
    const name = sub.toLowerCase();

    // Answers that need no I/O go back in the ack itself.
    if (name === 'help' || name === '') {
      const locale = await rt.locales.forUser(user);
      await ack({ response_type: 'ephemeral', ...helpBlocks(locale, helpdesk) });
      return;
    }
    await ack();
    // Modals must open while the trigger_id is fresh (3 s): no queueing for them.
    if (name === 'replace' || name === 'offboard') {
      const locale = await rt.locales.forUser(user);
      if (name === 'offboard' && !helpdesk) return void (await respond({ response_type: 'ephemeral', text: t(locale, 'slack.helpdeskOnly') }));
      await rt.modals
        .run(() => (name === 'replace' ? openReplaceModal(rt, command.trigger_id, user, user, { channel: command.channel_id }) : openOffboardModal(rt, command.trigger_id, user)))
        .catch((error) => rt.logger.error('could not open the modal', { sub: name, error }));
      return;
    }
    // Slack does not retry slash commands today; if a delivery is ever repeated (X-Slack-Retry-Num) it carries the
    // same trigger_id, and the work is done once.
    if (context.retryNum && !(await firstDelivery(rt, `command:${command.trigger_id}`))) return;
    await rt.background.run(answer);

    async function answer(): Promise<void> {
      if (!context.retryNum) await firstDelivery(rt, `command:${command.trigger_id}`);
      const locale = await rt.locales.forUser(user);
      const say = (text: string) => respond({ response_type: 'ephemeral', text, blocks: [section(text)] });
      try {
        switch (name) {
          case 'status':
            await respond({ response_type: 'ephemeral', ...(await statusBlocks(rt, locale, user, arg)) });
            return;
          case 'lookup':
            await respond({ response_type: 'ephemeral', ...(await lookupBlocks(rt, locale, arg)) });
            return;
          case 'sync': {
            if (!helpdesk) return void (await say(t(locale, 'slack.helpdeskOnly')));
            if (!rt.sync) return void (await say(t(locale, 'slack.sync.notConfigured')));
            const sync = rt.sync;
            const dryRun = /^dry-?run$/i.test(arg.trim());
            await say(t(locale, dryRun ? 'slack.sync.startedDry' : 'slack.sync.started'));
            // a sync takes minutes: it does not hold a slot of the background queue
            void sync
              .runNow({ dryRun, actor: user, trigger: 'command' })
              .then((summaries) => respond({ response_type: 'ephemeral', ...syncSummaryBlocks(locale, summaries, dryRun) }))
              .catch((error) => say(t(locale, 'slack.commandFailed', { error: escapeMrkdwn(errorMessage(error)) })))
              .catch((error) => rt.logger.error('/device sync failed', { error }));
            return;
          }
          default:
            await say(t(locale, 'slack.unknownSubcommand', { sub: escapeMrkdwn(sub) }));
        }
      } catch (error) {
        rt.logger.error('/device failed', { sub: name, error });
        await say(t(locale, 'slack.commandFailed', { error: escapeMrkdwn(errorMessage(error)) })).catch(() => undefined);
      }
    }
  };
