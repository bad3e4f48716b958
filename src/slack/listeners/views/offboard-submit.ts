// The offboard modal submitted (helpdesk only): checked, acknowledged, then the workflow starts once per modal.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { t } from '../../../i18n';
import { isHelpdesk } from '../../deps';
import { isoUtc, parseOffboardSubmission, type OffboardMeta } from '../../features/offboard';
import { startFromSlack } from '../../features/start';
import type { SlackRuntime } from '../../runtime';
import type { JsonObject } from '../../../engine/types';

export const offboardSubmit = (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    if (!isHelpdesk(rt.config, user)) return void (await ack({ response_action: 'errors', errors: { subject: t(locale, 'slack.helpdeskOnly') } }));
    const meta = { ...(JSON.parse(view.private_metadata || '{}') as OffboardMeta), r: user };
    const parsed = parseOffboardSubmission(locale, view.state.values as never, meta, isoUtc);
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
    await ack();
    await rt.background.run(() => startFromSlack(rt, {
      kind: 'offboarding',
      input: parsed.input as unknown as JsonObject,
      userId: user,
      subjectSlackId: parsed.input.subject.slackUserId ?? null,
      idempotencyKey: `slack-view:${view.id}`,
    }));
  };
