// Decisions taken in Slack (the Approval table): who may decide, first decision wins, the outcome in place of the
// buttons, and what a refused presser is told. "First decision wins" is a conditional update (status 'pending' →
// decided) that only one request can make, whatever the number of clicks, approvers or bot processes. Reminders
// and escalation of a waiting approval: ./escalation.ts.
import type { WorkflowEngineApi } from '../../engine/api';
import type { Approval } from '../../generated/sqlite/client';
import { t } from '../../i18n';
import { section } from '../blocks/kit';
import type { Outbox } from '../delivery/outbox';
import type { Threads } from '../delivery/threads';
import type { SlackCoreDeps } from '../deps';
import type { LocaleResolver } from '../people/locale';
import type { ManagerResolver } from '../people/managers';
import { renderDecisionOutcome, type DecisionOutcome } from '../render/decision';
import { formatTime, mention } from '../render/text';

export type Decision = 'approved' | 'rejected' | 'confirmed' | 'failed';

export type DecideResult =
  | { ok: true; approval: Approval }
  | { ok: false; why: 'not_found' | 'not_eligible' | 'own_request' | 'already_decided'; approval?: Approval };

/**
 * What the waiting step receives through engine.signal (step actions read ctx.step.signal). `decision` is always
 * "approved" or "rejected" (a confirmation's Done is "approved", its Failed is "rejected": the workflows read one
 * vocabulary); `outcome` keeps the button that was pressed.
 */
export interface DecisionSignal {
  [key: string]: string | null;
  decision: 'approved' | 'rejected';
  outcome: Decision;
  by: string;
  at: string;
  reason: string | null;
}

export interface ApprovalDeps extends SlackCoreDeps {
  engine: WorkflowEngineApi;
  outbox: Outbox;
  threads: Threads;
  locales: LocaleResolver;
  managers: ManagerResolver;
}

export function decidersOf(approval: Pick<Approval, 'approverIdsJson'>): string[] {
  try {
    const list = JSON.parse(approval.approverIdsJson);
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export async function requesterOfWorkflow(deps: Pick<SlackCoreDeps, 'db'>, workflowId: string): Promise<string | null> {
  const wf = await deps.db.workflow.findUnique({ where: { id: workflowId }, select: { inputJson: true } });
  if (!wf) return null;
  const id = (JSON.parse(wf.inputJson) as { requesterSlackId?: unknown }).requesterSlackId;
  return typeof id === 'string' ? id : null;
}

/** May this user decide? (Checked when the button is pressed, and again when a reject reason is submitted.) */
export async function checkEligible(deps: Pick<SlackCoreDeps, 'db'>, approvalId: string, userId: string): Promise<DecideResult> {
  const approval = await deps.db.approval.findUnique({ where: { id: approvalId } });
  if (!approval) return { ok: false, why: 'not_found' };
  if (approval.status !== 'pending') return { ok: false, why: 'already_decided', approval };
  if (approval.kind === 'approval' && (await requesterOfWorkflow(deps, approval.workflowId)) === userId) return { ok: false, why: 'own_request', approval };
  if (!decidersOf(approval).includes(userId)) return { ok: false, why: 'not_eligible', approval };
  return { ok: true, approval };
}

/** Records the decision if nobody decided first, wakes the waiting step, and replaces the buttons. */
export async function decide(deps: ApprovalDeps, input: { approvalId: string; userId: string; decision: Decision; reason?: string | null; summaryText?: string }): Promise<DecideResult> {
  const eligible = await checkEligible(deps, input.approvalId, input.userId);
  if (!eligible.ok) return eligible;
  const now = deps.now();
  const won = await deps.db.approval.updateMany({
    where: { id: input.approvalId, status: 'pending' },
    data: { status: input.decision === 'failed' ? 'rejected' : input.decision, decidedBy: input.userId, decidedAt: now, reason: input.reason ?? null },
  });
  const approval = (await deps.db.approval.findUnique({ where: { id: input.approvalId } }))!;
  if (won.count !== 1) return { ok: false, why: 'already_decided', approval };
  await deps.db.auditEvent.create({
    data: { workflowId: approval.workflowId, stepKey: approval.stepKey, actor: input.userId, action: 'approval.decided', toStatus: approval.status, message: input.reason ?? null },
  });
  const positive = input.decision === 'approved' || input.decision === 'confirmed';
  const signal: DecisionSignal = { decision: positive ? 'approved' : 'rejected', outcome: input.decision, by: input.userId, at: now.toISOString(), reason: input.reason ?? null };
  // The outcome is queued before the step is woken, in the workflow's thread order, so "approved by" always
  // reads before whatever the next steps say.
  await deps.threads.serial(approval.workflowId, () => showOutcome(deps, approval, input.decision, input.summaryText));
  const delivered = await deps.engine.signal(approval.workflowId, approval.stepKey, signal, input.userId);
  if (!delivered) deps.logger.warn('decision recorded but the step was not waiting', { workflowId: approval.workflowId, stepKey: approval.stepKey });
  return { ok: true, approval };
}

/** Replaces the decision message's buttons with the outcome, and says it in the thread. */
export async function showOutcome(deps: Pick<ApprovalDeps, 'outbox' | 'threads' | 'config'>, approval: Approval, outcome: DecisionOutcome, summaryText?: string): Promise<void> {
  const locale = deps.threads.channelLocale;
  const at = formatTime(locale, approval.decidedAt ?? new Date(), deps.config.TIME_ZONE);
  const summary = summaryText ?? `🗳️ *${t(locale, approval.kind === 'approval' ? 'slack.decision.approvalHeading' : 'slack.decision.confirmationHeading')}*`;
  const rendered = renderDecisionOutcome(locale, summary, outcome, approval.decidedBy, at, approval.reason);
  if (approval.slackChannel && approval.slackMessageTs) {
    await deps.outbox.enqueue({ kind: 'update', channel: approval.slackChannel, workflowId: approval.workflowId, coalesceKey: `decision:${approval.id}`, payload: { ...rendered, ts: approval.slackMessageTs } });
  }
  if (outcome !== 'cancelled') await deps.threads.reply(approval.workflowId, { text: rendered.text, blocks: [section(rendered.text)] });
}

/** A finished or cancelled workflow leaves no live buttons behind. */
export async function closeApprovals(deps: Pick<ApprovalDeps, 'db' | 'outbox' | 'threads' | 'config'>, workflowId: string): Promise<void> {
  const pending = await deps.db.approval.findMany({ where: { workflowId, status: 'pending' } });
  for (const a of pending) {
    const res = await deps.db.approval.updateMany({ where: { id: a.id, status: 'pending' }, data: { status: 'cancelled', decidedAt: new Date() } });
    if (res.count === 1) await showOutcome(deps, { ...a, status: 'cancelled', decidedAt: new Date() }, 'cancelled');
  }
}

/** What a presser who may not decide (or was too late) is told, in their language. */
export async function explainRefusal(deps: Pick<ApprovalDeps, 'locales'>, userId: string, result: Extract<DecideResult, { ok: false }>): Promise<string> {
  const locale = await deps.locales.forUser(userId);
  if (result.why === 'already_decided') {
    return t(locale, 'slack.decision.already', { who: mention(result.approval?.decidedBy), status: t(locale, `slack.approvalStatus.${result.approval?.status ?? 'pending'}`) });
  }
  return t(locale, `slack.decision.refused.${result.why}`);
}
