// /device <subcommand>: acknowledged at once (Slack wants an answer within 3 s); modals open with the
// trigger_id straight away; anything slow (look-ups, sync) answers later through response_url. Each subcommand
// asks the authorization model first (offboard, lookup and sync are the helpdesk's; status shows only the
// workflows the user may see); a refusal is audited and answered privately.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Permission } from '../../../domain/authorization';
import { t } from '../../../i18n';
import { can, checkAccess } from '../../access/check';
import { canShow } from '../../access/shown-roles';
import { section } from '../../blocks/kit';
import { escapeMrkdwn } from '../../blocks/limits';
import { openBulkOffboardModal } from '../../features/bulk-offboard';
import { helpBlocks } from '../../features/help';
import { lookupBlocks } from '../../features/lookup';
import { openOffboardModal } from '../../features/offboard';
import { openReplaceModal } from '../../features/replace';
import { statusBlocks } from '../../features/status';
import { syncSummaryBlocks } from '../../features/sync';
import { openSyncStatus } from '../../features/sync-status';
import { errorLead, failureMessage } from '../../render/error-lead';
import type { SlackRuntime } from '../../runtime';
import { firstDelivery } from '../first-delivery';

/** What each subcommand needs (status: per workflow, in features/status.ts; help: nothing). */
const NEEDS: Record<string, Permission> = {
  replace: 'replacement.start.self',
  offboard: 'offboarding.start',
  'offboard-bulk': 'offboarding.start',
  lookup: 'lookup',
  sync: 'sync',
};

export const deviceCommand =
  (rt: SlackRuntime) =>
  async ({ command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const [sub = 'help', ...rest] = command.text.trim().split(/\s+/);
    const arg = rest.join(' ');
    const user = command.user_id;
    const name = sub.toLowerCase();

    // Help goes back in the ack itself: the language is cached per user, the helpdesk footer comes from a directory
    // read shared by the requests of a few seconds (merely shown; nothing is done on it).
    if (name === 'help' || name === '') {
      const locale = await rt.locales.forUser(user);
      await ack({ response_type: 'ephemeral', ...helpBlocks(locale, await canShow(rt, user, 'offboarding.start')) });
      return;
    }
    await ack();
    const permission = NEEDS[name];
    const allowed = async () => {
      if (!permission) return true;
      const access = await checkAccess(rt, { user, permission, surface: `${command.command} ${name}` });
      if (!access.allowed) await respond({ response_type: 'ephemeral', text: access.text, blocks: [section(access.text)] });
      return access.allowed;
    };
    // Modals must open while the trigger_id is fresh (3 s): no queueing for them.
    if (name === 'replace' || name === 'offboard' || name === 'offboard-bulk') {
      if (!(await allowed())) return;
      const open = async () =>
        name === 'replace'
          ? openReplaceModal(rt, command.trigger_id, user, user, { channel: command.channel_id, pickOthers: await can(rt, user, 'device.pick.others') })
          : name === 'offboard'
            ? openOffboardModal(rt, command.trigger_id, user)
            : openBulkOffboardModal(rt, command.trigger_id, user);
      await rt.modals.run(open).catch((error) => rt.logger.error('could not open the modal', { sub: name, error }));
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
        if (!(await allowed())) return;
        switch (name) {
          case 'status':
            await respond({ response_type: 'ephemeral', ...(await statusBlocks(rt, locale, user, arg)) });
            return;
          case 'lookup':
            await respond({ response_type: 'ephemeral', ...(await lookupBlocks(rt, locale, arg)) });
            return;
          case 'sync': {
            if (!rt.sync) return void (await say(t(locale, 'slack.sync.notConfigured')));
            const sync = rt.sync;
            const dryRun = /^dry-?run$/i.test(arg.trim());
            await say(t(locale, dryRun ? 'slack.sync.startedDry' : 'slack.sync.started'));
            // one message that moves while the sync runs (counts, time left), then holds its summary
            const status = await openSyncStatus(rt, { userId: user, dryRun, channelLocale: rt.threads.channelLocale, userLocale: locale });
            // a sync takes minutes: it does not hold a slot of the background queue
            void sync
              .runNow({ dryRun, actor: user, trigger: 'command', onProgress: (p) => status.progress(p) })
              .then(async (summaries) => {
                await status.finish(summaries);
                return respond({ response_type: 'ephemeral', ...syncSummaryBlocks(locale, summaries, dryRun) });
              })
              .catch((error) =>
                respond({
                  response_type: 'ephemeral',
                  ...failureMessage(locale, t(locale, 'slack.commandFailed', { error: errorLead(locale, error) }), error),
                }),
              )
              .catch((error) => rt.logger.error('/device sync failed', { error }));
            return;
          }
          default:
            await say(t(locale, 'slack.unknownSubcommand', { sub: escapeMrkdwn(sub) }));
        }
      } catch (error) {
        rt.logger.error('/device failed', { sub: name, error });
        await respond({
          response_type: 'ephemeral',
          ...failureMessage(locale, t(locale, 'slack.commandFailed', { error: errorLead(locale, error) }), error),
        }).catch(() => undefined);
      }
    }
  };
