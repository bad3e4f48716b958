// The six cells of the decision table, end to end on the simulated fleet and simulated ABM, on both databases:
// final MDM, ABM and ledger state, the commands the devices received, and what the thread said.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/databases';
import { createHarness, LEAVER, seedLedgerDevice, type Harness } from './support/harness';

type Cell = { name: string; wipe: boolean; ade: boolean; restricted: boolean; commands: string[]; abm: 'UNASSIGNED' | null };

const CELLS: Cell[] = [
  { name: 'wipe × ADE restricted', wipe: true, ade: true, restricted: true, commands: ['wipe', 'delete'], abm: 'UNASSIGNED' },
  { name: 'wipe × ADE not restricted', wipe: true, ade: true, restricted: false, commands: ['wipe', 'delete'], abm: 'UNASSIGNED' },
  { name: 'wipe × not ADE', wipe: true, ade: false, restricted: false, commands: ['wipe', 'delete'], abm: null },
  { name: 'no wipe × ADE restricted', wipe: false, ade: true, restricted: true, commands: ['remove_profiles', 'delete'], abm: 'UNASSIGNED' },
  { name: 'no wipe × ADE not restricted', wipe: false, ade: true, restricted: false, commands: ['retire', 'delete'], abm: 'UNASSIGNED' },
  { name: 'no wipe × not ADE', wipe: false, ade: false, restricted: false, commands: ['retire', 'delete'], abm: null },
];

describe.each(DIALECTS)('offboarding decision table (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it.each(CELLS)('$name', async (cell) => {
    h = await createHarness(dialect);
    const serial = 'C0CELL' + (cell.wipe ? 'W' : 'K') + (cell.ade ? (cell.restricted ? 'R' : 'N') : 'X');
    const device = await h.world.seedDevice({ serial, userEmail: LEAVER.email, adeEnrolled: cell.ade, profileRemovalRestricted: cell.restricted });
    const ledgerId = await seedLedgerDevice(h, serial, { mdmDeviceId: device.id });
    const before = await h.world.licenses();

    // The table is about a device removed from management for good (CLOMO 5): it leaves the company.
    const id = await h.start({ defaults: { wipe: cell.wipe, afterwards: 'dispose' } });
    await h.engine.runUntilIdle();
    // Plan first: posted, approval asked, nothing touched yet.
    const row = cell.wipe ? 'wipe' : 'keep';
    const column = cell.ade ? (cell.restricted ? 'ade_restricted' : 'ade_not_restricted') : 'not_ade';
    expect(h.chat.keys(id).slice(0, 2)).toEqual(['offboarding.plan.header', `offboarding.plan.device.${row}.${column}`]);
    expect(h.chat.decisions).toHaveLength(1);
    expect(h.chat.decisions[0]!.deciders).toEqual(['U_APPROVER']);
    expect(await h.world.commands(serial)).toHaveLength(0);
    expect(h.chat.dms.find((d) => d.userId === 'U_MANAGER')?.note.text.key).toBe('offboarding.manager.informed');

    await h.approve(id);
    await h.runFor(5 * 60_000);

    const found = await h.engine.getWorkflow(id);
    expect(found!.workflow.status).toBe('succeeded');
    // MDM: the commands in table order, no live record left, the license freed.
    expect((await h.world.commands(serial)).map((c) => c.kind)).toEqual(cell.commands);
    expect((await h.world.records(serial)).every((r) => r.deleted)).toBe(true);
    expect((await h.world.licenses()).used).toBe(before.used - 1);
    // ABM: unassigned for ADE devices, untouched (absent) otherwise.
    expect((await h.world.abmDevice(serial))?.status ?? null).toBe(cell.abm);
    // Ledger: to be disposed of, nobody assigned, history kept.
    const ledger = await h.ledger.get(ledgerId);
    expect(ledger.status).toBe('disposed');
    expect(ledger.assignedTo).toBeNull();
    expect((await h.ledger.history(ledgerId)).some((e) => e.workflowId === id)).toBe(true);
    // Thread: approved, and a summary that says all done.
    const keys = h.chat.keys(id);
    expect(keys).toContain('offboarding.approval.approved');
    expect(keys[keys.length - 1]).toBe('offboarding.summary.allDone');
    const warnings = h.chat.allKeys(id);
    if (cell.ade) expect(warnings).toContain('offboarding.warning.adeStillAssigned');
    if (!cell.wipe && cell.ade && cell.restricted) {
      expect(warnings).toContain('offboarding.warning.mdmProfileRemains');
      expect(warnings).toContain('offboarding.leftover.mdmProfile');
    } else expect(warnings).not.toContain('offboarding.warning.mdmProfileRemains');
  });
});
