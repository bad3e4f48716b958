// Small helpers every replacement step action shares: typed step input, the ledger actor, sub-keys for the
// several vendor calls of one step, decision signals, and time formatting for the thread.
import type { Json, JsonObject, StepContext, StepResult } from '../../../engine/types';
import { ValidationError } from '../../../errors';
import type { LedgerActor } from '../../../ports/ledger';
import type { Services } from '../../../ports/services';

export type Ctx = StepContext<Services>;

export function inputOf<T>(ctx: Ctx): T {
  return ctx.step.input as unknown as T;
}

export function stateOf<T extends object>(ctx: Ctx): Partial<T> {
  const s = ctx.step.state;
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Partial<T>) : {};
}

/** Who the ledger's history names for what the bot does on this workflow's behalf. */
export function ledgerActor(ctx: Ctx): LedgerActor {
  return { actor: `workflow:${ctx.workflow.id}`, workflowId: ctx.workflow.id };
}

/** One step may make several vendor calls (wipe, then delete); each gets its own stable key. */
export function subKey(ctx: Ctx, part: string): string {
  return `${ctx.step.idempotencyKey}:${part}`;
}

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
  await ctx.services.chat.postToThread(ctx.workflow.id, { kind: 'warning', text: { key: 'replacement.decision.ignored', params: { by: decision.by } } });
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

/** "2026-04-01 09:30" in the company's time zone: what the thread shows as "when". */
export function formatTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}`;
}

/** A human duration for messages: "3 days", "5 hours", "20 minutes", "45 seconds" (catalogue-free: numbers
 *  and a unit key the catalogue renders). */
export function durationParams(ms: number): { amount: number; unit: string } {
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return { amount: ms / 86_400_000, unit: 'd' };
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return { amount: ms / 3_600_000, unit: 'h' };
  if (ms >= 60_000) return { amount: Math.round(ms / 60_000), unit: 'm' };
  return { amount: Math.max(1, Math.round(ms / 1_000)), unit: 's' };
}

export function humanDuration(ms: number): string {
  const { amount, unit } = durationParams(ms);
  return `${amount}${unit}`;
}

/** The next poll: never later than the next deadline (reminder, timeout). */
export function pollUntil(now: Date, pollMs: number, ...deadlines: (number | null | undefined)[]): Date {
  let at = now.getTime() + pollMs;
  for (const d of deadlines) if (d !== null && d !== undefined && d > now.getTime()) at = Math.min(at, d);
  return new Date(at);
}

export function poll(now: Date, pollMs: number, state: Json, ...deadlines: (number | null | undefined)[]): StepResult {
  return { status: 'wait', reason: 'poll', until: pollUntil(now, pollMs, ...deadlines), state };
}

/**
 * A wait with a deadline that an operator's Retry restarts. The engine keeps a step's state across a failure and
 * a Retry, so a plain "now > since + timeout → throw" would fail again at once after Retry. Instead, the run
 * that finds the deadline passed records its attempt number in the state and comes back at once; the next run
 * (attempt + 1) fails the step. A later run with a higher attempt can only be an operator's Retry (a failed
 * step never runs by itself): the wait starts over.
 */
export interface Deadline {
  since: string;
  expiredAttempt?: number;
}

export type DeadlineCheck = 'running' | 'expired' | 'fail';

export function checkDeadline(ctx: Ctx, deadline: Deadline | undefined, timeoutMs: number): { check: DeadlineCheck; deadline: Deadline } {
  const d: Deadline = deadline ? { ...deadline } : { since: ctx.now.toISOString() };
  if (d.expiredAttempt !== undefined) {
    if (ctx.step.attempt === d.expiredAttempt + 1) return { check: 'fail', deadline: d };
    return { check: 'running', deadline: { since: ctx.now.toISOString() } };
  }
  if (ctx.now.getTime() >= new Date(d.since).getTime() + timeoutMs) return { check: 'expired', deadline: { ...d, expiredAttempt: ctx.step.attempt } };
  return { check: 'running', deadline: d };
}

export function deadlineAt(deadline: Deadline, timeoutMs: number): number {
  return new Date(deadline.since).getTime() + timeoutMs;
}

/**
 * A vendor operation that failed (an ABM activity, an MDM command) must stop the step, and an operator's Retry
 * must start the operation over with a new idempotency key — but the engine keeps the step's state across the
 * failure. So the run that finds the failure records it (with its attempt number) and comes back at once; the
 * next run throws it; any later run can only be a Retry: it clears the failure and bumps `round`, which goes
 * into the vendor idempotency key.
 */
export interface Failure {
  error: string;
  attempt: number;
}

export interface Retryable {
  failure?: Failure;
  round?: number;
}

/** Call at the top of a run: `error` is the failure to throw now; `retried` says an operator's Retry just reset
 *  the state (start the failed operation over). */
export function failureToThrow(ctx: Ctx, state: Retryable): { error: string | null; retried: boolean } {
  if (!state.failure) return { error: null, retried: false };
  if (ctx.step.attempt === state.failure.attempt + 1) return { error: state.failure.error, retried: false };
  delete state.failure;
  state.round = (state.round ?? 0) + 1;
  return { error: null, retried: true };
}

/** Records a failure found in this run; the step comes back at once and then fails with `error`. */
export function recordFailure<T extends Retryable>(ctx: Ctx, state: T, error: string): StepResult {
  return { status: 'wait', reason: 'poll', until: ctx.now, state: { ...state, failure: { error, attempt: ctx.step.attempt } } as unknown as Json };
}

/** The vendor idempotency key of an operation in the current round (a Retry after a failure is a new round). */
export function roundKey(ctx: Ctx, part: string, state: Retryable): string {
  return subKey(ctx, state.round ? `${part}:${state.round}` : part);
}
