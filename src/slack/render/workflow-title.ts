// A workflow's name as its reader sees it, in their language (issue 15): built from the workflow's kind and
// input — the reason, the person, the device, the last day — never from the stored English title, which read
// "端末交換: Device replacement (broken) · <@U0TARO0001> · F17…" in a Japanese header and showed an escaped mention
// in the requester's DM. Two forms: mrkdwn (people as mentions, which Slack renders) and plain text (for a header
// block, where a mention would show as its raw code: the person is left out, the fields below name them).
import type { WorkflowView } from '../../engine/types';
import { type Locale, t } from '../../i18n';
import { escapeMrkdwn } from '../blocks/limits';
import { mention } from './text';

/** mrkdwn: people as mentions · label: mrkdwn without people (inside a link's label a mention does not render) ·
 *  plain: plain text (a header block) */
type Form = 'mrkdwn' | 'label' | 'plain';

function subjectOf(input: Record<string, unknown>): string | null {
  if (typeof input.subjectSlackId === 'string') return input.subjectSlackId;
  const subject = input.subject as { slackUserId?: unknown } | undefined;
  return typeof subject?.slackUserId === 'string' ? subject.slackUserId : null;
}

/** A workflow as the engine gives it (`input`) or as a row holds it (`inputJson`). */
export type TitledWorkflow = Pick<WorkflowView, 'kind' | 'title'> & { input?: unknown; inputJson?: string };

function inputOf(wf: TitledWorkflow): Record<string, unknown> {
  if (wf.input && typeof wf.input === 'object') return wf.input as Record<string, unknown>;
  try {
    const parsed: unknown = wf.inputJson ? JSON.parse(wf.inputJson) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function workflowTitle(locale: Locale, wf: TitledWorkflow, form: Form): string {
  const input = inputOf(wf);
  const text = (s: string) => (form === 'plain' ? s : escapeMrkdwn(s));
  const kind = t(locale, `slack.kind.${wf.kind}`);
  if (kind === `slack.kind.${wf.kind}`) return text(wf.title);
  const parts: string[] = [];
  if (wf.kind === 'replacement' && typeof input.reason === 'string') {
    const reason = t(locale, `slack.reason.${input.reason}`);
    parts.push(text(t(locale, 'slack.title.withReason', { kind, reason: reason === `slack.reason.${input.reason}` ? input.reason : reason })));
  } else parts.push(text(kind));
  const subject = subjectOf(input);
  if (form === 'mrkdwn' && subject) parts.push(mention(subject));
  const old = (input.oldDevice as { serial?: unknown } | null | undefined)?.serial;
  if (typeof old === 'string' && old) parts.push(text(old));
  if (typeof input.lastWorkingDay === 'string' && input.lastWorkingDay) parts.push(text(t(locale, 'slack.title.lastDay', { date: input.lastWorkingDay })));
  return parts.join(' · ');
}
