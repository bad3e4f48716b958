// A person's decision, as engine.signal delivers it to a step that awaits one, and whether it counts. The
// workflow's own stored data decides, never the signal alone:
// - who may decide: the step's Approval row's stored deciders (escalations included) once the Slack layer has
//   recorded one, else the deciders the plan named — never a list recomputed from today's configuration;
// - the Approval row is the record of a decision taken in Slack: a signal that does not match it does not count;
// - the one authorization model (src/domain/authorization): an approval is never decided by the workflow's
//   requester or subject, even when they are listed.
// The Slack layer checks all of this when the button is pressed; this is the backstop for every other caller of
// engine.signal (the CLI, a bug, a forged call).
import { authorize, rolesOf, type Refusal, type WorkflowParties } from '../../domain/authorization';
import { PermanentError, ValidationError } from '../../errors';
import type { JsonObject } from '../../engine/types';
import { helpdeskIds } from './device-facts';
import { note, type Ctx } from './step-toolkit';

export type DecisionKind = 'approval' | 'confirmation' | 'choice';

export interface Decision {
  decision: 'approved' | 'rejected';
  by: string;
  reason: string | null;
}

const POSITIVE = new Set(['approved', 'confirmed']);
const NEGATIVE = new Set(['rejected', 'failed']);

/** The decision engine.signal() delivered, or null. A confirmation's Done / Failed read as approved / rejected.
 *  A malformed signal is a bug in the caller, not a "no". */
export function decisionOf(ctx: Ctx): Decision | null {
  const s = ctx.step.signal;
  if (s === undefined || s === null) return null;
  if (typeof s !== 'object' || Array.isArray(s)) throw new ValidationError('a decision signal must be an object { decision, by, reason }');
  const o = s as JsonObject;
  const said = String(o.decision);
  if (!POSITIVE.has(said) && !NEGATIVE.has(said)) throw new ValidationError(`unknown decision "${said}"`);
  return {
    decision: POSITIVE.has(said) ? 'approved' : 'rejected',
    by: typeof o.by === 'string' ? o.by : 'unknown',
    reason: typeof o.reason === 'string' && o.reason.trim() ? o.reason.trim() : null,
  };
}

function ids(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The workflow's requester and subject (Slack ids) as stored: their Person rows, else the stored input. */
export async function storedParties(ctx: Ctx, deciders: readonly string[]): Promise<WorkflowParties> {
  const { workflow } = ctx;
  const personIds = [workflow.requestedById, workflow.subjectPersonId].filter((id): id is string => Boolean(id));
  const people = personIds.length ? await ctx.services.db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, slackUserId: true } }) : [];
  const slackOf = (id: string | null) => people.find((p) => p.id === id)?.slackUserId ?? null;
  const input = workflow.input as { requesterSlackId?: unknown; subjectSlackId?: unknown; subject?: { slackUserId?: unknown } };
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    kind: workflow.kind,
    requester: slackOf(workflow.requestedById) ?? str(input.requesterSlackId),
    subject: slackOf(workflow.subjectPersonId) ?? str(input.subjectSlackId) ?? str(input.subject?.slackUserId),
    deciders,
  };
}

/** Approvers as a plan or the configuration names them, without the workflow's requester and subject. */
export async function withoutParties(ctx: Ctx, approvers: readonly string[]): Promise<string[]> {
  const { requester, subject } = await storedParties(ctx, []);
  return [...new Set(approvers)].filter((id) => id !== requester && id !== subject);
}

/** Who may decide this step: the Approval row's stored list once there is one, else `planned`. */
export async function decidersOf(
  ctx: Ctx,
  planned: readonly string[],
): Promise<{ deciders: string[]; recorded: { status: string; decidedBy: string | null } | null }> {
  const row = await ctx.services.db.approval.findUnique({ where: { workflowId_stepKey: { workflowId: ctx.workflow.id, stepKey: ctx.step.key } } });
  return row ? { deciders: ids(row.approverIdsJson), recorded: { status: row.status, decidedBy: row.decidedBy } } : { deciders: [...planned], recorded: null };
}

/** Why `decision` does not count, or null when it does. */
async function refusalOf(ctx: Ctx, kind: DecisionKind, planned: readonly string[], decision: Decision): Promise<Refusal | 'not_recorded' | null> {
  const { deciders, recorded } = await decidersOf(ctx, planned);
  if (recorded) {
    const recordedDecision = POSITIVE.has(recorded.status) ? 'approved' : NEGATIVE.has(recorded.status) ? 'rejected' : null;
    if (recorded.decidedBy !== decision.by || recordedDecision !== decision.decision) return 'not_recorded';
  }
  const roles = rolesOf(decision.by, { helpdesk: await helpdeskIds(ctx.services) }, await storedParties(ctx, deciders));
  const permission = kind !== 'approval' ? 'decision.confirm' : decision.decision === 'approved' ? 'decision.approve' : 'decision.reject';
  const verdict = authorize(permission, roles, { kind: ctx.workflow.kind });
  return verdict.allowed ? null : verdict.why;
}

/**
 * The decision delivered to this step when it counts; null when there is none, or when it was ignored (said in the
 * thread, so nobody waits for a decision that did not count).
 */
export async function acceptedDecision(ctx: Ctx, kind: DecisionKind, planned: readonly string[]): Promise<Decision | null> {
  const decision = decisionOf(ctx);
  if (!decision) return null;
  const why = await refusalOf(ctx, kind, planned, decision);
  if (!why) return decision;
  ctx.logger.warn('a decision that does not count was ignored', { by: decision.by, step: ctx.step.key, why });
  await note(ctx, 'warning', `approvals.decision.ignored.${why === 'own_workflow' || why === 'not_recorded' ? why : 'role'}`, { by: decision.by });
  return null;
}

/** Nobody may decide: say which setting to fix (in the thread, in the channel's language) and fail the step. The
 *  step is a decision step, so the helpdesk gets Retry and Cancel, never Skip. */
export async function nobodyCanDecide(ctx: Ctx, what: 'replacement' | 'offboarding' | 'confirmation', settings: string): Promise<never> {
  await note(ctx, 'error', `approvals.nobody.${what}`);
  throw new PermanentError(
    `Nobody can ${what === 'confirmation' ? 'answer this confirmation' : `approve this ${what}`} (the requester and the subject never approve). Fix ${settings}, then Retry.`,
  );
}
