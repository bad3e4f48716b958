// The workflow's parent message (kept current with chat.update) and the thread replies that announce each
// transition. Parent: title, who, device, state, and a checklist of every step with ✅/⏳/❌.
import { errorDetail, leadAndHint } from './error-lead';
import { finishedReason } from './finished-reason';
import { workflowTitle } from './workflow-title';
import type { Button, KnownBlock } from '@slack/types';
import { destructiveStarted } from '../../domain/authorization';
import type { StepView, WorkflowView } from '../../engine/types';
import { t, type Locale } from '../../i18n';
import { actions, button, context, fields, header, section } from '../blocks/kit';
import { escapeMrkdwn, LIMITS, truncate } from '../blocks/limits';
import { ACTIONS } from '../ids';
import { STEP_ICON, WORKFLOW_ICON, mention } from './text';

export interface Rendered {
  text: string;
  blocks: KnownBlock[];
}

/** Most steps a checklist shows before "and N more" (one section holds 3,000 characters). */
const CHECKLIST_MAX = 40;

export function stepTitle(locale: Locale, step: Pick<StepView, 'title' | 'key'>): string {
  return escapeMrkdwn(t(locale, step.title || step.key));
}

/** What device a workflow is about, from its input (replacement: old/new serial; offboarding: device count). */
export function deviceSummary(locale: Locale, wf: WorkflowView): string {
  const input = wf.input as Record<string, unknown>;
  const old = input.oldDevice as { serial?: string; mdmDeviceId?: string; ledgerId?: string } | null | undefined;
  const parts: string[] = [];
  if (old?.serial) parts.push(t(locale, 'slack.workflow.oldDevice', { serial: escapeMrkdwn(old.serial) }));
  if (typeof input.newSerial === 'string') parts.push(t(locale, 'slack.workflow.newDevice', { serial: escapeMrkdwn(input.newSerial) }));
  if (Array.isArray(input.devices) && input.devices.length) parts.push(t(locale, 'slack.workflow.deviceCount', { count: input.devices.length }));
  return parts.join(' / ') || '—';
}

export function renderParent(locale: Locale, wf: WorkflowView, steps: StepView[]): Rendered {
  const input = wf.input as Record<string, unknown>;
  const requester = typeof input.requesterSlackId === 'string' ? input.requesterSlackId : null;
  const subjectObj = input.subject as { slackUserId?: string; email?: string } | undefined;
  const subject = typeof input.subjectSlackId === 'string' ? input.subjectSlackId : (subjectObj?.slackUserId ?? null);
  const state = `${WORKFLOW_ICON[wf.status] ?? ''} ${t(locale, `slack.status.${wf.status}`)}`;
  const title = workflowTitle(locale, wf, 'plain');
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  const lines = checklist(locale, ordered);
  const blocks: KnownBlock[] = [
    header(title),
    fields([
      `*${t(locale, 'slack.workflow.requester')}*\n${mention(requester)}`,
      `*${t(locale, 'slack.workflow.subject')}*\n${subject ? mention(subject) : escapeMrkdwn(subjectObj?.email ?? '—')}`,
      `*${t(locale, 'slack.workflow.device')}*\n${deviceSummary(locale, wf)}`,
      `*${t(locale, 'slack.workflow.state')}*\n${state}`,
    ]),
  ];
  if (lines.length) blocks.push(section(lines.join('\n')));
  if (cancellable(wf, steps)) {
    blocks.push(
      actions(`parent:${wf.id}`, [cancelButton(locale, ACTIONS.parent.cancel, JSON.stringify({ w: wf.id }))]),
      context(t(locale, 'authz.cancel.who')),
    );
  }
  blocks.push(context(t(locale, 'slack.workflow.footer', { id: wf.id })));
  return { text: truncate(`${title} — ${state}`, LIMITS.fallbackText), blocks };
}

/** Cancel is offered while the workflow is open and no destructive step has started (src/domain/authorization):
 *  after that the button disappears, and a stale press is refused (listeners/actions/workflow-cancel.ts). */
export function cancellable(wf: Pick<WorkflowView, 'status'>, steps: readonly Pick<StepView, 'action' | 'startedAt'>[]): boolean {
  return wf.status !== 'succeeded' && wf.status !== 'cancelled' && !destructiveStarted(steps);
}

/** The workflow a parent message's Cancel names (its value is `{"w": workflowId}`); null when unreadable. */
export function workflowRef(value: string | undefined): { w: string } | null {
  try {
    const v = JSON.parse(value ?? '') as { w?: unknown };
    return typeof v.w === 'string' ? { w: v.w } : null;
  } catch {
    return null;
  }
}

function cancelButton(locale: Locale, actionId: string, value: string): Button {
  return {
    ...button(t(locale, 'slack.button.cancelWorkflow'), actionId, value, 'danger'),
    confirm: {
      title: { type: 'plain_text', text: truncate(t(locale, 'slack.cancel.confirmTitle'), 100) },
      text: { type: 'plain_text', text: truncate(t(locale, 'slack.cancel.confirmText'), 300) },
      confirm: { type: 'plain_text', text: truncate(t(locale, 'slack.cancel.confirm'), 30) },
      deny: { type: 'plain_text', text: truncate(t(locale, 'slack.cancel.deny'), 30) },
      style: 'danger',
    },
  };
}

/** One line per step, as many as fit in a section's 3,000 characters (and CHECKLIST_MAX), then "and N more". */
function checklist(locale: Locale, steps: StepView[]): string[] {
  const lines: string[] = [];
  let used = 0;
  const reserve = 40; // room for the "and N more" line
  for (const [i, s] of steps.entries()) {
    const line = `${STEP_ICON[s.status] ?? '▫️'} ${truncate(stepTitle(locale, s), 150)}`;
    if (i >= CHECKLIST_MAX || used + line.length + 1 > LIMITS.text - reserve) {
      lines.push(t(locale, 'slack.more', { count: steps.length - i }));
      return lines;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines;
}

export function renderStepEvent(
  locale: Locale,
  step: Pick<StepView, 'title' | 'key'>,
  to: string,
  detail: string | null,
  actor: string | null,
): Rendered | null {
  const title = stepTitle(locale, step);
  let text: string;
  switch (to) {
    case 'running':
      text = t(locale, 'slack.step.started', { step: title });
      break;
    case 'succeeded':
      text = t(locale, 'slack.step.succeeded', { step: title });
      break;
    case 'waiting':
      text = detail ? t(locale, 'slack.step.waitingFor', { step: title, what: detail }) : t(locale, 'slack.step.waiting', { step: title });
      break;
    case 'skipped':
      text = t(locale, 'slack.step.skipped', { step: title, reason: escapeMrkdwn(detail ?? '—'), who: actorText(locale, actor) });
      break;
    case 'pending':
      if (!actor || !/^[UW]/.test(actor)) return null;
      text = t(locale, 'slack.step.retried', { step: title, who: mention(actor) });
      break;
    default:
      return null;
  }
  return { text, blocks: [section(text)] };
}

/** What a failed step's message offers besides Retry: Skip (never on an approval or confirmation) and Cancel
 *  (only while no destructive step has started). */
export interface FailedStepOptions {
  skippable: boolean;
  cancellable: boolean;
}

/** A failed step: what went wrong in helpdesk words, plus Retry / Skip / Cancel (helpdesk only). */
export function renderStepFailed(
  locale: Locale,
  workflowId: string,
  step: Pick<StepView, 'title' | 'key'>,
  error: string | null,
  options: FailedStepOptions = { skippable: true, cancellable: true },
): Rendered {
  const title = stepTitle(locale, step);
  const text = t(locale, 'slack.step.failed', { step: title });
  const value = JSON.stringify({ w: workflowId, s: step.key });
  // the lead in the reader's words first, what to do next, and the vendor's own words only in the grey line below
  const blocks: KnownBlock[] = [
    section(`${text}\n${leadAndHint(locale, error ?? '')}`),
    ...(error ? [context(errorDetail(locale, error))] : []),
    actions(`step-failed:${step.key}`, [
      button(t(locale, 'slack.button.retry'), ACTIONS.failedStep.retry, value, 'primary'),
      ...(options.skippable ? [button(t(locale, 'slack.button.skip'), ACTIONS.failedStep.skip, value)] : []),
      ...(options.cancellable ? [cancelButton(locale, ACTIONS.failedStep.cancelWorkflow, value)] : []),
    ]),
    context(t(locale, 'slack.step.helpdeskOnly')),
  ];
  return { text, blocks };
}

/** The buttons of a failed step after someone acted on them. */
export function renderStepFailedResolved(
  locale: Locale,
  step: Pick<StepView, 'title' | 'key'>,
  outcome: 'retried' | 'skipped' | 'cancelled',
  who: string,
  at: string,
): Rendered {
  const text = t(locale, `slack.step.resolved.${outcome}`, { step: stepTitle(locale, step), who: mention(who), at });
  return { text, blocks: [section(text)] };
}

export function renderWorkflowFinished(locale: Locale, wf: WorkflowView, link: string | null, reason: string | null): Rendered {
  const key = `slack.workflow.finished.${wf.status}`;
  const text = t(locale, key, { title: workflowTitle(locale, wf, 'mrkdwn'), reason: finishedReason(locale, reason) });
  const blocks: KnownBlock[] = [section(text)];
  if (link) blocks.push(context(t(locale, 'slack.workflow.threadLink', { link })));
  return { text, blocks };
}

/** The requester's DM when their workflow stopped at a failed step: it is not over, the helpdesk was asked. */
export function renderWorkflowStalled(locale: Locale, wf: WorkflowView, link: string | null): Rendered {
  const text = t(locale, 'slack.workflow.stalled', { title: workflowTitle(locale, wf, 'mrkdwn') });
  const blocks: KnownBlock[] = [section(text)];
  if (link) blocks.push(context(t(locale, 'slack.workflow.threadLink', { link })));
  return { text, blocks };
}

function actorText(locale: Locale, actor: string | null): string {
  if (actor && /^[UW][A-Z0-9]+$/.test(actor)) return mention(actor);
  return t(locale, 'slack.actor.bot');
}
