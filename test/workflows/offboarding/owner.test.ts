// The offboarding's facts step refuses a device the request names that no record gives to the leaving person
// ("even when nobody's name is on them"), or one recorded for someone else, unless a helpdesk member confirmed
// that device explicitly in the request — before any plan exists, so nothing changes.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, HELPDESK, LEAVER, seedLedgerDevice, type Harness } from './support/harness';

describe("offboarding: only the leaving person's devices, or explicitly confirmed ones (sqlite)", () => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  async function seed() {
    h = await createHarness('sqlite');
    const mine = await h.world.seedDevice({ serial: 'MINE1', userEmail: LEAVER.email, supervised: true });
    await seedLedgerDevice(h, 'MINE1', { mdmDeviceId: mine.id });
    // a spare phone in the MDM with nobody's name on it
    const spare = await h.world.seedDevice({ serial: 'SPARE1', userEmail: null, supervised: true });
    return { spare };
  }

  it("a picked device with nobody's name on it: refused without a confirmation, nothing planned", async () => {
    const { spare } = await seed();
    const id = await h.start({ devices: [{ mdmSource: 'simulated', mdmDeviceId: spare.id, serial: 'SPARE1', decision: { wipe: true } }] });
    await h.engine.runUntilIdle();
    const view = (await h.engine.getWorkflow(id))!;
    const gather = view.steps.find((s) => s.key === 'gather')!;
    expect(gather.status).toBe('failed');
    expect(gather.lastError).toContain('SPARE1 (recorded for nobody)');
    expect(view.steps.map((s) => s.key)).toEqual(['gather']);
    expect(await h.world.commands('SPARE1')).toEqual([]);
  });

  it('the same device confirmed by the helpdesk is planned; a confirmation from anyone else is not enough', async () => {
    const { spare } = await seed();
    const pick = { mdmSource: 'simulated', mdmDeviceId: spare.id, serial: 'SPARE1', decision: { wipe: true } };
    const bad = await h.start({ devices: [{ ...pick, ownerConfirmedBy: LEAVER.slackUserId }] });
    await h.engine.runUntilIdle();
    expect((await h.engine.getWorkflow(bad))!.steps.find((s) => s.key === 'gather')!.status).toBe('failed');
    const good = await h.start({ lastWorkingDay: '2026-12-01', devices: [{ ...pick, ownerConfirmedBy: HELPDESK }] });
    await h.engine.runUntilIdle();
    const view = (await h.engine.getWorkflow(good))!;
    expect(view.steps.find((s) => s.key === 'gather')!.status).toBe('succeeded');
    expect(view.steps.map((s) => s.key)).toEqual(expect.arrayContaining(['approve', 'wipe:SPARE1', 'wipe:MINE1']));
  });
});
