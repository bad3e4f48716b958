// Small workflow definitions and actions for engine tests: plain steps, steps that fail, wait, poll, expand.
import { afterEach } from 'vitest';
import { z } from 'zod';
import type { Dialect } from '../../src/db/client';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { PermanentError, ThrottledError, TransientError } from '../../src/errors';
import type { StepAction, StepSpec, WorkflowDefinition } from '../../src/engine/types';

export class Clock {
  constructor(public current = new Date('2026-11-23T09:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A workflow whose steps are given in the input: [{ key, action, input?, dependsOn? }]. */
export const scriptedDefinition: WorkflowDefinition<{ steps: StepSpec[]; parallel?: number }> = {
  kind: 'scripted',
  parseInput: (input) =>
    z
      .object({
        steps: z.array(
          z.object({
            key: z.string(),
            action: z.string(),
            title: z.string().default('step'),
            input: z.record(z.string(), z.any()).optional(),
            dependsOn: z.array(z.string()).optional(),
            decision: z.boolean().optional(),
          }),
        ),
        parallel: z.number().optional(),
      })
      .parse(input) as { steps: StepSpec[]; parallel?: number },
  title: (input) => `scripted (${input.steps.length} steps)`,
  steps: (input) => input.steps,
  maxParallel: (input) => input.parallel ?? 1,
};

/** Records every action invocation, so tests can count runs per step. */
export class RunLog {
  readonly runs: { workflowId: string; key: string; idempotencyKey: string; attempt: number }[] = [];
  count(key: string, workflowId?: string): number {
    return this.runs.filter((r) => r.key === key && (!workflowId || r.workflowId === workflowId)).length;
  }
}

export function testActions(log: RunLog, clock: Clock): Record<string, StepAction> {
  const note: (ctx: Parameters<StepAction>[0]) => void = (ctx) =>
    log.runs.push({ workflowId: ctx.workflow.id, key: ctx.step.key, idempotencyKey: ctx.step.idempotencyKey, attempt: ctx.step.attempt });
  return {
    noop: async (ctx) => {
      note(ctx);
      return { status: 'done', output: { key: ctx.step.key } };
    },
    /** fails transiently `input.times` times (with an optional Retry-After), then succeeds */
    flaky: async (ctx) => {
      note(ctx);
      const times = Number(ctx.step.input.times ?? 1);
      if (log.count(ctx.step.key, ctx.workflow.id) <= times) {
        const retryAfter = ctx.step.input.retryAfterMs;
        if (retryAfter !== undefined) throw new ThrottledError('vendor said 429', Number(retryAfter));
        throw new TransientError('vendor answered 503');
      }
      return { status: 'done' };
    },
    broken: async (ctx) => {
      note(ctx);
      throw new PermanentError('vendor answered 400: bad request');
    },
    /** waits for a decision signal; { decision: 'approved' } → done, otherwise stop (cancelled) */
    approve: async (ctx) => {
      note(ctx);
      const signal = ctx.step.signal as { decision?: string } | undefined;
      if (!signal) return { status: 'wait', reason: 'decision', message: { key: 'test.waiting' } };
      if (signal.decision === 'approved') return { status: 'done', output: { approvedBy: 'U_MANAGER' } };
      return { status: 'stop', outcome: 'cancelled', reason: 'rejected' };
    },
    /** polls every minute until the clock passes input.until */
    poll: async (ctx) => {
      note(ctx);
      const until = new Date(String(ctx.step.input.until));
      if (clock.now() >= until) return { status: 'done', output: { polls: ctx.step.attempt } };
      return { status: 'wait', reason: 'poll', until: new Date(clock.now().getTime() + 60_000), state: { polls: ctx.step.attempt } };
    },
    /** expands the workflow with input.add steps */
    plan: async (ctx) => {
      note(ctx);
      return { status: 'done', addSteps: ctx.step.input.add as unknown as StepSpec[], setState: { planned: true } };
    },
    /** reads the output of input.from */
    read: async (ctx) => {
      note(ctx);
      return { status: 'done', output: { saw: ctx.outputs[String(ctx.step.input.from)] ?? null } };
    },
  };
}

export const steps = (...keys: string[]): StepSpec[] => keys.map((key) => ({ key, action: 'noop', title: key }));

/** One step of a scripted workflow, titled by its key. */
export const step = (key: string, action: string, input?: StepSpec['input']): StepSpec => ({ key, action, title: key, ...(input ? { input } : {}) });

/** A fresh database of `dialect` for each test that asks for one (`const db = await fresh()`), removed after it. */
export function freshDatabases(dialect: Dialect): () => Promise<TestDatabase> {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.cleanup();
    db = undefined;
  });
  return async () => (db = await createTestDatabase(dialect));
}

/** A step run the test holds open (the step stays `running`) until it says so. */
export class Gate {
  held = 0;
  private release?: () => void;
  hold(): Promise<void> {
    this.held++;
    return new Promise((resolve) => (this.release = resolve));
  }
  open(): void {
    this.release?.();
  }
}
