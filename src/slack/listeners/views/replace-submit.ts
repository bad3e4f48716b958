// The replace modal submitted: checked synchronously (errors shown in the modal), acknowledged, then the
// workflow is started with the view id as idempotency key, so a double submit starts it once.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseReplaceSubmission, type ReplaceMeta } from '../../features/replace';
import { startFromModal } from '../../features/start';
import { isHelpdesk } from '../../people/helpdesk';
import type { SlackRuntime } from '../../runtime';

export const replaceSubmit = (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const meta = JSON.parse(view.private_metadata || '{}') as ReplaceMeta;
    if (meta.r !== user) meta.r = user; // the submitter is the requester, whatever the metadata says
    const locale = await rt.locales.forUser(user);
    const parsed = parseReplaceSubmission(locale, view.state.values as never, meta, isHelpdesk(rt.config, user));
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
    await ack();
    await startFromModal(rt, view.id, { kind: 'replacement', input: parsed.input, userId: user, subjectSlackId: parsed.input.subjectSlackId });
  };
