// engine.cancel with `unlessStarted` (issue 12): a workflow may be cancelled as a whole only until the first
// destructive step starts; the check runs inside the cancellation's own transaction, and a refusal changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { ConflictError } from '../../src/errors';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { Clock, RunLog, scriptedDefinition, testActions } from './support';

describe.each(DIALECTS)('engine.cancel guarded by destructive steps on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.cleanup();
  });

  async function setup() {
    db = await createTestDatabase(dialect);
    const clock = new Clock();
    const engine = new Engine({
      db: db.prisma,
      definitions: [scriptedDefinition],
      actions: testActions(new RunLog(), clock),
      services: {},
      instanceId: 'cancel-guard',
      options: { now: clock.now },
    });
    // "broken" stands for a destructive step (a wipe that failed): it has started
    const steps = [
      { key: 'approve', action: 'approve', title: 'approve' },
      { key: 'wipe', action: 'broken', title: 'wipe' },
    ];
    const { workflow } = await engine.startWorkflow({ kind: 'scripted', input: { steps }, actor: 'U1' });
    await engine.runUntilIdle();
    return { engine, id: workflow.id };
  }

  it('cancels while nothing destructive has started', async () => {
    const { engine, id } = await setup();
    await engine.cancel(id, 'U_HELP', 'not needed', { unlessStarted: ['broken'] });
    const view = await engine.getWorkflow(id);
    expect(view?.workflow.status).toBe('cancelled');
    expect(view?.steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses once a destructive step has started, and changes nothing', async () => {
    const { engine, id } = await setup();
    await engine.signal(id, 'approve', { decision: 'approved' }, 'U_BOSS');
    await engine.runUntilIdle();
    const before = await engine.getWorkflow(id);
    expect(before?.steps.map((s) => [s.key, s.status])).toEqual([
      ['approve', 'succeeded'],
      ['wipe', 'failed'],
    ]);
    const error = await engine.cancel(id, 'U_HELP', 'too late', { unlessStarted: ['broken'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('destructive_started');
    const after = await engine.getWorkflow(id);
    expect(after?.workflow.status).toBe(before?.workflow.status);
    expect(after?.steps.map((s) => s.status)).toEqual(before?.steps.map((s) => s.status));
    expect((await engine.listAudit(id)).filter((a) => a.action === 'workflow.cancel')).toEqual([]);
    // without the guard (the CLI's scheduled-offboarding cancel keeps its own rule) the engine still cancels
    await engine.cancel(id, 'U_HELP', 'forced');
    expect((await engine.getWorkflow(id))?.workflow.status).toBe('cancelled');
  });
});
