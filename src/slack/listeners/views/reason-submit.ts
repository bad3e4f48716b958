// A reason submitted: reject an approval / fail a confirmation (first decision wins), or skip a failed step. The
// modal's private_metadata only names what to look up (an approval id, or a workflow id and step key): who may
// is asked again here, from the database — a refusal is audited and shown on the reason field.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { t } from '../../../i18n';
import { checkAccess } from '../../access/check';
import { loadApproval } from '../../access/roles';
import { section } from '../../blocks/kit';
import { decide, explainRefusal } from '../../decisions/approvals';
import { replaceFailedButtons } from '../../features/failed-step';
import { REASON_MIN, type ReasonMeta } from '../../features/reason';
import { errorLead } from '../../render/error-lead';
import { textProblem } from '../../render/text-problem';
import { checkText } from '../../../text';
import { VIEWS } from '../../ids';
import type { SlackRuntime } from '../../runtime';

export const reasonSubmit =
  (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    let meta: ReasonMeta = {};
    try {
      meta = JSON.parse(view.private_metadata || '{}') as ReasonMeta;
    } catch {
      meta = {};
    }
    const locale = await rt.locales.forUser(user);
    // cleaned (no control, zero-width or bidi characters) and limited before it is stored or shown (src/text)
    const checked = checkText(view.state.values.reason?.reason?.value, 'reason', { min: REASON_MIN, multiline: true });
    if (!checked.ok) return void (await ack({ response_action: 'errors', errors: { reason: textProblem(locale, checked) ?? '' } }));
    const reason = checked.value;
    if (!reason) return void (await ack({ response_action: 'errors', errors: { reason: t(locale, 'slack.modal.required') } }));
    const refused = (text: string) => ack({ response_action: 'errors', errors: { reason: text } });

    if (meta.k === 'skip') {
      const access = await checkAccess(rt, {
        user,
        permission: 'step.skip',
        surface: VIEWS.reason,
        workflowId: String(meta.w ?? ''),
        stepKey: String(meta.s ?? ''),
      });
      if (!access.allowed) return void (await refused(access.text));
      const [w, s] = [String(meta.w), String(meta.s)];
      try {
        await rt.engine.skipStep(w, s, user, reason);
      } catch (error) {
        return void (await refused(t(locale, 'slack.operator.notPossible', { error: errorLead(locale, error) })));
      }
      await ack();
      await replaceFailedButtons(rt, { container: { channel_id: meta.c, message_ts: meta.m } }, { w, s }, 'skipped', user);
      return;
    }

    // a rejection or a failed confirmation: what it is follows the stored row, not the metadata's `k`
    const approvalId = String(meta.a ?? '');
    const confirmation = ((await loadApproval(rt, approvalId))?.kind ?? 'approval') !== 'approval';
    const access = await checkAccess(rt, { user, permission: confirmation ? 'decision.confirm' : 'decision.reject', surface: VIEWS.reason, approvalId });
    if (!access.allowed) return void (await refused(access.text));
    const result = await decide(rt, { approvalId, userId: user, decision: confirmation ? 'failed' : 'rejected', reason });
    await ack();
    if (!result.ok) {
      // the modal closed; the explanation arrives as a DM (a modal has no ephemeral channel)
      const text = await explainRefusal(rt, user, result);
      await rt.outbox.enqueue({ kind: 'dm', channel: user, payload: { text, blocks: [section(text)] } });
    }
  };
