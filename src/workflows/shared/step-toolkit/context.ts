// Reading what a step action is given (its input, its state from the last run, the workflow it belongs to) and
// the few things every step writes the same way: the ledger actor and vendor idempotency keys.
import type { JsonObject, StepContext } from '../../../engine/types';
import type { LedgerActor } from '../../../ports/ledger';
import type { Services } from '../../../ports/services';

/** What every step action of our workflows receives: the engine's context with the ports as its services. */
export type Ctx = StepContext<Services>;

/** The step's input as the planner wrote it (the planner and the action agree on its shape). */
export function inputOf<T>(ctx: Ctx): T {
  return ctx.step.input as unknown as T;
}

/** The step's private state from its last run; an empty object on the first run (or a state of another shape). */
export function stateOf<T extends object>(ctx: Ctx): Partial<T> {
  const s = ctx.step.state;
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Partial<T>) : {};
}

/** A non-empty string field of a JSON object (a step's input), or null. */
export function stringField(input: JsonObject, name: string): string | null {
  const v = input[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Who the ledger's history names for what the bot does on this workflow's behalf. */
export function ledgerActor(ctx: Ctx): LedgerActor {
  return { actor: `workflow:${ctx.workflow.id}`, workflowId: ctx.workflow.id };
}

/** One step may make several vendor calls (wipe, then delete); each gets its own stable key. */
export function subKey(ctx: Ctx, part: string): string {
  return `${ctx.step.idempotencyKey}:${part}`;
}
