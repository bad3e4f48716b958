// A step that watches its siblings (the offboarding summary) waits with `wakeOnStepEnd`: it runs again as soon as
// another step of its workflow ends, not only when its (slow) timer comes due — on both databases. A step that
// waits without the flag keeps its timer, and a watcher's repeated look is a quiet poll (no audit row, no event).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { EngineSql } from '../../src/engine/sql';
import type { StepAction, TransitionEvent } from '../../src/engine/types';
import { DIALECTS } from '../support/databases';
import { Clock, freshDatabases, scriptedDefinition, step } from './support';

describe.each(DIALECTS)('wakeOnStepEnd on %s', (dialect) => {
  const fresh = freshDatabases(dialect);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function setup(flag: boolean) {
    const db = await fresh();
    const clock = new Clock();
    let watcherRuns = 0;
    let workDone = false;
    const actions: Record<string, StepAction> = {
      /** the sibling: waits one minute for something outside, then ends */
      work: async (ctx) => {
        if (ctx.step.attempt === 1) return { status: 'wait', reason: 'poll', until: new Date(clock.now().getTime() + 60_000) };
        workDone = true;
        return { status: 'done' };
      },
      /** the watcher: ends once the sibling has; otherwise looks again in an hour (or when woken) */
      watch: async () => {
        watcherRuns++;
        if (workDone) return { status: 'done' };
        return { status: 'wait', reason: 'poll', until: new Date(clock.now().getTime() + 3_600_000), ...(flag ? { wakeOnStepEnd: true } : {}) };
      },
    };
    const engine = new Engine({ db: db.prisma, definitions: [scriptedDefinition], actions, services: {}, instanceId: 'wake-1', options: { now: clock.now } });
    const events: TransitionEvent[] = [];
    engine.subscribe((e) => {
      events.push(e);
    });
    const wf = (
      await engine.startWorkflow({
        kind: 'scripted',
        input: {
          steps: [
            { ...step('work', 'work'), dependsOn: [] },
            { ...step('watch', 'watch'), dependsOn: [] },
          ],
          parallel: 2,
        },
        actor: 'U1',
      })
    ).workflow;
    return { db, clock, engine, wf, events, runs: () => watcherRuns };
  }

  it('a watcher runs again the moment a sibling ends, long before its own timer', async () => {
    const { clock, engine, wf, events, runs } = await setup(true);
    await engine.runUntilIdle();
    expect(runs()).toBe(1);
    clock.advance(60_000); // the sibling's minute has passed; the watcher's hour has not
    await engine.runUntilIdle();
    const view = await engine.getWorkflow(wf.id);
    expect(view?.steps.map((s) => [s.key, s.status])).toEqual([
      ['work', 'succeeded'],
      ['watch', 'succeeded'],
    ]);
    expect(view?.workflow.status).toBe('succeeded');
    expect(runs()).toBe(2);
    // the watcher's first wait is told once; its second run ended it, with no second "waiting" in between
    expect(events.filter((e) => e.stepKey === 'watch' && e.to === 'waiting')).toHaveLength(1);
  });

  it('without the flag the watcher keeps its timer', async () => {
    const { clock, engine, wf, runs } = await setup(false);
    await engine.runUntilIdle();
    clock.advance(60_000);
    await engine.runUntilIdle();
    const view = await engine.getWorkflow(wf.id);
    expect(view?.steps.map((s) => [s.key, s.status])).toEqual([
      ['work', 'succeeded'],
      ['watch', 'waiting'],
    ]);
    expect(runs()).toBe(1);
    clock.advance(3_600_000);
    await engine.runUntilIdle();
    expect((await engine.getWorkflow(wf.id))?.workflow.status).toBe('succeeded');
  });

  it('looks for watchers only when a sibling is waiting', async () => {
    const wake = vi.spyOn(EngineSql.prototype, 'wakeWatchers');
    const { clock, engine, wf } = await setup(true);
    await engine.runUntilIdle();
    // both first runs ended in a wait, which is no end a watcher hears of
    expect(wake).not.toHaveBeenCalled();
    clock.advance(60_000);
    await engine.runUntilIdle();
    // the sibling's end looked (the watcher waited); the watcher's own end, with no one left waiting, did not
    expect(wake).toHaveBeenCalledTimes(1);
    expect((await engine.getWorkflow(wf.id))?.workflow.status).toBe('succeeded');
  });
});
