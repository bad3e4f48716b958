// The simulated ABM and its shared state with the simulated MDM: automatic assignment of new ADE devices,
// activation that stalls without a free license, re-enrollment of deleted-but-assigned devices, and
// asynchronous activities where one device can fail — on both databases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatedAbm } from '../../../../src/adapters/abm/simulated';
import { SIM_ACTIVATION_NO_LICENSE, type SimulatedWorld } from '../../../../src/adapters/mdm/simulated';
import type { AbmDevice } from '../../../../src/ports/abm';
import { DIALECTS, type TestDatabase } from '../../../support/databases';
import { seededWorld } from '../../support';

const DEFAULT_SERVER = 'SIM-MDM-SERVER-1';

describe.each(DIALECTS)('simulated ABM on %s', (dialect) => {
  let db: TestDatabase;
  let world: SimulatedWorld;

  beforeEach(async () => {
    ({ db, world } = await seededWorld(dialect));
  });
  afterEach(() => db.cleanup());

  it('knows the servers, the default one, and each ADE device assignment', async () => {
    expect((await world.abm.listMdmServers()).map((s) => s.id)).toEqual(['SIM-MDM-SERVER-1', 'SIM-MDM-SERVER-OLD']);
    expect(await world.abm.defaultMdmServer()).toMatchObject({ id: DEFAULT_SERVER, isDefault: true, name: 'devicebot シミュレーター MDM' });
    expect(await world.abm.getDeviceBySerial('f2lxk1abhg7j')).toMatchObject({
      serial: 'F2LXK1ABHG7J',
      status: 'ASSIGNED',
      model: 'iPhone 15',
      productFamily: 'iPhone',
    });
    expect((await world.abm.getAssignedServer('F2LXK1ABHG7J'))?.id).toBe(DEFAULT_SERVER);
    expect(await world.abm.getDeviceBySerial('NOT-IN-ABM')).toBeNull();
    expect((await world.abm.getAssignedServer('KP7LM2ZAB8N4'))?.id).toBe('SIM-MDM-SERVER-OLD');
  });

  it('findActivity: an activity started since then for these devices is found; another kind or device is not', async () => {
    const since = world.clock.now();
    const request = { kind: 'UNASSIGN_DEVICES' as const, serials: ['F2LXK1ABHG7J'], serverId: DEFAULT_SERVER };
    expect(await world.abm.findActivity(request, since)).toEqual({ state: 'absent' });
    const activity = await world.abm.unassign(['F2LXK1ABHG7J'], DEFAULT_SERVER, 'wf-find:unassign');
    expect(await world.abm.findActivity(request, since)).toMatchObject({ state: 'found', activity: { id: activity.id, kind: 'UNASSIGN_DEVICES' } });
    expect(await world.abm.findActivity({ ...request, kind: 'RELEASE_DEVICES', serverId: null }, since)).toEqual({ state: 'absent' });
    expect(await world.abm.findActivity({ ...request, serials: ['KP7LM2ZAB8N4'] }, since)).toEqual({ state: 'absent' });
  });

  it('assigns a delivered ADE device to the default server whatever the license count', async () => {
    expect((await world.licenses()).free).toBe(0);
    const delivered = await world.deliverAdeDevice('NEWIPHONE001', 'iPhone 16');
    expect(delivered).toMatchObject({ status: 'ASSIGNED', mdmServerId: DEFAULT_SERVER });
    expect((await world.abm.getAssignedServer('NEWIPHONE001'))?.id).toBe(DEFAULT_SERVER);
  });

  it('stalls activation at zero free licenses, then enrolls once a license is released (the replacement story)', async () => {
    await world.deliverAdeDevice('NEWIPHONE001', 'iPhone 16');
    const stalled = await world.activate('NEWIPHONE001', { userEmail: 'taro.yamada@example.co.jp' });
    expect(stalled).toEqual({ outcome: 'no_license', error: SIM_ACTIVATION_NO_LICENSE });
    expect(await world.mdm.findBySerial('NEWIPHONE001')).toEqual([]);
    const abmDevice = await world.abm.getDeviceBySerial('NEWIPHONE001');
    expect((abmDevice!.raw as { activationError: string }).activationError).toBe(SIM_ACTIVATION_NO_LICENSE);

    // release the old phone's license by deleting its record (iOS: does not wipe)
    const [old] = await world.mdm.findBySerial('F2LXK1ABHG7J');
    await world.mdm.deleteRecord(old!.id, 'release-old');
    expect((await world.licenses()).free).toBe(1);

    const enrolled = await world.activate('NEWIPHONE001', { userEmail: 'taro.yamada@example.co.jp' });
    expect(enrolled.outcome).toBe('enrolled');
    const [device] = await world.mdm.findBySerial('NEWIPHONE001');
    expect(device).toMatchObject({ adeEnrolled: true, supervised: true, managementState: 'managed', userEmail: 'taro.yamada@example.co.jp', platform: 'ios' });
    expect((await world.abm.getDeviceBySerial('NEWIPHONE001'))!.raw).toMatchObject({ activationError: null });
    expect(await world.licenses()).toEqual({ total: 10, used: 10, free: 0 });
    expect((await world.activate('NEWIPHONE001')).outcome).toBe('already_enrolled');
  });

  it('brings a deleted but still assigned ADE device back as pre-registered, until it is unassigned', async () => {
    const [old] = await world.mdm.findBySerial('G6TZP6NOPN7Q');
    await world.mdm.deleteRecord(old!.id, 'delete-old');
    const [back] = await world.mdm.findBySerial('G6TZP6NOPN7Q');
    expect(back).toMatchObject({ managementState: 'unknown', registrationState: 'notRegisteredPendingEnrollment', adeEnrolled: true, enrolledAt: null });
    expect(back!.id).not.toBe(old!.id);
    // a pre-registered placeholder holds no license
    expect((await world.licenses()).free).toBe(1);

    const activity = await world.abm.unassign(['G6TZP6NOPN7Q'], DEFAULT_SERVER, 'unassign-old');
    expect(activity).toMatchObject({ kind: 'UNASSIGN_DEVICES', status: 'COMPLETED', devices: [{ serial: 'G6TZP6NOPN7Q', ok: true }] });
    expect(await world.mdm.findBySerial('G6TZP6NOPN7Q')).toEqual([]);
    expect((await world.abm.getDeviceBySerial('G6TZP6NOPN7Q'))!.status).toBe('UNASSIGNED');
    // an unassigned device no longer re-enrolls at activation
    expect((await world.activate('G6TZP6NOPN7Q')).outcome).toBe('not_assigned');
  });

  it('re-enrolls a pre-registered device into the same placeholder when activated with a free license', async () => {
    const [old] = await world.mdm.findBySerial('G6TZP6NOPN7Q');
    await world.mdm.deleteRecord(old!.id, 'delete-old');
    const [placeholder] = await world.mdm.findBySerial('G6TZP6NOPN7Q');
    const result = await world.activate('G6TZP6NOPN7Q');
    expect(result.outcome).toBe('enrolled');
    expect(result.device!.id).toBe(placeholder!.id);
    expect((await world.mdm.getDevice(placeholder!.id)).managementState).toBe('managed');
  });

  it('does not enroll a device assigned to another MDM server, and ABM reassignment fixes it', async () => {
    await world.setLicenseTotal(11);
    expect((await world.activate('KP7LM2ZAB8N4')).outcome).toBe('other_mdm');
    const assigned = await world.abm.assign(['KP7LM2ZAB8N4'], DEFAULT_SERVER, 'reassign');
    expect(assigned.status).toBe('COMPLETED');
    expect((await world.activate('KP7LM2ZAB8N4')).outcome).toBe('enrolled');
  });

  it('runs activities asynchronously, completing even when one device fails', async () => {
    await world.setAbmActivityDelay(30_000);
    await world.failNextAbmDevice('DMPXR3EFQ1GC', { error: 'DEVICE_LOCKED: the device is in use by another process' });
    const started = await world.abm.unassign(['F2LXK1ABHG7J', 'DMPXR3EFQ1GC', 'UNKNOWN0001'], DEFAULT_SERVER, 'bulk-unassign');
    expect(started.status).toBe('IN_PROGRESS');
    expect((await world.abm.getActivity(started.id)).status).toBe('IN_PROGRESS');
    await world.advance(30_000);
    const done = await world.abm.getActivity(started.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.devices).toEqual([
      { serial: 'F2LXK1ABHG7J', ok: true },
      { serial: 'DMPXR3EFQ1GC', ok: false, error: 'DEVICE_LOCKED: the device is in use by another process' },
      { serial: 'UNKNOWN0001', ok: false, error: 'DEVICE_NOT_FOUND: the device is not in the organization' },
    ]);
    expect((await world.abm.getDeviceBySerial('DMPXR3EFQ1GC'))!.status).toBe('ASSIGNED');
    // same idempotency key: the same activity, not a second one
    expect((await world.abm.unassign(['F2LXK1ABHG7J'], DEFAULT_SERVER, 'bulk-unassign')).id).toBe(started.id);
  });

  it('releases devices from the organisation for good', async () => {
    const activity = await world.abm.release(['HX9QW8TUV1K3'], 'release');
    expect(activity.status).toBe('COMPLETED');
    expect(await world.abm.getDeviceBySerial('HX9QW8TUV1K3')).toBeNull();
    expect((await world.activate('HX9QW8TUV1K3')).outcome).toBe('not_in_abm');
  });

  it("lists a server's devices page by page, and a second adapter on the same database sees the same world", async () => {
    const abm = createSimulatedAbm(db.prisma, { clock: world.clock });
    const pages: AbmDevice[][] = [];
    for await (const page of abm.listServerDevices(DEFAULT_SERVER, { pageSize: 3 })) pages.push(page);
    const serials = pages.flat().map((d) => d.serial);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]); // 7 enrolled ADE devices + 1 delivered spare
    expect(serials).toContain('JQ4KN9WXY2M5');
    expect(serials).not.toContain('KP7LM2ZAB8N4');
    expect(new Set(serials).size).toBe(serials.length);
  });
});
