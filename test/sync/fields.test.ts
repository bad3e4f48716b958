// Field rules: per-field priorities (documented defaults and overrides), MDM-only fields, the SYS prefix.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PRIORITIES } from '../../src/sync/settings';
import { DIALECTS } from '../support/databases';
import { harness, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

const run = (h: Harness, settings = {}) =>
  h
    .sync(settings)
    .runNow({ dryRun: false, actor: 'U1', trigger: 'command' })
    .then((s) => s[0]!);

describe.each(DIALECTS)('sync field rules (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  async function seedConflict() {
    await h.db.person.createMany({
      data: [
        { id: 'p-alice', email: 'alice@example.com', displayName: 'Alice' },
        { id: 'p-bob', email: 'bob@example.com', displayName: 'Bob' },
      ],
    });
    await h.db.device.create({
      data: {
        id: 'led-1',
        serial: 'F1',
        assetNumber: 'PC-001',
        platform: 'ios',
        manufacturer: 'Apple Inc.',
        model: 'iPhone 15 (ledger)',
        os: 'iOS (16.0)',
        assignedPersonId: 'p-bob',
      },
    });
    h.mdms[0]!.set([
      mdmDevice('intune', 'm-1', {
        serial: 'F1',
        manufacturer: 'Apple',
        model: 'iPhone15,2',
        osName: 'iOS',
        osVersion: '17.5.1',
        userEmail: 'Alice@Example.com',
        platform: 'ios',
      }),
    ]);
  }

  it('documented defaults: serial, manufacturer, model, asset number ledger-first; OS "OS (version)" and user MDM-first', async () => {
    expect(DEFAULT_PRIORITIES).toEqual({
      serial: 'ledger',
      manufacturer: 'ledger',
      model: 'ledger',
      asset: 'ledger',
      platform: 'ledger',
      os: 'mdm',
      user: 'mdm',
    });
    h = await harness(dialect);
    await seedConflict();
    const summary = await run(h);
    expect(summary.counts).toMatchObject({ matched: 1, updated: 1 });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({
      serial: 'F1',
      assetNumber: 'PC-001',
      manufacturer: 'Apple Inc.',
      model: 'iPhone 15 (ledger)',
      os: 'iOS (17.5.1)',
      assignedPersonId: 'p-alice',
    });
    const assigned = await h.db.deviceHistory.findFirstOrThrow({ where: { deviceId: 'led-1', kind: 'assigned' } });
    expect(assigned.personId).toBe('p-alice');
  });

  it('ledger-first fields are filled from the MDM while the ledger value is empty', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', serial: 'F2' } });
    h.mdms[0]!.set([mdmDevice('intune', 'm-2', { serial: 'F2', manufacturer: 'Apple', model: 'iPad14,1', platform: 'ipados' })]);
    await run(h);
    // assetFrom defaults to the MDM id
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({
      manufacturer: 'Apple',
      model: 'iPad14,1',
      platform: 'ipados',
      assetNumber: 'm-2',
    });
  });

  it('every priority can be turned around: manufacturer/model/asset/serial MDM-first, OS/user ledger-first', async () => {
    h = await harness(dialect);
    await seedConflict();
    await h.db.device.update({ where: { id: 'led-1' }, data: { serial: 'f1 ' } }); // still matches, different text
    await run(h, {
      priorities: { ...DEFAULT_PRIORITIES, serial: 'mdm', manufacturer: 'mdm', model: 'mdm', asset: 'mdm', os: 'ledger', user: 'ledger' },
      assetFrom: 'name',
    });
    h.mdms[0]!.devices[0]!.name = 'ASSET-FROM-MDM';
    await run(h, {
      priorities: { ...DEFAULT_PRIORITIES, serial: 'mdm', manufacturer: 'mdm', model: 'mdm', asset: 'mdm', os: 'ledger', user: 'ledger' },
      assetFrom: 'name',
    });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({
      serial: 'F1',
      manufacturer: 'Apple',
      model: 'iPhone15,2',
      assetNumber: 'ASSET-FROM-MDM',
      os: 'iOS (16.0)',
      assignedPersonId: 'p-bob',
    });
  });

  it('MDM-only fields always take the MDM value: name, id, enrolled, check-in, e-mail (UPN fallback), disk GB ("0" empty), registration state', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', serial: 'M1', deviceName: 'typed by hand', storageGb: 999 } });
    const device = mdmDevice('intune', 'm-1', {
      serial: 'M1',
      name: 'ALICE-IPHONE',
      userEmail: null,
      userUpn: 'alice@corp.onmicrosoft.com',
      enrolledAt: new Date('2026-02-03T04:05:06.789Z'),
      lastCheckInAt: new Date('2026-11-22T23:00:00Z'),
      storageGb: 0,
      registrationState: 'registered',
    });
    h.mdms[0]!.set([device]);
    await run(h);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({
      mdmSource: 'intune',
      mdmDeviceId: 'm-1',
      deviceName: 'ALICE-IPHONE',
      userEmail: 'alice@corp.onmicrosoft.com',
      enrolledAt: new Date('2026-02-03T04:05:06.789Z'),
      lastCheckInAt: new Date('2026-11-22T23:00:00Z'),
      storageGb: null,
      registrationState: 'registered',
    });
    // the MDM changes: the ledger follows, even values edited by hand in between
    await h.db.device.update({ where: { id: 'led-1' }, data: { deviceName: 'edited again' } });
    Object.assign(device, { name: 'RENAMED', userEmail: 'alice@example.com', storageGb: 128, registrationState: 'revoked' });
    const summary = await run(h);
    expect(summary.counts).toMatchObject({ updated: 1 });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({
      deviceName: 'RENAMED',
      userEmail: 'alice@example.com',
      storageGb: 128,
      registrationState: 'revoked',
    });
  });

  it('a changed check-in time alone is written but not reported as a change', async () => {
    h = await harness(dialect);
    const device = mdmDevice('intune', 'm-1', { serial: 'CI1' });
    h.mdms[0]!.set([device]);
    await run(h);
    device.lastCheckInAt = new Date('2026-11-23T05:00:00Z');
    const summary = await run(h);
    expect(summary.counts).toMatchObject({ matched: 1, refreshed: 1, updated: 0, unchanged: 0 });
    expect((await h.db.device.findFirstOrThrow()).lastCheckInAt).toEqual(new Date('2026-11-23T05:00:00Z'));
    expect(summary.changeRows).toBe(0);
  });

  it('SYS prefix: an MDM asset number that another ledger device holds is stored as SYS<number> and reported', async () => {
    h = await harness(dialect, { sources: ['jamf'] });
    await h.db.device.create({ data: { id: 'holder', serial: 'OTHER', assetNumber: '1A' } });
    h.mdms[0]!.set([mdmDevice('jamf', 'j-1', { serial: 'NEW1', name: '1A' })]);
    const summary = await run(h, { assetFrom: 'name' });
    expect(summary.counts).toMatchObject({ created: 1, sysPrefixed: 1 });
    const created = await h.db.device.findFirstOrThrow({ where: { mdmDeviceId: 'j-1' } });
    expect(created.assetNumber).toBe('SYS1A');
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'holder' } })).toMatchObject({ assetNumber: '1A', mdmDeviceId: null });
    const csv = h.reports.posted[0]!.attachment!.content;
    expect(csv).toMatch(/created,.*SYS1A.*sys_prefixed/);
    // the next run changes nothing: the SYS number is the device's own now
    const again = await run(h, { assetFrom: 'name' });
    expect(again.counts).toMatchObject({ matched: 1, unchanged: 1, sysPrefixed: 0 });
  });

  it('SYS prefix when both the number and its SYS form exist: asset number left empty and reported as a conflict', async () => {
    h = await harness(dialect);
    await h.db.device.createMany({
      data: [
        { id: 'h1', assetNumber: '2B' },
        { id: 'h2', assetNumber: 'SYS2B' },
      ],
    });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'NEW2', name: '2B' })]);
    const summary = await run(h, { assetFrom: 'name' });
    expect(summary.counts).toMatchObject({ created: 1, sysPrefixed: 0 });
    expect((await h.db.device.findFirstOrThrow({ where: { mdmDeviceId: 'm-1' } })).assetNumber).toBeNull();
    expect(h.reports.posted[0]!.threadNotes!.map((n) => n.text.key)).toContain('sync.drift.assetConflicts');
  });

  it('two new devices of one page wanting the same asset number: the second gets the SYS form', async () => {
    h = await harness(dialect);
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'T1', name: 'SHARED' }), mdmDevice('intune', 'm-2', { serial: 'T2', name: 'SHARED' })]);
    const summary = await run(h, { assetFrom: 'name' });
    expect(summary.counts).toMatchObject({ created: 2, sysPrefixed: 1 });
    expect((await h.devices()).map((d) => d.assetNumber).sort()).toEqual(['SHARED', 'SYSSHARED']);
  });

  it('new devices: source = the MDM, fields from the MDM, history "created"', async () => {
    h = await harness(dialect);
    await h.db.person.create({ data: { id: 'p-1', email: 'carol@example.com', displayName: 'Carol' } });
    h.mdms[0]!.set([
      mdmDevice('intune', 'm-9', {
        serial: 'N9',
        osName: 'Android',
        osVersion: '14',
        platform: 'android',
        model: 'Pixel 8',
        manufacturer: 'Google',
        userEmail: 'carol@example.com',
      }),
    ]);
    await run(h);
    const row = await h.db.device.findFirstOrThrow();
    expect(row).toMatchObject({
      source: 'intune',
      mdmSource: 'intune',
      mdmDeviceId: 'm-9',
      serial: 'N9',
      os: 'Android (14)',
      platform: 'android',
      model: 'Pixel 8',
      assignedPersonId: 'p-1',
      status: 'in_use',
    });
    const history = await h.db.deviceHistory.findMany({ where: { deviceId: row.id } });
    expect(history.map((x) => [x.kind, x.actor])).toEqual([['created', 'sync:intune']]);
  });
});
