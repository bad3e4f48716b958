// Approve / Reject (or Done / Failed) in the thread, and the outcome that replaces the buttons once someone has
// decided: who and when, so nobody presses again.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import type { DecisionRequest } from '../../ports/chat';
import { actions, button, context, section } from '../blocks/kit';
import { capList, escapeMrkdwn, LIMITS, truncate } from '../blocks/limits';
import { ACTIONS } from '../ids';
import { mention, tx } from './text';
import type { Rendered } from './workflow';

/** The heading of a decision of this kind (the request, and its outcome when the summary is not known). */
export function decisionHeadingKey(kind: string): string {
  return kind === 'approval' ? 'slack.decision.approvalHeading' : kind === 'choice' ? 'slack.decision.choiceHeading' : 'slack.decision.confirmationHeading';
}

export function renderDecisionRequest(
  locale: Locale,
  approvalId: string,
  request: Pick<DecisionRequest, 'kind' | 'summary' | 'details' | 'confirmLabel' | 'rejectLabel'>,
  deciders: string[],
): Rendered {
  const approval = request.kind === 'approval';
  const heading = t(locale, decisionHeadingKey(request.kind));
  const blocks: KnownBlock[] = [section(`🗳️ *${heading}*\n${tx(locale, request.summary)}`)];
  if (request.details?.length) {
    const { shown, more } = capList(request.details, 20);
    const lines = shown.map((d) => `• ${tx(locale, d)}`);
    if (more) lines.push(t(locale, 'slack.more', { count: more }));
    blocks.push(section(truncate(lines.join('\n'), LIMITS.text)));
  }
  blocks.push(
    actions(
      `decision:${approvalId}`,
      approval
        ? [
            button(t(locale, 'slack.button.approve'), ACTIONS.decision.approve, approvalId, 'primary'),
            button(t(locale, 'slack.button.reject'), ACTIONS.decision.reject, approvalId, 'danger'),
          ]
        : [
            button(request.confirmLabel ? tx(locale, request.confirmLabel) : t(locale, 'slack.button.done'), ACTIONS.decision.confirm, approvalId, 'primary'),
            button(request.rejectLabel ? tx(locale, request.rejectLabel) : t(locale, 'slack.button.failed'), ACTIONS.decision.fail, approvalId, 'danger'),
          ],
    ),
    context(t(locale, 'slack.decision.whoMayDecide', { people: deciders.length ? deciders.slice(0, 20).map(mention).join(' ') : '—' })),
  );
  return { text: `${heading}: ${tx(locale, request.summary)}`, blocks };
}

export type DecisionOutcome = 'approved' | 'rejected' | 'confirmed' | 'failed' | 'chosen' | 'cancelled';

export function renderDecisionOutcome(
  locale: Locale,
  summaryText: string,
  outcome: DecisionOutcome,
  who: string | null,
  at: string,
  reason: string | null,
  choiceLabel?: string,
): Rendered {
  const icon = { approved: '✅', confirmed: '✅', chosen: '☑️', rejected: '⛔', failed: '❌', cancelled: '🚫' }[outcome];
  const line =
    outcome === 'chosen' && choiceLabel
      ? t(locale, 'slack.decision.outcome.chosenOption', { who: mention(who), at, choice: escapeMrkdwn(choiceLabel) })
      : t(locale, `slack.decision.outcome.${outcome}`, { who: mention(who), at });
  const blocks: KnownBlock[] = [section(`${summaryText}\n\n${icon} *${line}*`)];
  if (reason) blocks.push(context(t(locale, 'slack.decision.reason', { reason: escapeMrkdwn(truncate(reason, 2000)) })));
  return { text: `${icon} ${line}`, blocks };
}
