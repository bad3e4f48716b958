// Issue 13, item 12: a device that vanishes from its MDM no longer stays linked forever. After a complete listing,
// the ledger devices it did not return are unlinked (so the ledger can edit or delete them), marked "not in MDM
// since <date>", and listed in the drift report; a device that comes back is linked again and loses the mark.
import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltinLedger } from '../../src/adapters/ledger/builtin';
import type { DriftReport } from '../../src/sync/drift';
import { deleteLedgerDevice, LinkedDeviceError } from '../../src/sync/unlink';
import { DIALECTS } from '../support/databases';
import { harness, NOW, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

const NEXT_NIGHT = new Date(NOW.getTime() + 86_400_000);
const run = (h: Harness, dryRun = false) => h.sync().runNow({ dryRun, actor: 'schedule', trigger: 'schedule' });
const drift = async (h: Harness, runId: string): Promise<DriftReport> =>
  JSON.parse((await h.db.syncRun.findUniqueOrThrow({ where: { id: runId } })).driftJson!).drift;

describe.each(DIALECTS)('devices that vanish from the MDM (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  async function firstNight(): Promise<void> {
    h = await harness(dialect);
    await h.db.device.create({ data: { id: 'led-kept', serial: 'KEEP1' } });
    await h.db.device.create({ data: { id: 'led-gone', serial: 'GONE1', model: 'iPhone 13' } });
    h.mdms[0]!.set([
      mdmDevice('intune', 'm-keep', { serial: 'KEEP1', name: 'Kept iPhone' }),
      mdmDevice('intune', 'm-gone', { serial: 'GONE1', name: 'Gone iPhone', userEmail: 'taro@example.com' }),
    ]);
    await run(h);
    expect(await h.db.device.count({ where: { mdmSource: 'intune' } })).toBe(2);
    await expect(deleteLedgerDevice(h.db, 'led-gone')).rejects.toBeInstanceOf(LinkedDeviceError);
  }

  it('the next night: unlinked, marked "not in MDM since", in the drift report, and deletable', async () => {
    await firstNight();
    h.clock.now = NEXT_NIGHT;
    h.mdms[0]!.set([mdmDevice('intune', 'm-keep', { serial: 'KEEP1', name: 'Kept iPhone' })]);
    const [summary] = await run(h);
    expect(summary!.counts).toMatchObject({ scanned: 1, notInMdm: 1 });

    const gone = await h.db.device.findUniqueOrThrow({ where: { id: 'led-gone' } });
    expect(gone).toMatchObject({
      mdmSource: null,
      mdmDeviceId: null,
      source: 'ledger',
      deviceName: null,
      userEmail: null,
      notInMdmSource: 'intune',
      model: 'iPhone 13',
    });
    expect(gone.notInMdmSince?.toISOString()).toBe(NEXT_NIGHT.toISOString());
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-kept' } })).toMatchObject({ mdmDeviceId: 'm-keep', notInMdmSince: null });
    const history = await h.db.deviceHistory.findMany({ where: { deviceId: 'led-gone', kind: 'unlinked' } });
    expect(history).toHaveLength(1);
    expect(JSON.parse(history[0]!.detailsJson!)).toMatchObject({ mdmDeviceId: 'm-gone', reason: 'not_in_mdm' });

    expect((await drift(h, summary!.runId)).notInMdm).toMatchObject({
      total: 1,
      items: [{ ledgerDeviceId: 'led-gone', serial: 'GONE1', detail: '2026-11-24' }],
    });
    const report = h.reports.posted.at(-1)!;
    expect(report.note.items!.map((i) => i.key)).toContain('sync.report.notInMdm');
    expect(report.threadNotes!.map((n) => n.text.key)).toContain('sync.drift.notInMdm');

    // The ledger shows the mark, and no longer refuses to delete the record.
    const [ledgerView] = await createBuiltinLedger(h.db).findBySerial('GONE1');
    expect(ledgerView!.notInMdm).toEqual({ since: NEXT_NIGHT, source: 'intune' });
    await deleteLedgerDevice(h.db, 'led-gone');
    expect(await h.db.device.count({ where: { id: 'led-gone' } })).toBe(0);
  });

  it('a device that comes back is linked again and loses the mark', async () => {
    await firstNight();
    h.clock.now = NEXT_NIGHT;
    h.mdms[0]!.set([mdmDevice('intune', 'm-keep', { serial: 'KEEP1' })]);
    await run(h);
    h.clock.now = new Date(NEXT_NIGHT.getTime() + 86_400_000);
    h.mdms[0]!.set([mdmDevice('intune', 'm-keep', { serial: 'KEEP1' }), mdmDevice('intune', 'm-back', { serial: 'GONE1' })]);
    const [summary] = await run(h);
    expect(summary!.counts).toMatchObject({ matched: 2, created: 0, notInMdm: 0 });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-gone' } })).toMatchObject({
      mdmSource: 'intune',
      mdmDeviceId: 'm-back',
      notInMdmSince: null,
      notInMdmSource: null,
    });
  });

  it('a record the MDM reports as deleted counts as gone', async () => {
    await firstNight();
    h.clock.now = NEXT_NIGHT;
    h.mdms[0]!.set([mdmDevice('intune', 'm-keep', { serial: 'KEEP1' }), mdmDevice('intune', 'm-gone', { serial: 'GONE1', managementState: 'deleted' })]);
    const [summary] = await run(h);
    expect(summary!.counts).toMatchObject({ notInMdm: 1 });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-gone' } })).toMatchObject({ mdmDeviceId: null, notInMdmSource: 'intune' });
  });

  it('a dry run lists it and writes nothing; an empty listing unlinks nothing and says why', async () => {
    await firstNight();
    h.clock.now = NEXT_NIGHT;
    h.mdms[0]!.set([mdmDevice('intune', 'm-keep', { serial: 'KEEP1' })]);
    const [dry] = await run(h, true);
    expect(dry!.counts).toMatchObject({ notInMdm: 1 });
    expect((await drift(h, dry!.runId)).notInMdm.total).toBe(1);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-gone' } })).toMatchObject({ mdmDeviceId: 'm-gone', notInMdmSince: null });

    h.mdms[0]!.set([]);
    const [empty] = await run(h);
    expect(empty!.counts).toMatchObject({ scanned: 0, notInMdm: 0 });
    expect(await h.db.device.count({ where: { mdmSource: 'intune' } })).toBe(2);
    const notes = h.reports.posted.at(-1)!.threadNotes!;
    expect(notes.find((n) => n.text.key === 'sync.drift.failed')!.text.params).toMatchObject({ error: expect.stringMatching(/listed no device at all/) });
  });
});
