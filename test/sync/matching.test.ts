// Matching rules of the sync (DOMAIN.md "Ledger master sync from MDM"), on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases';
import { harness, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

describe.each(DIALECTS)('sync matching (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('serial=serial: matches the ledger serial case- and space-insensitively and binds the device to the MDM id', async () => {
    h = await harness(dialect);
    await h.db.device.createMany({
      data: [
        { id: 'led-upper', serial: 'C02ABC', source: 'ledger' },
        { id: 'led-lower', serial: ' c02xyz', source: 'ledger' }, // stored irregularly by hand
      ],
    });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'c02abc ' }), mdmDevice('intune', 'm-2', { serial: 'C02XYZ' })]);
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ scanned: 2, matched: 2, created: 0, skipped: 0 });
    const rows = await h.devices();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === 'led-upper')).toMatchObject({ mdmSource: 'intune', mdmDeviceId: 'm-1', source: 'ledger' });
    expect(rows.find((r) => r.id === 'led-lower')).toMatchObject({ mdmSource: 'intune', mdmDeviceId: 'm-2' });
  });

  it('ledger keys stored in mixed case or with spaces are still found (and lower-case UUID asset numbers)', async () => {
    h = await harness(dialect);
    await h.db.device.createMany({
      data: [
        { id: 'mixed', assetNumber: ' Pc-Mixed-01 ' },
        { id: 'lower', assetNumber: 'pc-lower-02' },
      ],
    });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'PC-MIXED-01' }), mdmDevice('intune', 'm-2', { serial: 'Pc-Lower-02' })]);
    const [summary] = await h.sync({ match: { mdm: 'serial', ledger: 'asset' } }).runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ matched: 2, created: 0 });
    expect((await h.devices()).map((d) => [d.id, d.mdmDeviceId])).toEqual([
      ['mixed', 'm-1'],
      ['lower', 'm-2'],
    ]);
  });

  it('serial=asset: the MDM serial is matched against the ledger asset number', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', assetNumber: 'SN-0001', serial: 'OTHER' } });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'sn-0001' }), mdmDevice('intune', 'm-2', { serial: 'OTHER' })]);
    const [summary] = await h.sync({ match: { mdm: 'serial', ledger: 'asset' } }).runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ matched: 1, created: 1 });
    const linked = await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } });
    expect(linked.mdmDeviceId).toBe('m-1');
    // the serial is NOT a key under this pair: m-2 was created although a ledger serial is "OTHER"
    const created = await h.db.device.findFirstOrThrow({ where: { mdmDeviceId: 'm-2' } });
    expect(created.id).not.toBe('led-1');
    expect(created.assetNumber).toBe('OTHER'); // the matched MDM key becomes the asset number
    expect(created.source).toBe('intune');
  });

  it('id=asset: the MDM device id (UUID) is matched against the ledger asset number', async () => {
    h = await harness(dialect);
    const uuid = '9a1f2c3d-0000-4000-8000-00000000abcd';
    await h.db.device.create({ data: { id: 'led-1', assetNumber: uuid.toUpperCase() } });
    h.mdms[0]!.set([mdmDevice('intune', uuid, { serial: 'SER1' }), mdmDevice('intune', 'another-uuid', { serial: 'SER2' })]);
    const [summary] = await h.sync({ match: { mdm: 'id', ledger: 'asset' } }).runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ matched: 1, created: 1 });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ mdmDeviceId: uuid, serial: 'SER1' });
    expect(await h.db.device.findFirstOrThrow({ where: { mdmDeviceId: 'another-uuid' } })).toMatchObject({ assetNumber: 'another-uuid' });
  });

  it('id=serial: the MDM device id is matched against the ledger serial', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', serial: 'DEVICE-42' } });
    h.mdms[0]!.set([mdmDevice('intune', 'device-42', { serial: 'REALSERIAL' })]);
    const [summary] = await h.sync({ match: { mdm: 'id', ledger: 'serial' } }).runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ matched: 1, created: 0 });
    // serial: ledger wins, so the ledger's value stays
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ mdmDeviceId: 'device-42', serial: 'DEVICE-42' });
  });

  it('per-source pairs: SYNC_MATCH "jamf:serial=asset" applies to jamf only', async () => {
    h = await harness(dialect, { sources: ['intune', 'jamf'] });
    await h.db.device.createMany({
      data: [
        { id: 'by-serial', serial: 'AAA' },
        { id: 'by-asset', assetNumber: 'BBB' },
      ],
    });
    h.mdms[0]!.set([mdmDevice('intune', 'i-1', { serial: 'AAA' })]);
    h.mdms[1]!.set([mdmDevice('jamf', 'j-1', { serial: 'BBB' })]);
    const summaries = await h.sync({ matchBySource: { jamf: { mdm: 'serial', ledger: 'asset' } } }).runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summaries.map((s) => [s.source, s.counts.matched, s.counts.created])).toEqual([
      ['intune', 1, 0],
      ['jamf', 1, 0],
    ]);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'by-asset' } })).toMatchObject({ mdmSource: 'jamf', mdmDeviceId: 'j-1' });
  });

  it('"0" and empty serials are never matched; the devices are created once and found by their binding afterwards', async () => {
    h = await harness(dialect);
    await h.db.device.createMany({
      data: [
        { id: 'zero', serial: '0' },
        { id: 'empty', serial: '' },
      ],
    });
    h.mdms[0]!.set([
      mdmDevice('intune', 'm-zero', { serial: '0' }),
      mdmDevice('intune', 'm-empty', { serial: '  ' }),
      mdmDevice('intune', 'm-null', { serial: null }),
    ]);
    const first = (await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' }))[0]!;
    expect(first.counts).toMatchObject({ scanned: 3, matched: 0, created: 3 });
    const created = await h.db.device.findMany({ where: { mdmSource: 'intune' } });
    expect(created.map((r) => r.serial)).toEqual([null, null, null]); // "0" is stored as empty
    expect(await h.db.device.count({ where: { id: { in: ['zero', 'empty'] }, mdmDeviceId: null } })).toBe(2);
    const second = (await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' }))[0]!;
    expect(second.counts).toMatchObject({ matched: 3, unchanged: 3, created: 0 });
    expect(await h.db.device.count()).toBe(5);
  });

  it('the UUID binding survives an edit of the matching key: no duplicate, the edited ledger value stays', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', serial: 'KEY1' } });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'KEY1' })]);
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    await h.db.device.update({ where: { id: 'led-1' }, data: { serial: 'TYPO-FIXED' } });
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ matched: 1, created: 0 });
    expect(await h.db.device.count()).toBe(1);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ serial: 'TYPO-FIXED', mdmDeviceId: 'm-1' });
  });

  it('a wiped and re-enrolled device (new MDM id, same serial) relinks to its old record', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', serial: 'RE1', status: 'in_use' } });
    h.mdms[0]!.set([mdmDevice('intune', 'old-id', { serial: 'RE1', enrolledAt: new Date('2025-01-01T00:00:00Z') })]);
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    h.mdms[0]!.set([mdmDevice('intune', 'new-id', { serial: 'RE1', enrolledAt: new Date('2026-11-20T00:00:00Z') })]);
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ matched: 1, updated: 1, created: 0 });
    expect(await h.db.device.count()).toBe(1);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({
      mdmDeviceId: 'new-id',
      enrolledAt: new Date('2026-11-20T00:00:00Z'),
    });
    const linked = await h.db.deviceHistory.findMany({ where: { deviceId: 'led-1', kind: 'linked' }, orderBy: { id: 'asc' } });
    expect(JSON.parse(linked.at(-1)!.detailsJson!)).toMatchObject({ mdmDeviceId: 'new-id', relinkedFrom: 'old-id' });
  });

  it('when the stale and the new record are both in the MDM, the newer enrolment keeps the link on every run (no flapping)', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', serial: 'RE2' } });
    const stale = mdmDevice('intune', 'zzz-stale', { serial: 'RE2', enrolledAt: new Date('2025-01-01T00:00:00Z') });
    const fresh = mdmDevice('intune', 'aaa-fresh', { serial: 'RE2', enrolledAt: new Date('2026-06-01T00:00:00Z') });
    // first run, stale record first: it links, then the fresh one takes the link over (a relink)
    h.mdms[0]!.set([stale, fresh]);
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ mdmDeviceId: 'aaa-fresh' });
    for (const order of [
      [fresh, stale],
      [stale, fresh],
    ]) {
      h.mdms[0]!.set(order);
      const [summary] = await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
      expect(summary!.counts).toMatchObject({ matched: 1, unchanged: 1, skipped: 1, skippedReasons: { duplicate_serial: 1 } });
      expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ mdmDeviceId: 'aaa-fresh' });
      expect(await h.db.device.count()).toBe(1);
    }
  });

  it('one device, one source: a second MDM reporting a device another MDM feeds is skipped and reported', async () => {
    h = await harness(dialect, { sources: ['jamf', 'android'] });
    await h.db.device.create({ data: { id: 'led-1', serial: 'BOTH1' } });
    h.mdms[0]!.set([mdmDevice('jamf', 'j-1', { serial: 'BOTH1' })]);
    h.mdms[1]!.set([mdmDevice('android', 'a-1', { serial: 'BOTH1', platform: 'android' })]);
    const summaries = await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summaries[1]!.counts).toMatchObject({ skipped: 1, skippedReasons: { owned_by_other_source: 1 } });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ mdmSource: 'jamf' });
    expect(await h.db.device.count()).toBe(1);
    const drift = h.reports.posted[0]!.threadNotes!.map((n) => n.text.key);
    expect(drift).toContain('sync.drift.sourceConflicts');
  });

  it('several ledger devices with the matching serial: skipped as ambiguous, nothing linked', async () => {
    h = await harness(dialect);
    await h.db.device.createMany({
      data: [
        { id: 'a', serial: 'DUP' },
        { id: 'b', serial: 'dup' },
      ],
    });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'DUP' })]);
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ skipped: 1, skippedReasons: { ambiguous_match: 1 }, created: 0 });
    expect(await h.db.device.count({ where: { mdmDeviceId: { not: null } } })).toBe(0);
  });

  it('the sync never calls an MDM action (ledger edits are not written back)', async () => {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-1', serial: 'S1', model: 'edited in ledger' } });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'S1', model: 'iPhone15,2' })]);
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(h.mdms[0]!.writes).toEqual([]);
    expect(h.mdms[0]!.devices[0]!.model).toBe('iPhone15,2');
  });
});
