// Signals (people's decisions) and the steps they are for, on both databases: a signal is never dropped — not
// while the step runs (a step that polls while it awaits a decision), not when its run ends in `wait` — a second
// unread signal is refused, the caller's guarded write commits with the signal or not at all, and an approval or
// confirmation step (StepSpec.decision) cannot be skipped through the engine, whoever asks.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { StepAction, StepSpec } from '../../src/engine/types';
import { ForbiddenError } from '../../src/errors';
import { DIALECTS, type TestDatabase } from '../support/databases';
import { Clock, freshDatabases, Gate, RunLog, scriptedDefinition, step, testActions } from './support';

describe.each(DIALECTS)('signals on %s', (dialect) => {
  const fresh = freshDatabases(dialect);
  let db: TestDatabase;

  async function setup() {
    db = await fresh();
    const clock = new Clock();
    const log = new RunLog();
    const gate = new Gate();
    const seen: unknown[] = [];
    const actions: Record<string, StepAction> = {
      ...testActions(log, clock),
      /** awaits a decision while polling something every minute; the first run is held at the gate */
      pollDecide: async (ctx) => {
        seen.push(ctx.step.signal ?? null);
        if (ctx.step.signal) return { status: 'done', output: { decided: ctx.step.signal } };
        if (ctx.step.attempt === 1) await gate.hold();
        return { status: 'wait', reason: 'poll', until: new Date(clock.now().getTime() + 60_000), message: { key: 'test.polling' } };
      },
    };
    const engine = new Engine({
      db: db.prisma,
      definitions: [scriptedDefinition],
      actions,
      services: {},
      instanceId: 'sig-1',
      options: { now: clock.now, concurrency: 2 },
    });
    const start = async (list: StepSpec[]) => (await engine.startWorkflow({ kind: 'scripted', input: { steps: list }, actor: 'U1' })).workflow;
    const stepRow = (workflowId: string, key: string) => db.prisma.workflowStep.findUniqueOrThrow({ where: { workflowId_key: { workflowId, key } } });
    return { engine, clock, gate, seen, start, stepRow };
  }

  it('a decision that arrives while the step runs (polls) is kept and delivered on its next run, without waiting for the timer', async () => {
    const { engine, gate, seen, start, stepRow } = await setup();
    const wf = await start([{ ...step('approve', 'pollDecide'), decision: true }]);
    await engine.tick();
    while (gate.held === 0) await new Promise((r) => setTimeout(r, 5));
    expect((await stepRow(wf.id, 'approve')).status).toBe('running');

    expect(await engine.deliverSignal({ workflowId: wf.id, stepKey: 'approve', signal: { decision: 'approved', by: 'U_BOSS' }, actor: 'U_BOSS' })).toEqual({
      delivered: true,
      from: 'running',
    });
    // a second decision while the first is unread: refused, the first wins
    expect(await engine.deliverSignal({ workflowId: wf.id, stepKey: 'approve', signal: { decision: 'rejected', by: 'U_X' }, actor: 'U_X' })).toEqual({
      delivered: false,
      why: 'already_signalled',
      status: 'running',
    });

    gate.open(); // the run that did not see the signal ends in `wait` (poll in a minute)
    await engine.runUntilIdle(); // the clock does not move: the step runs again only because a signal waits
    const view = await engine.getWorkflow(wf.id);
    expect(view?.workflow.status).toBe('succeeded');
    expect(view?.steps[0]?.output).toEqual({ decided: { decision: 'approved', by: 'U_BOSS' } });
    expect(seen).toEqual([null, { decision: 'approved', by: 'U_BOSS' }]);
    const audit = await engine.listAudit(wf.id);
    expect(audit.filter((a) => a.action === 'step.signal').map((a) => [a.actor, a.fromStatus, a.toStatus])).toEqual([['U_BOSS', 'running', 'running']]);
  });

  it('a signal to a waiting step wakes it; to a failed, blocked or finished one it is refused and says why', async () => {
    const { engine, start, stepRow } = await setup();
    const wf = await start([step('approve', 'approve'), step('after', 'broken')]);
    await engine.runUntilIdle();
    expect(await engine.deliverSignal({ workflowId: wf.id, stepKey: 'after', signal: { decision: 'approved' }, actor: 'U1' })).toEqual({
      delivered: false,
      why: 'not_waiting',
      status: 'blocked',
    });
    expect(await engine.deliverSignal({ workflowId: wf.id, stepKey: 'nope', signal: {}, actor: 'U1' })).toEqual({ delivered: false, why: 'not_found' });
    expect(await engine.deliverSignal({ workflowId: 'no-such-workflow', stepKey: 'approve', signal: {}, actor: 'U1' })).toEqual({
      delivered: false,
      why: 'not_found',
    });
    expect(await engine.deliverSignal({ workflowId: wf.id, stepKey: 'approve', signal: { decision: 'approved' }, actor: 'U_M' })).toEqual({
      delivered: true,
      from: 'waiting',
    });
    expect((await stepRow(wf.id, 'approve')).status).toBe('pending');
    await engine.runUntilIdle();
    expect((await stepRow(wf.id, 'after')).status).toBe('failed');
    expect(await engine.deliverSignal({ workflowId: wf.id, stepKey: 'after', signal: { decision: 'approved' }, actor: 'U1' })).toEqual({
      delivered: false,
      why: 'not_waiting',
      status: 'failed',
    });
    await engine.cancel(wf.id, 'U_HD', 'test');
    expect(await engine.deliverSignal({ workflowId: wf.id, stepKey: 'after', signal: {}, actor: 'U1' })).toEqual({
      delivered: false,
      why: 'workflow_ended',
      status: 'cancelled',
    });
  });

  it("the caller's guarded write and the signal commit together, or neither does", async () => {
    const { engine, start, stepRow } = await setup();
    const wf = await start([step('approve', 'approve')]);
    await engine.runUntilIdle();
    const note = (tx: Parameters<NonNullable<Parameters<Engine['deliverSignal']>[0]['guard']>>[0], message: string) =>
      tx.auditEvent.create({ data: { workflowId: wf.id, actor: 'guard', action: 'test.guard', message } });

    const said = await engine.deliverSignal({
      workflowId: wf.id,
      stepKey: 'approve',
      signal: { decision: 'approved' },
      actor: 'U1',
      guard: async (tx) => (await note(tx, 'no'), false),
    });
    expect(said).toEqual({ delivered: false, why: 'guard' });
    await expect(
      engine.deliverSignal({
        workflowId: wf.id,
        stepKey: 'approve',
        signal: { decision: 'approved' },
        actor: 'U1',
        guard: async (tx) => (await note(tx, 'boom'), Promise.reject(new Error('database went away'))),
      }),
    ).rejects.toThrow('database went away');
    let row = await stepRow(wf.id, 'approve');
    expect([row.status, row.signalJson]).toEqual(['waiting', null]);
    expect(await db.prisma.auditEvent.count({ where: { workflowId: wf.id, action: { in: ['test.guard', 'step.signal'] } } })).toBe(0);

    expect(
      await engine.deliverSignal({
        workflowId: wf.id,
        stepKey: 'approve',
        signal: { decision: 'approved' },
        actor: 'U1',
        guard: async (tx) => (await note(tx, 'yes'), true),
      }),
    ).toMatchObject({ delivered: true });
    row = await stepRow(wf.id, 'approve');
    expect([row.status, JSON.parse(row.signalJson ?? 'null')]).toEqual(['pending', { decision: 'approved' }]);
    expect(await db.prisma.auditEvent.count({ where: { workflowId: wf.id, action: { in: ['test.guard', 'step.signal'] } } })).toBe(2);
  });

  it('an approval or confirmation step cannot be skipped through the engine, in any status; other steps can', async () => {
    const { engine, start, stepRow } = await setup();
    const wf = await start([{ ...step('approve', 'approve'), decision: true }, step('work', 'noop')]);
    const planned = await start([
      step('plan', 'plan', {
        add: [
          { key: 'confirm', action: 'approve', title: 'confirm', decision: true },
          { key: 'poll', action: 'approve', title: 'poll' },
        ],
      }),
    ]);
    await engine.runUntilIdle();
    expect((await engine.getWorkflow(wf.id))?.steps.map((s) => [s.key, s.decision])).toEqual([
      ['approve', true],
      ['work', false],
    ]);
    expect((await engine.getWorkflow(planned.id))?.steps.map((s) => [s.key, s.decision])).toEqual([
      ['plan', false],
      ['confirm', true],
      ['poll', false],
    ]);

    for (const [id, key] of [
      [wf.id, 'approve'],
      [planned.id, 'confirm'],
    ] as const) {
      expect((await stepRow(id, key)).status).toBe('waiting');
      const refusal = await engine.skipStep(id, key, 'U_HELPDESK', 'nobody answers').catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ForbiddenError);
      expect((refusal as ForbiddenError).message).toContain('cannot be skipped');
      expect((await stepRow(id, key)).status).toBe('waiting');
    }
    // failed, too: fix what stops it and Retry, or cancel the workflow
    await db.prisma.workflowStep.updateMany({ where: { workflowId: wf.id, key: 'approve' }, data: { status: 'failed' } });
    await expect(engine.skipStep(wf.id, 'approve', 'U_HELPDESK', 'nobody can approve')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.prisma.auditEvent.count({ where: { action: 'step.skip' } })).toBe(0);
    // the same engine call on an ordinary step still works
    await engine.skipStep(planned.id, 'poll', 'U_HELPDESK', 'not needed');
    expect((await stepRow(planned.id, 'poll')).status).toBe('skipped');
  });
});
