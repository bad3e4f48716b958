// A person's decision in the thread (approve / reject, confirm / refuse, mark done / failed), as engine.signal()
// delivers it to the waiting step, and who may take it.
import type { JsonObject } from '../../../engine/types';
import { ValidationError } from '../../../errors';
import { note, type Ctx } from '../../shared/step-toolkit';

export interface Decision {
  decision: 'approved' | 'rejected';
  by: string;
  reason: string | null;
}

/** The decision engine.signal() delivered, or null. A malformed signal is a bug in the caller, not a "no". */
export function decisionOf(ctx: Ctx): Decision | null {
  const s = ctx.step.signal;
  if (s === undefined || s === null) return null;
  if (typeof s !== 'object' || Array.isArray(s)) throw new ValidationError('a decision signal must be an object { decision, by, reason }');
  const o = s as JsonObject;
  if (o.decision !== 'approved' && o.decision !== 'rejected') throw new ValidationError(`unknown decision "${String(o.decision)}"`);
  return { decision: o.decision, by: typeof o.by === 'string' ? o.by : 'unknown', reason: typeof o.reason === 'string' && o.reason.trim() ? o.reason.trim() : null };
}

/**
 * A decision from someone not allowed to take it is dropped (and said so in the thread). The Slack layer checks
 * first; this is the backstop for every other caller of engine.signal (CLI, API). Allowed: the deciders the plan
 * named, plus whoever the Slack layer has since recorded on the step's Approval row (an escalation to the
 * approver's manager or the helpdesk). `notBy` can never decide (a requester never approves their own request).
 * Returns the decision when it counts, null when it was ignored or absent.
 */
export async function eligibleDecision(ctx: Ctx, deciders: string[], notBy?: string): Promise<Decision | null> {
  const decision = decisionOf(ctx);
  if (!decision) return null;
  const allowed = new Set(deciders);
  const row = await ctx.services.db.approval.findUnique({ where: { workflowId_stepKey: { workflowId: ctx.workflow.id, stepKey: ctx.step.key } } });
  if (row) for (const id of parseIds(row.approverIdsJson)) allowed.add(id);
  if (decision.by !== notBy && (allowed.size === 0 || allowed.has(decision.by))) return decision;
  ctx.logger.warn('decision from someone not allowed to decide was ignored', { by: decision.by, step: ctx.step.key });
  await note(ctx, 'warning', 'replacement.decision.ignored', { by: decision.by });
  return null;
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
