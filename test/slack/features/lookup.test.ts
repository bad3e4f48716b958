// /device lookup and the replace modal's device picker over real ports: the built-in ledger and the simulated
// MDM and ABM (one shared world in the test database), answered through the real Bolt app.
import { describe, expect } from 'vitest';
import { createSimulatedAbm } from '../../../src/adapters/abm/simulated';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { createSimulatedMdm, SimulatedWorld } from '../../../src/adapters/mdm/simulated';
import { ephemeral, openReplaceModal } from '../flows';
import { harnessTest, USERS } from '../harness';

describe('/device lookup and the device picker on the simulated fleet', () => {
  const it = harnessTest('sqlite', {
    services: (db) => {
      const world = new SimulatedWorld(db);
      return { ledger: createBuiltinLedger(db), mdms: [createSimulatedMdm(db, { clock: world.clock })], abm: createSimulatedAbm(db, { clock: world.clock }) };
    },
    setup: async (h) => {
      const world = new SimulatedWorld(h.db.prisma);
      await world.seedAbmServer({ id: 'srv-main', name: 'Main MDM', isDefault: true });
      await world.seedDevice({
        serial: 'OLD123',
        platform: 'ios',
        userEmail: 'emma@example.com',
        adeEnrolled: true,
        lostMode: true,
        name: "Emma's iPhone",
        model: 'iPhone 13',
      });
      // wiped (greyed out) and still assigned in ABM: leaving management, so the assignment is a warning
      await world.seedDevice({
        serial: 'GREY77',
        platform: 'ios',
        userEmail: 'kai@example.com',
        adeEnrolled: true,
        managementState: 'wiped',
        model: 'iPhone 12',
      });
      const { used } = await world.licenses();
      await world.setLicenseTotal(used);
      const ledger = createBuiltinLedger(h.db.prisma);
      const by = { actor: 'seed' };
      const old = await ledger.create({ serial: 'OLD123', platform: 'ios', model: 'iPhone 13', status: 'in_stock', assetNumber: 'PC-0042' }, by);
      await ledger.assign(old.id, { email: 'emma@example.com', slackUserId: USERS.employee }, by);
      await ledger.setStatus(old.id, 'in_use', 'seed', by);
    },
  });

  // issue 15: an enrolled phone in use is meant to be assigned in ABM, and the pool's free count is not this
  // device's fault — neither is a warning; the lines are sentences, never a rule's code
  it('shows ledger, MDM and ABM side by side with the warnings that apply now', async ({ h }) => {
    await h.send.command(USERS.helpdesk, 'lookup OLD123');
    const text = await ephemeral(h, 'Lookup: OLD123');
    expect(text).toContain('*Ledger*');
    expect(text).toContain('Status: in use');
    expect(text).toContain('#PC-0042');
    expect(text).toContain('*MDM*');
    expect(text).toContain('the simulator: ');
    expect(text).toContain('*ABM*\nassigned');
    expect(text).toContain('⚠️ Lost mode is on');
    expect(text).toContain('ℹ️ Free licenses in the simulator: 0');
    expect(text).not.toContain('⚠️ Free licenses');
    expect(text).not.toContain('still assigned in ABM');
    expect(text).toContain('ℹ️ Deleting the record from the simulator while lost mode is on leaves the device locked for good');
    expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(h.slack.violations).toEqual([]);
  });

  it('warns about the ABM assignment of a device that left management', async ({ h }) => {
    await h.send.command(USERS.helpdesk, 'lookup GREY77');
    const text = await ephemeral(h, 'Lookup: GREY77');
    expect(text).toContain('⚠️ This device has left (or is leaving) MDM management but is still assigned in ABM (ADE)');
    expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(h.slack.violations).toEqual([]);
  });

  it('says since when a device is not in its MDM, and that its MDM user is not in the directory (issue 13)', async ({ h }) => {
    const gone = await createBuiltinLedger(h.db.prisma).create({ serial: 'GONE55', platform: 'ios', model: 'iPhone 11', status: 'in_use' }, { actor: 'seed' });
    await h.db.prisma.device.update({
      where: { id: gone.id },
      data: { notInMdmSince: new Date('2026-11-02T00:00:00Z'), notInMdmSource: 'simulated', unresolvedAssignee: 'ghost@example.com' },
    });
    await h.send.command(USERS.helpdesk, 'lookup GONE55');
    const text = await ephemeral(h, 'Lookup: GONE55');
    expect(text).toContain('ghost@example.com');
    expect(text).toContain('not in the directory, so no person is assigned');
    expect(text).toContain('not in the simulator since 2 Nov 2026, 09:00 (unlinked by the nightly sync)');
    expect(h.slack.violations).toEqual([]);
  });

  it("finds a person's devices from a mention, and says when nothing is known", async ({ h }) => {
    await h.send.command(USERS.helpdesk, `lookup <@${USERS.employee}|emp>`);
    const text = await ephemeral(h, 'Lookup: <@');
    expect(text).toContain('OLD123');
    await h.send.command(USERS.helpdesk, 'lookup NOPE999');
    await ephemeral(h, 'Nothing found for NOPE999');
  });

  it("the replace modal lists the requester's device from the ledger and the MDM", async ({ h }) => {
    const { picker } = await openReplaceModal(h, USERS.employee);
    const labels = picker.element.options.map((o: { text: { text: string } }) => o.text.text);
    expect(labels[0]).toContain('OLD123');
    expect(labels[0]).toContain('#PC-0042');
    const value = JSON.parse(picker.element.options[0].value);
    expect(value).toMatchObject({ s: 'OLD123', ms: 'simulated' });
    expect(value.l).toBeTruthy();
    expect(h.slack.violations).toEqual([]);
  });
});
