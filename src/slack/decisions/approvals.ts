// Decisions taken in Slack (the Approval table): who may decide, first decision wins, the outcome in place of the
// buttons, and what a refused presser is told.
// - Who: the one authorization model (src/domain/authorization) with roles from the stored data — the Approval
//   row's deciders (escalations included), the workflow's stored requester and subject (an approval is never
//   theirs to decide) — and, for a decider who is there as a manager read from a Slack profile, that profile read
//   again now (src/slack/people/managers.ts).
// - Never lost: the decision (a conditional update, status 'pending' → decided, that only one request can make,
//   whatever the number of clicks, approvers or bot processes) and the step's signal are written in ONE
//   transaction (engine.deliverSignal with a guard), also while the step runs (polls). A decided row whose signal
//   never reached its step (a row from before this rule) is re-delivered by ./sweeper.ts.
// - Never premature: "Approved" replaces the buttons only after that transaction committed; when the engine
//   refuses (the step failed, the workflow ended) nothing is recorded, the presser is told why, the buttons stay.
// Reminders and escalation of a waiting approval: ./escalation.ts.
import { authorize, rolesOf } from '../../domain/authorization';
import type { SignalResult, WorkflowEngineApi } from '../../engine/api';
import type { Approval } from '../../generated/sqlite/client';
import { t, type Locale } from '../../i18n';
import { directoryOf, loadWorkflowRecord, partiesOf } from '../access/roles';
import type { Outbox } from '../delivery/outbox';
import type { Threads } from '../delivery/threads';
import type { SlackCoreDeps } from '../deps';
import type { LocaleResolver } from '../people/locale';
import type { ManagerResolver } from '../people/managers';
import { decisionHeadingKey, renderDecisionOutcome, type DecisionOutcome } from '../render/decision';
import { formatTime, mention } from '../render/text';
import { profileLinksOf } from './deciders';

export { decidersOf } from './deciders';

export type Decision = 'approved' | 'rejected' | 'confirmed' | 'failed';

export type RefusalReason =
  | 'not_found'
  | 'not_eligible'
  | 'own_request'
  /** the approval is about the presser */
  | 'subject'
  /** the presser's right came from a Slack profile that no longer names them */
  | 'manager_changed'
  | 'already_decided'
  /** the engine refused: the step is not waiting for it now (failed, blocked…), see `status` */
  | 'not_waiting'
  | 'workflow_ended'
  /** another decision for the step is being processed */
  | 'busy';

export type DecideResult = { ok: true; approval: Approval } | { ok: false; why: RefusalReason; approval?: Approval; status?: string };

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

/** The signal a decided Approval row stands for. */
export function signalOf(approval: Approval, outcome: Decision): DecisionSignal {
  const positive = outcome === 'approved' || outcome === 'confirmed';
  return {
    decision: positive ? 'approved' : 'rejected',
    outcome,
    by: approval.decidedBy ?? 'unknown',
    at: (approval.decidedAt ?? new Date()).toISOString(),
    reason: approval.reason,
  };
}

/** May this user decide? (Checked when the button is pressed, and again when a reject reason is submitted.) */
export async function checkEligible(deps: Pick<ApprovalDeps, 'db' | 'config' | 'managers'>, approvalId: string, userId: string): Promise<DecideResult> {
  const approval = await deps.db.approval.findUnique({ where: { id: approvalId } });
  if (!approval) return { ok: false, why: 'not_found' };
  if (approval.status !== 'pending') return { ok: false, why: 'already_decided', approval };
  const record = await loadWorkflowRecord(deps, approval.workflowId);
  if (!record) return { ok: false, why: 'not_found', approval };
  const roles = rolesOf(
    userId,
    await directoryOf(deps),
    partiesOf(
      record,
      record.approvals.find((a) => a.id === approval.id),
    ),
  );
  const verdict = authorize(approval.kind !== 'approval' ? 'decision.confirm' : 'decision.approve', roles, { kind: record.workflow.kind });
  if (!verdict.allowed) {
    if (verdict.why !== 'own_workflow') return { ok: false, why: 'not_eligible', approval };
    return { ok: false, why: record.requester === userId ? 'own_request' : 'subject', approval };
  }
  const link = profileLinksOf(approval).find((l) => l.id === userId);
  if (link && !(await deps.managers.isManagerNow(link.of, userId))) return { ok: false, why: 'manager_changed', approval };
  return { ok: true, approval };
}

/** Records the decision and the step's signal together (if nobody decided first and the step can take it), then
 *  replaces the buttons with the outcome. */
export async function decide(
  deps: ApprovalDeps,
  input: { approvalId: string; userId: string; decision: Decision; reason?: string | null; summaryText?: string; choiceLabel?: string },
): Promise<DecideResult> {
  const eligible = await checkEligible(deps, input.approvalId, input.userId);
  if (!eligible.ok) return eligible;
  const { approval } = eligible;
  const now = deps.now();
  const data = {
    status: input.decision === 'failed' ? 'rejected' : input.decision,
    decidedBy: input.userId,
    decidedAt: now,
    reason: input.reason ?? null,
    signalledAt: now,
  };
  const signal = signalOf({ ...approval, ...data }, input.decision);
  // In the workflow's thread order: "approved by" is queued before anything the woken step says (same process).
  return deps.threads.serial(approval.workflowId, async () => {
    const offered = await deps.engine.deliverSignal({
      workflowId: approval.workflowId,
      stepKey: approval.stepKey,
      signal,
      actor: input.userId,
      guard: async (tx) => {
        const won = await tx.approval.updateMany({ where: { id: approval.id, status: 'pending' }, data });
        if (won.count !== 1) return false;
        await tx.auditEvent.create({
          data: {
            workflowId: approval.workflowId,
            stepKey: approval.stepKey,
            actor: input.userId,
            action: 'approval.decided',
            toStatus: data.status,
            message: data.reason,
          },
        });
        return true;
      },
    });
    const decided = (await deps.db.approval.findUnique({ where: { id: approval.id } })) ?? approval;
    if (!offered.delivered) return refused(offered, decided);
    // The decision stands whatever happens to the message now: a failure to show it leaves the buttons, whose next
    // press is told who decided.
    await showOutcome(deps, decided, decided.kind === 'choice' ? 'chosen' : input.decision, input.summaryText, input.choiceLabel).catch((error) =>
      deps.logger.error('could not show the decision', { error, approvalId: approval.id }),
    );
    return { ok: true, approval: decided };
  });
}

/** Why the engine did not take a decision, as the presser is told. */
function refused(offered: Extract<SignalResult, { delivered: false }>, approval: Approval): DecideResult {
  // someone decided first (and their signal is the one the step holds)
  if (approval.status !== 'pending') return { ok: false, why: 'already_decided', approval };
  const why: RefusalReason = {
    guard: 'already_decided',
    not_found: 'not_found',
    not_waiting: 'not_waiting',
    workflow_ended: 'workflow_ended',
    already_signalled: 'busy',
  }[offered.why] as RefusalReason;
  return { ok: false, why, approval, ...(offered.status ? { status: offered.status } : {}) };
}

/** Replaces the decision message's buttons with the outcome, in place. No thread reply says it again (issue 15:
 *  one line per decision): the edited message shows who decided, and the woken step says what follows. */
export async function showOutcome(
  deps: Pick<ApprovalDeps, 'outbox' | 'threads' | 'config'>,
  approval: Approval,
  outcome: DecisionOutcome,
  summaryText?: string,
  choiceLabel?: string,
): Promise<void> {
  const locale = deps.threads.channelLocale;
  const at = formatTime(locale, approval.decidedAt ?? new Date(), deps.config.TIME_ZONE);
  const summary = summaryText ?? `🗳️ *${t(locale, decisionHeadingKey(approval.kind))}*`;
  const rendered = renderDecisionOutcome(locale, summary, outcome, approval.decidedBy, at, approval.reason, choiceLabel);
  if (approval.slackChannel && approval.slackMessageTs) {
    await deps.outbox.enqueue({
      kind: 'update',
      channel: approval.slackChannel,
      workflowId: approval.workflowId,
      coalesceKey: `decision:${approval.id}`,
      payload: { ...rendered, ts: approval.slackMessageTs },
    });
  }
}

/** A finished or cancelled workflow leaves no live buttons behind. */
export async function closeApprovals(deps: Pick<ApprovalDeps, 'db' | 'outbox' | 'threads' | 'config'>, workflowId: string): Promise<void> {
  const pending = await deps.db.approval.findMany({ where: { workflowId, status: 'pending' } });
  for (const a of pending) {
    const res = await deps.db.approval.updateMany({ where: { id: a.id, status: 'pending' }, data: { status: 'cancelled', decidedAt: new Date() } });
    if (res.count === 1) await showOutcome(deps, { ...a, status: 'cancelled', decidedAt: new Date() }, 'cancelled');
  }
}

function statusWords(locale: Locale, why: string, status: string | undefined | null): string {
  if (!status) return '?';
  const key = why === 'workflow_ended' ? `slack.status.${status}` : `slack.stepStatus.${status}`;
  const words = t(locale, key);
  return words === key ? status : words;
}

/** What a presser who may not decide (or was too late, or whom the engine could not take) is told, in their
 *  language. */
export async function explainRefusal(deps: Pick<ApprovalDeps, 'locales'>, userId: string, result: Extract<DecideResult, { ok: false }>): Promise<string> {
  const locale = await deps.locales.forUser(userId);
  switch (result.why) {
    case 'already_decided':
      return t(locale, 'slack.decision.already', {
        who: mention(result.approval?.decidedBy),
        status: t(locale, `slack.approvalStatus.${result.approval?.status ?? 'pending'}`),
      });
    case 'subject':
    case 'manager_changed':
    case 'not_waiting':
    case 'workflow_ended':
    case 'busy':
      // the step's or workflow's status in words ("中止"), never its code ("cancelled")
      return t(locale, `approvals.refused.${result.why}`, { status: statusWords(locale, result.why, result.status) });
    default:
      return t(locale, `slack.decision.refused.${result.why}`);
  }
}
