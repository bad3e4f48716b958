// Scheduled offboarding: planned and approved at once, devices touched only at the last working day's run time
// (in TIME_ZONE); the wait survives a restart (a new engine instance) and can be cancelled until it ends.
import { afterEach, describe, expect, it } from 'vitest';
import { cancelScheduledOffboarding, zonedDateTimeToUtc } from '../../../src/workflows/offboarding';
import { createHarness, HELPDESK, LEAVER, seedLedgerDevice, type Harness } from './support/harness';

describe('zonedDateTimeToUtc', () => {
  it('converts a wall-clock time in a zone to its instant, across DST', () => {
    expect(zonedDateTimeToUtc('2026-11-30', '18:00', 'Asia/Tokyo').toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(zonedDateTimeToUtc('2026-07-01', '18:00', 'Europe/Paris').toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(zonedDateTimeToUtc('2026-12-01', '18:00', 'Europe/Paris').toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(zonedDateTimeToUtc('2026-03-08', '12:00', 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
  });
});

describe.each(['sqlite', 'postgresql'] as const)('scheduled offboarding (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('survives a restart and fires at its time', async () => {
    h = await createHarness(dialect);
    const d = await h.world.seedDevice({ serial: 'SCHED1', userEmail: LEAVER.email, adeEnrolled: true, profileRemovalRestricted: true });
    const ledgerId = await seedLedgerDevice(h, 'SCHED1', { mdmDeviceId: d.id });
    const runAt = zonedDateTimeToUtc('2026-11-30', h.config.OFFBOARDING_RUN_TIME, h.config.TIME_ZONE);
    const id = await h.start({ runAt: runAt.toISOString(), defaults: { wipe: true } });
    await h.approve(id);
    await h.engine.runUntilIdle();
    expect(h.chat.keys(id)).toEqual(
      expect.arrayContaining(['offboarding.plan.headerScheduled', 'offboarding.approval.approved', 'offboarding.schedule.waiting']),
    );
    let wf = await h.engine.getWorkflow(id);
    const scheduleStep = wf!.steps.find((s) => s.key === 'schedule')!;
    expect(scheduleStep.status).toBe('waiting');
    expect(scheduleStep.nextRunAt!.toISOString()).toBe('2026-11-30T09:00:00.000Z');

    // The process restarts: a new engine instance on the same database.
    h.restart();
    h.clock.set(new Date(runAt.getTime() - 60_000));
    await h.engine.runUntilIdle();
    expect(await h.world.commands('SCHED1')).toHaveLength(0);

    h.restart();
    await h.runFor(6 * 60_000);
    wf = await h.engine.getWorkflow(id);
    expect(wf!.workflow.status).toBe('succeeded');
    const wipe = (await h.world.commands('SCHED1'))[0]!;
    expect(wipe.kind).toBe('wipe');
    expect(wipe.createdAt.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
    expect((await h.world.records('SCHED1')).find((r) => r.id === d.id)!.deleted).toBe(true);
    // back in stock for the next employee: the ADE assignment stays (issue 13, item 3)
    expect((await h.world.abmDevice('SCHED1'))!.status).toBe('ASSIGNED');
    expect((await h.ledger.get(ledgerId)).status).toBe('in_stock');
    expect(h.chat.keys(id)).toContain('offboarding.schedule.started');
  });

  it('can be cancelled until it starts, not after', async () => {
    h = await createHarness(dialect);
    await h.world.seedDevice({ serial: 'SCHED2', userEmail: LEAVER.email });
    const runAt = new Date(h.clock.now().getTime() + 86_400_000);
    const id = await h.start({ runAt: runAt.toISOString(), defaults: { wipe: true } });
    await h.approve(id);
    await h.engine.runUntilIdle();
    await cancelScheduledOffboarding(h.engine, id, HELPDESK, 'the employee stays');
    h.clock.set(new Date(runAt.getTime() + 60_000));
    await h.engine.runUntilIdle();
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('cancelled');
    expect(await h.world.commands('SCHED2')).toHaveLength(0);

    // Another one that has started: cancelling as a whole is refused.
    await h.world.seedDevice({ serial: 'SCHED3', userEmail: 'other@example.com' });
    const started = await h.start({ subject: { email: 'other@example.com' }, defaults: { wipe: true } });
    await h.approve(started);
    await h.engine.runUntilIdle();
    await expect(cancelScheduledOffboarding(h.engine, started, HELPDESK, 'too late')).rejects.toThrow(/already started/);
  });
});
