// The offboard modal submitted (helpdesk only, checked by the middleware it is registered behind): checked,
// acknowledged, then the workflow starts once per modal.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isoUtc, parseOffboardSubmission, type OffboardMeta } from '../../features/offboard';
import { startFromModal } from '../../features/start';
import type { SlackRuntime } from '../../runtime';

export const offboardSubmit = (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    const meta = { ...(JSON.parse(view.private_metadata || '{}') as OffboardMeta), r: user };
    const parsed = parseOffboardSubmission(locale, view.state.values as never, meta, isoUtc);
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
    await ack();
    await startFromModal(rt, view.id, { kind: 'offboarding', input: parsed.input, userId: user, subjectSlackId: parsed.input.subject.slackUserId ?? null });
  };
