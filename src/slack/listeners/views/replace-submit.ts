// The replace modal submitted: checked against the server's own data (features/replace-verify.ts: who, which
// device, whose device; refusals audited and shown on the field), acknowledged, then the workflow is started with
// the view id as idempotency key, so a double submit starts it once.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { verifyReplaceSubmission } from '../../features/replace-verify';
import { startFromModal } from '../../features/start';
import type { SlackRuntime } from '../../runtime';

export const replaceSubmit =
  (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    // private_metadata is not read: the submitter is the requester, the form's fields say the rest
    const parsed = await verifyReplaceSubmission(rt, user, view.state.values as never, locale);
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
    await ack();
    await startFromModal(rt, view.id, { kind: 'replacement', input: parsed.input, userId: user, subjectSlackId: parsed.input.subjectSlackId });
  };
