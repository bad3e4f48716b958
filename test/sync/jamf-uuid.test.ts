// Issue 13, item 11: Jamf's "UUID" for the ledger sync is the device's UDID, not the integer mobileDeviceId (a row
// number of the Jamf database: "17", "SYS17"). The real Jamf adapter reads the fake Jamf Pro server's
// /v2/mobile-devices/detail; the ledger is a real database. The device stays bound to its mobileDeviceId (the id
// workflows address it by); matching and the asset number use the UDID, or Jamf's own assetTag.
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/client';
import { createSync, type Sync } from '../../src/sync';
import type { SyncSettings } from '../../src/sync/settings';
import { jamfAdapter } from '../adapters/mdm/jamf/jamf-adapter';
import { FakeJamfServer } from '../adapters/mdm/jamf/fake-jamf-server';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { RecordingReports } from './support/memory-mdm';

const UDID_A = '00008110-001A2B3C4D5E801E';
const UDID_B = '00008110-001A2B3C4D5E802E';

describe.each(DIALECTS)('sync from Jamf Pro: UDID and asset tag (%s)', (dialect: Dialect) => {
  let fake: FakeJamfServer;
  let database: TestDatabase;
  afterEach(async () => {
    await fake?.close();
    await database?.cleanup();
  });

  async function setUp(settings: Partial<SyncSettings> = {}): Promise<Sync> {
    fake = await FakeJamfServer.start();
    database = await createTestDatabase(dialect);
    const { mdm } = jamfAdapter(fake);
    return createSync({
      db: database.prisma,
      services: { mdms: [mdm], abm: null, reports: new RecordingReports() },
      now: () => new Date('2026-11-23T06:00:00Z'),
      settings: { reportDir: null, ...settings },
    });
  }

  it('a device the sync creates takes its UDID as asset number, never the mobileDeviceId', async () => {
    const sync = await setUp();
    const [a] = fake.seed([{ mobileDeviceId: '17', general: { udid: UDID_A }, hardware: { serialNumber: 'JSER0017' } }]);
    expect(a!.mobileDeviceId).toBe('17');
    const [summary] = await sync.runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ created: 1 });
    const row = await database.prisma.device.findFirstOrThrow({ where: { serial: 'JSER0017' } });
    expect(row).toMatchObject({ assetNumber: UDID_A, mdmDeviceId: '17', mdmSource: 'jamf' });
  });

  it('id=asset matches the ledger asset number against the UDID (a ledger "17" is another device)', async () => {
    const sync = await setUp({ match: { mdm: 'id', ledger: 'asset' } });
    await database.prisma.device.createMany({
      data: [
        { id: 'led-udid', assetNumber: UDID_A.toLowerCase(), serial: 'HAND-1' },
        { id: 'led-17', assetNumber: '17', serial: 'HAND-2' },
      ],
    });
    fake.seed([{ mobileDeviceId: '17', general: { udid: UDID_A }, hardware: { serialNumber: 'JSER0017' } }]);
    const [summary] = await sync.runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ matched: 1, created: 0 });
    expect(await database.prisma.device.findUniqueOrThrow({ where: { id: 'led-udid' } })).toMatchObject({ mdmDeviceId: '17' });
    expect(await database.prisma.device.findUniqueOrThrow({ where: { id: 'led-17' } })).toMatchObject({ mdmDeviceId: null });
  });

  it("Jamf's assetTag becomes the asset number; a taken one is stored with the SYS prefix", async () => {
    const sync = await setUp();
    await database.prisma.device.create({ data: { id: 'led-1', assetNumber: 'PC-0100', serial: 'OTHER' } });
    fake.seed([
      { general: { udid: UDID_A, assetTag: 'PC-0200' }, hardware: { serialNumber: 'JSER-A' } },
      { general: { udid: UDID_B, assetTag: 'PC-0100' }, hardware: { serialNumber: 'JSER-B' } },
    ]);
    const [summary] = await sync.runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.counts).toMatchObject({ created: 2, sysPrefixed: 1 });
    expect(await database.prisma.device.findFirstOrThrow({ where: { serial: 'JSER-A' } })).toMatchObject({ assetNumber: 'PC-0200' });
    expect(await database.prisma.device.findFirstOrThrow({ where: { serial: 'JSER-B' } })).toMatchObject({ assetNumber: 'SYSPC-0100' });
  });
});
