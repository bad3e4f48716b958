// What every offboarding step action shares: reading the plan from the gather step's output, the device's MDM,
// the ledger actor, and the one way a vendor command is issued and followed until it is done.
import { PermanentError, ValidationError } from '../../../errors';
import type { Json, JsonObject, StepContext, StepResult } from '../../../engine/types';
import type { Text, ThreadNote } from '../../../ports/chat';
import type { LedgerActor } from '../../../ports/ledger';
import type { CommandHandle, MdmPort } from '../../../ports/mdm';
import { mdmFor, type Services } from '../../../ports/services';
import type { OffboardingFacts } from '../facts';
import type { OffboardingPlan } from '../plan';
import { STEP } from '../steps';

export type Ctx = StepContext<Services>;

export interface GatherOutput {
  facts: OffboardingFacts;
  plan: OffboardingPlan;
}

export function gathered(ctx: Ctx): GatherOutput {
  const out = ctx.outputs[STEP.gather] as unknown as GatherOutput | undefined;
  if (!out?.plan) throw new ValidationError('offboarding: the gather step has no plan (was it skipped?)');
  return out;
}

export function str(input: JsonObject, name: string): string | null {
  const v = input[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function deviceMdm(ctx: Ctx): { mdm: MdmPort; deviceId: string } {
  const source = str(ctx.step.input, 'mdmSource');
  const deviceId = str(ctx.step.input, 'mdmDeviceId');
  if (!source || !deviceId) throw new ValidationError(`offboarding: step ${ctx.step.key} has no MDM device`);
  return { mdm: mdmFor(ctx.services, source), deviceId };
}

export function ledgerActor(ctx: Ctx): LedgerActor {
  return { actor: `workflow:${ctx.workflow.id}`, workflowId: ctx.workflow.id };
}

export function deviceLabel(ctx: Ctx): string {
  return str(ctx.step.input, 'label') ?? str(ctx.step.input, 'serial') ?? str(ctx.step.input, 'device') ?? '?';
}

export async function note(ctx: Ctx, kind: ThreadNote['kind'], key: string, params: Text['params'] = {}, extra: Partial<ThreadNote> = {}): Promise<void> {
  await ctx.services.chat.postToThread(ctx.workflow.id, { kind, text: { key, params }, ...extra });
}

export function policy(ctx: Ctx) {
  const c = ctx.services.config;
  return {
    pollMs: c.OFFBOARDING_COMMAND_POLL,
    timeoutMs: c.OFFBOARDING_COMMAND_TIMEOUT,
    wipeTimeoutMs: c.OFFBOARDING_WIPE_TIMEOUT,
  };
}

/**
 * A step's private state while it follows a vendor command.
 * `round` numbers the command: a helpdesk Retry after a failed command issues a new one (a new idempotency key),
 * because replaying the first key would only return the same failed command.
 */
export interface CommandState {
  round: number;
  handle?: CommandHandle;
  issuedAt?: string;
  /** the command failed: the step fails on its next run (attempt === throwAt); a later run is an operator retry */
  failure?: string;
  throwAt?: number;
  announced?: boolean;
  /** action-specific progress (e.g. which blocker is being cleared) */
  phase?: string;
  extra?: JsonObject;
}

export function commandState(ctx: Ctx): CommandState {
  const s = ctx.step.state as unknown as CommandState | undefined;
  if (!s || typeof s !== 'object' || typeof s.round !== 'number') return { round: 0 };
  if (s.failure !== undefined) {
    if (ctx.step.attempt === s.throwAt) throw new PermanentError(s.failure);
    // Run again after the failure: an operator pressed Retry. Start over with a fresh command.
    return { round: s.round + 1, announced: s.announced };
  }
  return s;
}

/** Ends the step as failed on its next run, keeping the round number so that a Retry issues a new command. */
export function failSoon(ctx: Ctx, state: CommandState, message: string): StepResult {
  return { status: 'wait', reason: 'poll', until: ctx.now, state: { ...state, handle: undefined, failure: message, throwAt: ctx.step.attempt + 1 } as unknown as Json };
}

export function commandKey(ctx: Ctx, state: CommandState, suffix = ''): string {
  return `${ctx.step.idempotencyKey}:${state.round}${suffix}`;
}

/**
 * Issues the command once (per round), then polls it. Guided (manual) vendors return a handle whose status is
 * the ManualTask a helpdesk member confirms; the thread is told once that a guided task is waiting.
 * Returns the state with the handle when the command is done, or a StepResult to return (wait / fail).
 */
export async function followCommand(
  ctx: Ctx,
  mdm: MdmPort,
  state: CommandState,
  issue: (key: string) => Promise<CommandHandle>,
  options: { timeoutMs: number; keySuffix?: string },
): Promise<{ done: true; state: CommandState } | { done: false; result: StepResult }> {
  if (!state.handle) {
    state = { ...state, handle: await issue(commandKey(ctx, state, options.keySuffix ?? '')), issuedAt: ctx.now.toISOString() };
  }
  const handle = state.handle!;
  if (handle.manual && !state.announced) {
    await note(ctx, 'instructions', 'offboarding.guided.waiting', { device: deviceLabel(ctx), action: handle.action, source: handle.source });
    state = { ...state, announced: true };
  }
  const status = await mdm.commandStatus(handle);
  if (status.state === 'done') return { done: true, state };
  if (status.state === 'failed') {
    const message = `${handle.action} on ${deviceLabel(ctx)} failed at ${handle.source}: ${status.detail ?? 'no detail'}`;
    await note(ctx, 'error', 'offboarding.command.failed', { device: deviceLabel(ctx), action: handle.action, detail: status.detail ?? '' });
    return { done: false, result: failSoon(ctx, state, message) };
  }
  return waitOrTimeout(ctx, state, options.timeoutMs, { key: 'offboarding.wait.command', params: { action: handle.action, device: deviceLabel(ctx), manual: Boolean(handle.manual) } });
}

/** Polls again later, or fails the step once the deadline (from when the command was issued) has passed. */
export async function waitOrTimeout(
  ctx: Ctx,
  state: CommandState,
  timeoutMs: number,
  message: JsonObject,
): Promise<{ done: false; result: StepResult }> {
  const since = state.issuedAt ? new Date(state.issuedAt) : ctx.step.firstStartedAt;
  if (ctx.now.getTime() - since.getTime() > timeoutMs) {
    const text = `no answer for ${deviceLabel(ctx)} within ${Math.round(timeoutMs / 60_000)} min (${ctx.step.key})`;
    await note(ctx, 'error', 'offboarding.command.timeout', { device: deviceLabel(ctx), step: ctx.step.key, minutes: Math.round(timeoutMs / 60_000) });
    return { done: false, result: failSoon(ctx, state, text) };
  }
  return {
    done: false,
    result: { status: 'wait', reason: 'poll', until: new Date(ctx.now.getTime() + policy(ctx).pollMs), state: state as unknown as Json, message },
  };
}
