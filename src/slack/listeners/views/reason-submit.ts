// A reason submitted: reject an approval / fail a confirmation (first decision wins), or skip a failed step.
// The helpdesk check for a skip stays inline (not the middleware): it applies to one of the modal's three uses,
// and only after the reason itself was checked.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { errorMessage } from '../../../errors';
import { t } from '../../../i18n';
import { section } from '../../blocks/kit';
import { escapeMrkdwn } from '../../blocks/limits';
import { decide, explainRefusal } from '../../decisions/approvals';
import { replaceFailedButtons } from '../../features/failed-step';
import type { ReasonMeta } from '../../features/reason';
import { isHelpdesk } from '../../people/helpdesk';
import type { SlackRuntime } from '../../runtime';

export const reasonSubmit = (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const meta = JSON.parse(view.private_metadata || '{}') as ReasonMeta;
    const reason = (view.state.values.reason?.reason?.value ?? '').trim();
    const locale = await rt.locales.forUser(user);
    if (reason.length < 3) return void (await ack({ response_action: 'errors', errors: { reason: t(locale, 'slack.modal.required') } }));

    if (meta.k === 'skip' && meta.w && meta.s) {
      if (!isHelpdesk(rt.config, user)) return void (await ack({ response_action: 'errors', errors: { reason: t(locale, 'slack.helpdeskOnly') } }));
      try {
        await rt.engine.skipStep(meta.w, meta.s, user, reason);
      } catch (error) {
        return void (await ack({ response_action: 'errors', errors: { reason: t(locale, 'slack.operator.notPossible', { error: escapeMrkdwn(errorMessage(error)) }) } }));
      }
      await ack();
      await replaceFailedButtons(rt, { container: { channel_id: meta.c, message_ts: meta.m } }, { w: meta.w, s: meta.s }, 'skipped', user);
      return;
    }

    if (meta.a) {
      const result = await decide(rt, { approvalId: meta.a, userId: user, decision: meta.k === 'failed' ? 'failed' : 'rejected', reason });
      if (!result.ok) {
        // the modal closes; the explanation arrives as a DM (a modal has no ephemeral channel)
        await ack();
        const text = await explainRefusal(rt, user, result);
        await rt.outbox.enqueue({ kind: 'dm', channel: user, payload: { text, blocks: [section(text)] } });
        return;
      }
      await ack();
      return;
    }
    await ack();
  };
