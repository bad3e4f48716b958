// /device lookup and the replace modal's device picker over real ports: the built-in ledger and the simulated
// MDM and ABM (one shared world in the test database), answered through the real Bolt app.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatedAbm } from '../../src/adapters/abm/simulated';
import { createBuiltinLedger } from '../../src/adapters/ledger/builtin';
import { createSimulatedMdm, SimulatedWorld } from '../../src/adapters/mdm/simulated';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { startHarness, USERS, waitFor, type Harness } from './harness';

describe('/device lookup and the device picker on the simulated fleet', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('sqlite', {
      services: (db) => {
        const world = new SimulatedWorld(db);
        return { ledger: createBuiltinLedger(db), mdms: [createSimulatedMdm(db, { clock: world.clock })], abm: createSimulatedAbm(db, { clock: world.clock }) };
      },
    });
    const world = new SimulatedWorld(h.db.prisma);
    await world.seedAbmServer({ id: 'srv-main', name: 'Main MDM', isDefault: true });
    await world.seedDevice({ serial: 'OLD123', platform: 'ios', userEmail: 'emma@example.com', adeEnrolled: true, lostMode: true, name: "Emma's iPhone", model: 'iPhone 13' });
    const { used } = await world.licenses();
    await world.setLicenseTotal(used);
    const ledger = createBuiltinLedger(h.db.prisma);
    const by = { actor: 'seed' };
    const old = await ledger.create({ serial: 'OLD123', platform: 'ios', model: 'iPhone 13', status: 'in_stock', assetNumber: 'PC-0042' }, by);
    await ledger.assign(old.id, { email: 'emma@example.com', slackUserId: USERS.employee }, by);
    await ledger.setStatus(old.id, 'in_use', 'seed', by);
  });
  afterEach(async () => {
    await h.close();
  });

  const answer = async (needle: string) =>
    FakeSlackServer.textOf((await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes(needle)))).body);

  it('shows ledger, MDM and ABM side by side with the warnings that apply now', async () => {
    await h.send.command(USERS.helpdesk, 'lookup OLD123');
    const text = await answer('Lookup: OLD123');
    expect(text).toContain('*Ledger*');
    expect(text).toContain('Status: in use');
    expect(text).toContain('#PC-0042');
    expect(text).toContain('*MDM*');
    expect(text).toContain('simulated');
    expect(text).toContain('*ABM*\nASSIGNED');
    expect(text).toContain('Lost mode is on');
    expect(text).toContain('no free licenses');
    expect(text).toContain('Still assigned in ABM (ADE)');
    expect(h.slack.violations).toEqual([]);
  });

  it('finds a person\'s devices from a mention, and says when nothing is known', async () => {
    await h.send.command(USERS.helpdesk, `lookup <@${USERS.employee}|emp>`);
    const text = await answer('Lookup: <@');
    expect(text).toContain('OLD123');
    await h.send.command(USERS.helpdesk, 'lookup NOPE999');
    await answer('Nothing found for NOPE999');
  });

  it('the replace modal lists the requester\'s device from the ledger and the MDM', async () => {
    const before = h.slack.callsTo('views.open').length;
    await h.send.command(USERS.employee, 'replace');
    const open = await waitFor(() => h.slack.callsTo('views.open')[before]);
    const viewId = open.response.view.id as string;
    await waitFor(() => h.slack.callsTo('views.update').find((c) => c.args.view_id === viewId));
    const view = h.slack.views.get(viewId)!;
    const picker = view.blocks.find((b: { block_id?: string }) => b.block_id === `device-${USERS.employee}`);
    const labels = picker.element.options.map((o: { text: { text: string } }) => o.text.text);
    expect(labels[0]).toContain('OLD123');
    expect(labels[0]).toContain('#PC-0042');
    const value = JSON.parse(picker.element.options[0].value);
    expect(value).toMatchObject({ s: 'OLD123', ms: 'simulated' });
    expect(value.l).toBeTruthy();
    expect(h.slack.violations).toEqual([]);
  });
});
