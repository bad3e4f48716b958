// Issue 13, item 13: a device whose serial the MDM reports as "0" (the source document: "0" means empty) can never
// be matched by serial. Over two nights against the fake Microsoft Graph server, with a new sync instance each
// night (what a restarted bot has): the first night creates it once, the second finds it by its binding to the
// MDM's UUID — no second copy, and the ledger's own "0"-serial record is never taken for it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/client';
import { createSync } from '../../src/sync';
import { intuneAdapter } from '../adapters/mdm/intune/intune-adapter';
import { FakeIntuneServer } from '../adapters/mdm/intune/fake-intune-server';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { RecordingReports } from './support/memory-mdm';

const NIGHT_1 = new Date('2026-11-23T21:00:00Z'); // 06:00 in Tokyo
const NIGHT_2 = new Date('2026-11-24T21:00:00Z');

describe.each(DIALECTS)('a "0" serial over two nights (%s)', (dialect: Dialect) => {
  let graph: FakeIntuneServer;
  let database: TestDatabase;
  afterEach(async () => {
    await graph?.close();
    await database?.cleanup();
  });

  function night(at: Date) {
    const { mdm } = intuneAdapter(graph);
    return createSync({
      db: database.prisma,
      services: { mdms: [mdm], abm: null, reports: new RecordingReports() },
      now: () => at,
      settings: { reportDir: null },
    })
      .runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' })
      .then((summaries) => summaries[0]!);
  }

  it('is created on the first night and found by its binding on the second', async () => {
    graph = await FakeIntuneServer.start();
    database = await createTestDatabase(dialect);
    await database.prisma.device.create({ data: { id: 'hand-zero', serial: '0', model: 'typed by hand' } });
    graph.seed([
      { id: 'dev-zero', serialNumber: '0', deviceName: 'Kiosk iPad', operatingSystem: 'iPadOS', managementState: 'managed' },
      { id: 'dev-real', serialNumber: 'C02REAL', deviceName: 'Taro iPhone', operatingSystem: 'iOS', managementState: 'managed' },
    ]);

    const first = await night(NIGHT_1);
    expect(first.counts).toMatchObject({ scanned: 2, created: 2, matched: 0 });
    const created = await database.prisma.device.findFirstOrThrow({ where: { mdmDeviceId: 'dev-zero' } });
    expect(created).toMatchObject({ serial: null, mdmSource: 'intune', source: 'intune' });
    expect(created.id).not.toBe('hand-zero');

    const second = await night(NIGHT_2);
    expect(second.counts).toMatchObject({ scanned: 2, created: 0, matched: 2 });
    expect(await database.prisma.device.count({ where: { mdmDeviceId: 'dev-zero' } })).toBe(1);
    expect(await database.prisma.device.count()).toBe(3);
    expect(await database.prisma.device.findUniqueOrThrow({ where: { id: 'hand-zero' } })).toMatchObject({ mdmDeviceId: null, serial: '0' });
    const history = await database.prisma.deviceHistory.findMany({ where: { deviceId: created.id } });
    expect(history.filter((h) => h.kind === 'created')).toHaveLength(1);
  });
});
