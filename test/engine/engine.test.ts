// The engine against real databases: both SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { Engine } from '../../src/engine/engine';
import type { StartWorkflowRequest, StepSpec, TransitionEvent } from '../../src/engine/types';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { Clock, RunLog, scriptedDefinition, step, steps, testActions } from './support';

/** A step waiting for a manager's decision, then one that acts on it. */
const APPROVE_THEN_ACT = [step('approve', 'approve'), step('act', 'noop')];

describe.each(DIALECTS)('engine on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.cleanup();
  });

  async function setup(options: { concurrency?: number } = {}) {
    db = await createTestDatabase(dialect);
    const clock = new Clock();
    const log = new RunLog();
    const events: TransitionEvent[] = [];
    const engine = new Engine({
      db: db.prisma,
      definitions: [scriptedDefinition],
      actions: testActions(log, clock),
      services: {},
      instanceId: 'test-1',
      options: { now: clock.now, backoffBaseMs: 1_000, backoffMaxMs: 60_000, random: () => 0.5, concurrency: options.concurrency ?? 4, leaseMs: 30_000 },
    });
    engine.subscribe((e) => {
      events.push(e);
    });
    /** Starts a scripted workflow of these steps (as U1 unless `request` says otherwise). */
    const start = async (stepList: StepSpec[], request: Partial<StartWorkflowRequest> = {}) =>
      (await engine.startWorkflow({ kind: 'scripted', input: { steps: stepList }, actor: 'U1', ...request })).workflow;
    /** Runs until idle, then reads the workflow back. */
    const runAndRead = async (workflowId: string) => {
      await engine.runUntilIdle();
      return engine.getWorkflow(workflowId);
    };
    return { engine, clock, log, events, start, runAndRead };
  }

  it('runs a list of steps in order, once each, and audits every transition', async () => {
    const { engine, log, events, start, runAndRead } = await setup();
    const workflow = await start(steps('a', 'b', 'c'), { actor: 'U_REQ' });
    const view = await runAndRead(workflow.id);
    expect(view?.workflow.status).toBe('succeeded');
    expect(view?.steps.map((s) => [s.key, s.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'succeeded'],
      ['c', 'succeeded'],
    ]);
    expect(log.runs.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(view?.steps[0]?.output).toEqual({ key: 'a' });

    const audit = await engine.listAudit(workflow.id);
    const transitions = audit.filter((a) => a.action === 'step.transition').map((a) => `${a.stepKey}:${a.fromStatus}->${a.toStatus}`);
    expect(transitions).toEqual([
      'a:pending->running',
      'a:running->succeeded',
      'b:blocked->pending',
      'b:pending->running',
      'b:running->succeeded',
      'c:blocked->pending',
      'c:pending->running',
      'c:running->succeeded',
    ]);
    expect(audit[0]).toMatchObject({ action: 'workflow.created', actor: 'U_REQ' });
    expect(audit.at(-1)).toMatchObject({ action: 'workflow.transition', toStatus: 'succeeded' });

    const csv = parse(await engine.exportAuditCsv(workflow.id), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(audit.length);
    expect(csv[1]).toMatchObject({ step: 'a', from_status: 'pending', to_status: 'running', actor: 'engine:test-1' });

    await new Promise((r) => setTimeout(r, 10));
    expect(events.filter((e) => e.type === 'step' && e.to === 'succeeded').map((e) => e.stepKey)).toEqual(['a', 'b', 'c']);
    expect(events.some((e) => e.type === 'workflow' && e.to === 'succeeded')).toBe(true);
  });

  it('returns the same workflow for a repeated idempotency key', async () => {
    const { engine } = await setup();
    const first = await engine.startWorkflow({ kind: 'scripted', input: { steps: steps('a') }, idempotencyKey: 'slack:cmd:123', actor: 'U1' });
    const again = await Promise.all(
      [1, 2, 3].map(() => engine.startWorkflow({ kind: 'scripted', input: { steps: steps('a') }, idempotencyKey: 'slack:cmd:123', actor: 'U1' })),
    );
    expect(first.created).toBe(true);
    expect(again.every((r) => !r.created && r.workflow.id === first.workflow.id)).toBe(true);
    expect(await db.prisma.workflow.count()).toBe(1);
  });

  it('rejects bad input and unknown kinds with a validation error', async () => {
    const { engine } = await setup();
    await expect(engine.startWorkflow({ kind: 'nope', input: {}, actor: 'U1' })).rejects.toThrow(/unknown workflow kind/);
    await expect(engine.startWorkflow({ kind: 'scripted', input: { steps: 'x' }, actor: 'U1' })).rejects.toThrow();
  });

  it('retries transient errors with backoff, honouring Retry-After, and keeps the idempotency key', async () => {
    const { engine, clock, log, start, runAndRead } = await setup();
    const workflow = await start([step('call', 'flaky', { times: 2, retryAfterMs: 120_000 })]);
    let view = await runAndRead(workflow.id);
    expect(view?.steps[0]?.status).toBe('pending');
    expect(view?.steps[0]?.lastError).toMatch(/429/);
    // Retry-After (120 s) is longer than the backoff (1 s): the engine waits for Retry-After.
    expect(view?.steps[0]?.nextRunAt?.getTime()).toBe(clock.now().getTime() + 120_000);
    clock.advance(119_000);
    await engine.runUntilIdle();
    expect(log.count('call')).toBe(1);
    clock.advance(1_000);
    await engine.runUntilIdle();
    expect(log.count('call')).toBe(2);
    clock.advance(120_000);
    view = await runAndRead(workflow.id);
    expect(view?.workflow.status).toBe('succeeded');
    expect(new Set(log.runs.map((r) => r.idempotencyKey)).size).toBe(1);
  });

  it('fails a step at once on a permanent error, then lets an operator retry or skip it', async () => {
    const { engine, log, start, runAndRead } = await setup();
    const workflow = await start([step('bad', 'broken'), step('after', 'noop')]);
    let view = await runAndRead(workflow.id);
    expect(view?.workflow.status).toBe('failed');
    expect(view?.steps[0]).toMatchObject({ status: 'failed', lastError: 'vendor answered 400: bad request' });
    expect(log.count('bad')).toBe(1);

    await engine.retryStep(workflow.id, 'bad', 'U_HELPDESK');
    await engine.runUntilIdle();
    expect(log.count('bad')).toBe(2);
    await expect(engine.skipStep(workflow.id, 'bad', 'U_HELPDESK', ' ')).rejects.toThrow(/reason/);
    await engine.skipStep(workflow.id, 'bad', 'U_HELPDESK', 'deleted by hand in the console');
    view = await runAndRead(workflow.id);
    expect(view?.workflow.status).toBe('succeeded');
    expect(view?.steps.map((s) => s.status)).toEqual(['skipped', 'succeeded']);
    const audit = await engine.listAudit(workflow.id);
    expect(audit.find((a) => a.action === 'step.retry')).toMatchObject({ actor: 'U_HELPDESK', fromStatus: 'failed', toStatus: 'pending' });
    expect(audit.find((a) => a.action === 'step.skip')).toMatchObject({ actor: 'U_HELPDESK', message: 'deleted by hand in the console' });
  });

  it('gives up on a transient error after maxAttempts', async () => {
    const { engine, clock, start } = await setup();
    const workflow = await start([step('call', 'flaky', { times: 99 })]);
    for (let i = 0; i < 6; i++) {
      await engine.runUntilIdle();
      clock.advance(120_000);
    }
    const view = await engine.getWorkflow(workflow.id);
    expect(view?.steps[0]).toMatchObject({ status: 'failed', attempts: 5 });
    expect(view?.workflow.status).toBe('failed');
  });

  it('waits for a decision at no cost, survives a new engine instance, and resumes on the signal', async () => {
    const { engine, log, start, runAndRead } = await setup();
    const workflow = await start(APPROVE_THEN_ACT);
    let view = await runAndRead(workflow.id);
    expect(view?.workflow.status).toBe('waiting');
    expect(view?.steps[0]?.wait).toEqual({ reason: 'decision', until: null, message: { key: 'test.waiting' } });
    await engine.runUntilIdle();
    expect(log.count('approve')).toBe(1); // nothing runs while it waits

    const other = new Engine({ db: db.prisma, definitions: [scriptedDefinition], actions: testActions(log, new Clock()), services: {}, instanceId: 'test-2' });
    expect(await other.signal(workflow.id, 'approve', { decision: 'approved' }, 'U_MANAGER')).toBe(true);
    expect(await other.signal(workflow.id, 'approve', { decision: 'rejected' }, 'U_OTHER')).toBe(false);
    await other.runUntilIdle();
    view = await other.getWorkflow(workflow.id);
    expect(view?.workflow.status).toBe('succeeded');
    expect(view?.steps[0]?.output).toEqual({ approvedBy: 'U_MANAGER' });
  });

  it('ends the workflow when a step stops it (rejection), cancelling the rest', async () => {
    const { engine, log, start, runAndRead } = await setup();
    const workflow = await start(APPROVE_THEN_ACT);
    await engine.runUntilIdle();
    await engine.signal(workflow.id, 'approve', { decision: 'rejected' }, 'U_MANAGER');
    const view = await runAndRead(workflow.id);
    expect(view?.workflow.status).toBe('cancelled');
    expect(view?.steps.map((s) => s.status)).toEqual(['succeeded', 'cancelled']);
    expect(log.count('act')).toBe(0);
  });

  it('polls a condition until it holds, quietly', async () => {
    const { engine, clock, log, start } = await setup();
    const until = new Date(clock.now().getTime() + 5 * 60_000).toISOString();
    const workflow = await start([step('enrolled', 'poll', { until })]);
    for (let i = 0; i < 10; i++) {
      await engine.runUntilIdle();
      clock.advance(60_000);
    }
    const view = await engine.getWorkflow(workflow.id);
    expect(view?.workflow.status).toBe('succeeded');
    expect(log.count('enrolled')).toBe(6);
    const audit = await engine.listAudit(workflow.id);
    // one "waiting" row, not one per poll
    expect(audit.filter((a) => a.toStatus === 'waiting').map((a) => `${a.action}:${a.stepKey}:${a.fromStatus}`)).toEqual([
      'step.transition:enrolled:running',
      'workflow.transition:null:running',
    ]);
  });

  it('starts a scheduled workflow at its time, not before', async () => {
    const { engine, clock, log, start } = await setup();
    const at = new Date(clock.now().getTime() + 24 * 3600_000);
    const workflow = await start(steps('a'), { scheduledAt: at });
    await engine.runUntilIdle();
    expect(log.count('a')).toBe(0);
    expect((await engine.getWorkflow(workflow.id))?.workflow.status).toBe('pending');
    clock.advance(24 * 3600_000);
    await engine.runUntilIdle();
    expect((await engine.getWorkflow(workflow.id))?.workflow.status).toBe('succeeded');
  });

  it('can cancel a workflow before its scheduled start, and audits who did it', async () => {
    const { engine, clock, log, start, runAndRead } = await setup();
    const workflow = await start(steps('a', 'b'), { scheduledAt: new Date(clock.now().getTime() + 3600_000) });
    await engine.cancel(workflow.id, 'U_HELPDESK', 'the employee stays');
    clock.advance(2 * 3600_000);
    const view = await runAndRead(workflow.id);
    expect(view?.workflow.status).toBe('cancelled');
    expect(view?.steps.every((s) => s.status === 'cancelled')).toBe(true);
    expect(log.runs).toHaveLength(0);
    expect((await engine.listAudit(workflow.id)).find((a) => a.action === 'workflow.cancel')).toMatchObject({
      actor: 'U_HELPDESK',
      message: 'the employee stays',
    });
    await expect(engine.cancel(workflow.id, 'U_HELPDESK', 'again')).rejects.toThrow(/already cancelled/);
  });

  it('expands a plan, runs branches in parallel up to the limit, and one failing branch does not block the others', async () => {
    const { engine, log, runAndRead } = await setup({ concurrency: 8 });
    const { workflow } = await engine.startWorkflow({
      kind: 'scripted',
      input: {
        parallel: 2,
        steps: [
          {
            key: 'plan',
            action: 'plan',
            title: 'plan',
            input: {
              add: [
                { key: 'dev1', action: 'noop', title: 'd1', dependsOn: [] },
                { key: 'dev2', action: 'broken', title: 'd2', dependsOn: [] },
                { key: 'dev3', action: 'noop', title: 'd3', dependsOn: [] },
                { key: 'dev3b', action: 'read', title: 'd3b', dependsOn: ['dev3'], input: { from: 'dev3' } },
              ],
            },
          },
          { key: 'summary', action: 'noop', title: 'summary' },
        ],
      },
      actor: 'U1',
    });
    const view = await runAndRead(workflow.id);
    const status = Object.fromEntries(view!.steps.map((s) => [s.key, s.status]));
    expect(status).toEqual({ plan: 'succeeded', summary: 'blocked', dev1: 'succeeded', dev2: 'failed', dev3: 'succeeded', dev3b: 'succeeded' });
    expect(view?.steps.find((s) => s.key === 'summary')?.dependsOn.sort()).toEqual(['dev1', 'dev2', 'dev3b']);
    expect(view?.steps.find((s) => s.key === 'dev3b')?.output).toEqual({ saw: { key: 'dev3' } });
    expect(view?.workflow.status).toBe('failed');
    expect(view?.workflow.state).toEqual({ planned: true });
    expect(log.count('summary')).toBe(0);
    // the operator skips the failed device; the summary then runs
    await engine.skipStep(workflow.id, 'dev2', 'U_HELPDESK', 'device already gone');
    await engine.runUntilIdle();
    expect((await engine.getWorkflow(workflow.id))?.workflow.status).toBe('succeeded');
  });
});
