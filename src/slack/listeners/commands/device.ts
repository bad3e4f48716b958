// /device <subcommand>: acknowledged at once (Slack wants an answer within 3 s); modals open with the
// trigger_id straight away; anything slow (look-ups, sync) answers later through response_url.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { t } from '../../../i18n';
import { errorMessage } from '../../../errors';
import { section } from '../../blocks/kit';
import { escapeMrkdwn } from '../../blocks/limits';
import { isHelpdesk } from '../../deps';
import { helpBlocks } from '../../features/help';
import { lookupBlocks } from '../../features/lookup';
import { openOffboardModal } from '../../features/offboard';
import { openReplaceModal } from '../../features/replace';
import { statusBlocks } from '../../features/status';
import { syncSummaryBlocks } from '../../features/sync';
import { firstDelivery, type SlackRuntime } from '../../runtime';

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
    // A re-delivery of the same command (X-Slack-Retry-Num) carries the same trigger_id: do the work once.
    if (context.retryNum && !(await firstDelivery(rt, `command:${command.trigger_id}`))) return;
    if (!context.retryNum) void firstDelivery(rt, `command:${command.trigger_id}`);
    const locale = await rt.locales.forUser(user);
    const say = (text: string, blocks = [section(text)]) => respond({ response_type: 'ephemeral', text, blocks });
    try {
      switch (name) {
        case 'replace':
          await openReplaceModal(rt, command.trigger_id, user, user, { channel: command.channel_id });
          return;
        case 'offboard':
          if (!helpdesk) return void (await say(t(locale, 'slack.helpdeskOnly')));
          await openOffboardModal(rt, command.trigger_id, user);
          return;
        case 'status':
          await respond({ response_type: 'ephemeral', ...(await statusBlocks(rt, locale, user, arg)) });
          return;
        case 'lookup':
          await respond({ response_type: 'ephemeral', ...(await lookupBlocks(rt, locale, arg)) });
          return;
        case 'sync': {
          if (!helpdesk) return void (await say(t(locale, 'slack.helpdeskOnly')));
          if (!rt.sync) return void (await say(t(locale, 'slack.sync.notConfigured')));
          const dryRun = /^dry-?run$/i.test(arg.trim());
          await say(t(locale, dryRun ? 'slack.sync.startedDry' : 'slack.sync.started'));
          const summaries = await rt.sync.runNow({ dryRun, actor: user, trigger: 'command' });
          await respond({ response_type: 'ephemeral', ...syncSummaryBlocks(locale, summaries, dryRun) });
          return;
        }
        default:
          await say(t(locale, 'slack.unknownSubcommand', { sub: escapeMrkdwn(sub) }));
      }
    } catch (error) {
      rt.logger.error('/device failed', { sub: name, error });
      await say(t(locale, 'slack.commandFailed', { error: escapeMrkdwn(errorMessage(error)) })).catch(() => undefined);
    }
  };
